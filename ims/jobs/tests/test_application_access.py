"""Who sees and changes an application: admins everything, the candidate their own, nobody else."""

import pytest

from ims.jobs.models import Application
from tests.factories import ApplicationFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def test_admin_reads_any_application_with_its_events(admin_client):
    application = ApplicationFactory()

    response = admin_client.get(f"/api/applications/{application.pk}/")

    assert response.status_code == 200
    assert response.json()["id"] == application.pk
    assert "events" in response.json()


def test_candidate_reads_their_own_application(candidate_client, candidate):
    application = ApplicationFactory(candidate=candidate)

    response = candidate_client.get(f"/api/applications/{application.pk}")

    assert response.status_code == 200
    assert response.json()["candidate"]["id"] == candidate.pk


def test_candidate_cannot_see_another_candidates_application(other_candidate_client, candidate):
    application = ApplicationFactory(candidate=candidate)

    response = other_candidate_client.get(f"/api/applications/{application.pk}/")

    assert response.status_code == 404
    assert "cover_letter" not in response.json()


def test_candidate_sees_own_history_without_internal_notes(admin_client, candidate_client, candidate):
    application = ApplicationFactory(candidate=candidate)
    admin_client.patch(
        f"/api/applications/{application.pk}/",
        {"status": "rejected", "reason": "not_qualified", "note": "Weak SQL, internal only"},
        format="json",
    )

    events = candidate_client.get(f"/api/applications/{application.pk}/").json()["events"]

    assert events[-1]["to_status"] == "rejected"
    assert events[-1]["reason"] == "not_qualified"
    assert "note" not in events[-1]
    assert "actor" not in events[-1]


def test_interviewers_get_403_on_application_endpoints(interviewer_client, interviewer):
    application = InterviewFactory(interviewer=interviewer).application

    assert interviewer_client.get(f"/api/applications/{application.pk}/").status_code == 403
    # The resume is the exception (issue 14): see test_resume.py's interviewer tests.
    assert interviewer_client.get("/api/applications/me/").status_code == 403


def test_anonymous_visitors_get_401(anon_client):
    application = ApplicationFactory()

    assert anon_client.get(f"/api/applications/{application.pk}/").status_code == 401
    assert anon_client.patch(f"/api/applications/{application.pk}/", {"status": "screening"}).status_code == 401
    assert anon_client.delete(f"/api/applications/{application.pk}/").status_code == 401


def test_candidate_cannot_change_or_delete_even_their_own_application(candidate_client, candidate):
    application = ApplicationFactory(candidate=candidate)
    url = f"/api/applications/{application.pk}/"

    assert candidate_client.patch(url, {"status": "selected"}, format="json").status_code == 403
    assert candidate_client.put(url, {"status": "selected"}, format="json").status_code == 403
    assert candidate_client.delete(url).status_code == 403
    application.refresh_from_db()
    assert application.status == "applied"


def test_unknown_application_is_a_404(admin_client, candidate_client):
    assert admin_client.get("/api/applications/999999/").status_code == 404
    assert candidate_client.get("/api/applications/999999/").status_code == 404


def test_a_status_change_needs_a_status(admin_client):
    application = ApplicationFactory()

    response = admin_client.patch(f"/api/applications/{application.pk}/", {"note": "hi"}, format="json")

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_admin_deletes_an_application_without_interviews(admin_client):
    application = ApplicationFactory()

    assert admin_client.delete(f"/api/applications/{application.pk}/").status_code == 204
    assert not Application.objects.filter(pk=application.pk).exists()


def test_an_application_with_interviews_cannot_be_deleted(admin_client):
    application = InterviewFactory().application

    response = admin_client.delete(f"/api/applications/{application.pk}/")

    assert response.status_code == 409
    assert Application.objects.filter(pk=application.pk).exists()
