"""Selecting a candidate: admins only, never beyond the job's openings; the job closes when full."""

import pytest

from ims.jobs.models import ApplicationEvent, ApplicationStatus
from tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["put", "post"])
def test_admin_selects_a_candidate_with_put_or_post(admin_client, admin, method):
    application = ApplicationFactory(status="interviewing", job=JobFactory(openings=2))

    response = getattr(admin_client, method)(f"/api/applications/{application.pk}/select/", format="json")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "selected"
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_status, event.to_status, event.actor) == ("interviewing", "selected", admin)
    application.job.refresh_from_db()
    assert application.job.is_open is True


def test_select_url_answers_without_trailing_slash(admin_client):
    application = ApplicationFactory()

    assert admin_client.put(f"/api/applications/{application.pk}/select").status_code == 200


def test_filling_the_last_opening_closes_the_job_and_records_when(admin_client):
    job = JobFactory(openings=2)
    ApplicationFactory(job=job, status=ApplicationStatus.SELECTED)
    application = ApplicationFactory(job=job, status="screening")

    response = admin_client.put(f"/api/applications/{application.pk}/select/")

    assert response.status_code == 200
    job.refresh_from_db()
    assert job.is_open is False
    assert job.closed_at is not None


def test_selecting_for_a_full_job_is_a_409(admin_client):
    job = JobFactory(openings=1, is_open=False)
    ApplicationFactory(job=job, status=ApplicationStatus.SELECTED)
    application = ApplicationFactory(job=job, status="interviewing")

    response = admin_client.put(f"/api/applications/{application.pk}/select/")

    assert response.status_code == 409
    assert response.json()["code"] == "job_full"
    application.refresh_from_db()
    assert application.status == "interviewing"


def test_selecting_through_the_status_field_also_guards_the_openings(admin_client):
    job = JobFactory(openings=1)
    ApplicationFactory(job=job, status=ApplicationStatus.SELECTED)
    application = ApplicationFactory(job=job, status="interviewing")

    response = admin_client.patch(f"/api/applications/{application.pk}/", {"status": "selected"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "job_full"


def test_selecting_for_a_job_closed_by_hand_but_not_full_is_allowed(admin_client):
    job = JobFactory(openings=2, is_open=False)
    application = ApplicationFactory(job=job, status="interviewing")

    assert admin_client.put(f"/api/applications/{application.pk}/select/").status_code == 200


@pytest.mark.parametrize("status", ["selected", "withdrawn"])
def test_selecting_from_a_final_status_is_a_409(admin_client, status):
    application = ApplicationFactory(status=status, job=JobFactory(openings=5))

    response = admin_client.put(f"/api/applications/{application.pk}/select/")

    assert response.status_code == 409
    assert response.json()["allowed"] == []


def test_selecting_a_rejected_application_is_a_409_pointing_to_screening(admin_client):
    application = ApplicationFactory(status="rejected")

    response = admin_client.put(f"/api/applications/{application.pk}/select/")

    assert response.status_code == 409
    assert response.json()["allowed"] == ["screening"]


def test_only_admins_select(interviewer_client, candidate_client, anon_client, candidate):
    application = ApplicationFactory(candidate=candidate)
    url = f"/api/applications/{application.pk}/select/"

    assert interviewer_client.put(url).status_code == 403
    assert candidate_client.put(url).status_code == 403
    assert anon_client.put(url).status_code == 401
    application.refresh_from_db()
    assert application.status == "applied"


def test_selecting_an_unknown_application_is_a_404(admin_client):
    assert admin_client.put("/api/applications/999999/select/").status_code == 404
