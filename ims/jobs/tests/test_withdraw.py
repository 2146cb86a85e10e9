"""Withdrawing: only the candidate who applied; scheduled interviews are cancelled; withdrawn is final."""

import pytest

from ims.jobs.models import ApplicationEvent
from tests.factories import ApplicationFactory, InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", ["applied", "screening", "interviewing"])
def test_candidate_withdraws_their_own_application(candidate_client, candidate, status):
    application = ApplicationFactory(candidate=candidate, status=status)

    response = candidate_client.post(f"/api/applications/{application.pk}/withdraw/", format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_status, event.to_status, event.actor) == (status, "withdrawn", candidate)


def test_withdrawing_cancels_the_applications_scheduled_interviews(candidate_client, candidate):
    interview = InterviewFactory(application=ApplicationFactory(candidate=candidate, status="interviewing"))
    other = InterviewFactory()

    response = candidate_client.post(f"/api/applications/{interview.application_id}/withdraw/")

    assert response.status_code == 200
    interview.refresh_from_db()
    other.refresh_from_db()
    assert interview.status == "cancelled"
    assert other.status == "scheduled"


def test_a_candidate_cannot_withdraw_another_candidates_application(other_candidate_client, candidate):
    application = ApplicationFactory(candidate=candidate)

    response = other_candidate_client.post(f"/api/applications/{application.pk}/withdraw/")

    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == "applied"


def test_admins_and_interviewers_cannot_withdraw_for_the_candidate(admin_client, interviewer_client, anon_client):
    application = ApplicationFactory()
    url = f"/api/applications/{application.pk}/withdraw/"

    assert admin_client.post(url).status_code == 403
    assert interviewer_client.post(url).status_code == 403
    assert anon_client.post(url).status_code == 401


@pytest.mark.parametrize("status", ["withdrawn", "selected"])
def test_withdrawing_a_final_application_is_a_409(candidate_client, candidate, status):
    application = ApplicationFactory(candidate=candidate, status=status)

    response = candidate_client.post(f"/api/applications/{application.pk}/withdraw/")

    assert response.status_code == 409
    assert response.json()["allowed"] == []


def test_a_rejected_application_cannot_be_withdrawn(candidate_client, candidate):
    application = ApplicationFactory(candidate=candidate, status="rejected")

    response = candidate_client.post(f"/api/applications/{application.pk}/withdraw/")

    assert response.status_code == 409
    assert response.json()["allowed"] == ["screening"]
