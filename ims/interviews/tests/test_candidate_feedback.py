"""A candidate sees how their interviews went, and nothing an interviewer meant for the hiring team."""

from datetime import UTC, datetime

import pytest

from tests.factories import ApplicationFactory, FeedbackFactory, InterviewFactory, RoundTypeFactory

URL = "/api/feedback/me/"
pytestmark = pytest.mark.django_db


def test_candidate_sees_only_round_type_job_date_rating_and_comments(candidate_client, candidate, interviewer):
    start = datetime(2029, 5, 6, 9, 0, tzinfo=UTC)
    application = ApplicationFactory(candidate=candidate, job__title="Data Engineer", status="interviewing")
    interview = InterviewFactory(
        application=application,
        interviewer=interviewer,
        round_type=RoundTypeFactory(name="Coding"),
        scheduled_at=start,
        ends_at=datetime(2029, 5, 6, 10, 0, tzinfo=UTC),
        status="completed",
    )
    FeedbackFactory(
        interview=interview,
        rating=5,
        comments="Excellent.",
        recommendation="strong_yes",
        criteria_scores={"Problem solving": 5},
        private_notes="Hire fast.",
    )
    response = candidate_client.get(URL)
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert set(row) == {"id", "round_type", "job", "date", "rating", "comments"}
    assert row["round_type"] == {"id": interview.round_type.pk, "name": "Coding"}
    assert row["job"] == {"id": application.job.pk, "title": "Data Engineer"}
    assert row["date"] == "2029-05-06T09:00:00Z"
    assert (row["rating"], row["comments"]) == (5, "Excellent.")
    text = response.content.decode()
    for secret in ("Hire fast.", "strong_yes", "Problem solving", "ivan@example.com"):
        assert secret not in text


def test_candidate_does_not_see_feedback_on_other_candidates(candidate_client, other_candidate):
    FeedbackFactory(interview__application__candidate=other_candidate)
    assert candidate_client.get(URL).json()["count"] == 0


def test_staff_get_403_on_the_candidates_feedback_view(admin_client, interviewer_client, anon_client):
    assert admin_client.get(URL).status_code == 403
    assert interviewer_client.get(URL).status_code == 403
    assert anon_client.get(URL).status_code == 401
