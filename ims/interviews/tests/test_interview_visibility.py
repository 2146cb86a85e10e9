"""Admins see every interview; interviewers only their own (blind review); candidates none of them here."""

import pytest

from ims.interviews.tests.helpers import feedback_url, round_url, rounds_url
from tests.factories import ApplicationFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def test_admin_sees_every_interview_of_an_application(admin_client, interviewer, other_interviewer):
    application = ApplicationFactory(status="interviewing")
    InterviewFactory(application=application, interviewer=interviewer)
    InterviewFactory(application=application, interviewer=other_interviewer)
    response = admin_client.get(rounds_url(application.pk))
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_interviewer_sees_only_their_own_interviews_of_an_application(
    interviewer_client, interviewer, other_interviewer
):
    application = ApplicationFactory(status="interviewing")
    mine = InterviewFactory(application=application, interviewer=interviewer)
    InterviewFactory(application=application, interviewer=other_interviewer)
    response = interviewer_client.get(rounds_url(application.pk))
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_interviewer_without_interviews_in_an_application_gets_404(interviewer_client, other_interviewer):
    application = ApplicationFactory(status="interviewing")
    InterviewFactory(application=application, interviewer=other_interviewer)
    assert interviewer_client.get(rounds_url(application.pk)).status_code == 404


def test_interviewer_reads_their_own_interview(interviewer_client, interviewer):
    interview = InterviewFactory(interviewer=interviewer)
    response = interviewer_client.get(round_url(interview.pk))
    assert response.status_code == 200
    assert response.json()["id"] == interview.pk


def test_interviewer_cannot_read_another_interviewers_interview(interviewer_client, other_interviewer):
    interview = InterviewFactory(interviewer=other_interviewer)
    assert interviewer_client.get(round_url(interview.pk)).status_code == 404
    assert interviewer_client.get(feedback_url(interview.pk)).status_code == 404


def test_candidate_gets_403_on_every_interview_endpoint(candidate_client, candidate):
    interview = InterviewFactory(application__candidate=candidate)
    for url in (
        rounds_url(interview.application.pk),
        round_url(interview.pk),
        feedback_url(interview.pk),
        "/api/interviews/upcoming/",
        "/api/interviews/me/",
        "/api/interview-rounds/",
    ):
        assert candidate_client.get(url).status_code == 403, url
    assert candidate_client.delete(round_url(interview.pk)).status_code == 403


def test_anonymous_users_get_401(anon_client):
    interview = InterviewFactory()
    assert anon_client.get(round_url(interview.pk)).status_code == 401
    assert anon_client.get("/api/interviews/upcoming/").status_code == 401


def test_unknown_interview_is_404_for_admin(admin_client):
    assert admin_client.get(round_url(999999)).status_code == 404


def test_the_rounds_route_does_not_swallow_other_application_urls(admin_client):
    # Anchored: /api/applications/<id>/rounds/extra is not ours.
    application = ApplicationFactory()
    assert admin_client.get(f"/api/applications/{application.pk}/rounds/extra/").status_code == 404
