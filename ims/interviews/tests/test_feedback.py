from datetime import timedelta

import pytest
from django.utils import timezone

from ims.interviews.models import Feedback, InterviewStatus
from ims.interviews.tests.helpers import feedback_url
from tests.factories import FeedbackFactory, InterviewFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "rating": 4,
    "comments": "Clear thinking, good tests.",
    "recommendation": "yes",
    "criteria_scores": {"Problem solving": 5, "Communication": 3},
    "private_notes": "Salary expectations high.",
}


@pytest.fixture
def held_interview(interviewer, round_type):
    """Ivan's interview that took place an hour ago."""
    start = timezone.now() - timedelta(hours=1, minutes=30)
    return InterviewFactory(
        interviewer=interviewer, round_type=round_type, scheduled_at=start, ends_at=start + timedelta(hours=1)
    )


def test_interviewer_submits_feedback_and_the_interview_is_completed(interviewer_client, held_interview, monkeypatch):
    notified = []
    monkeypatch.setattr(
        "ims.notifications.outbox.notify_feedback_submitted", lambda *, feedback: notified.append(feedback.pk)
    )
    response = interviewer_client.post(feedback_url(held_interview.pk), GOOD)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["rating"] == 4
    assert body["recommendation"] == "yes"
    assert body["criteria_scores"] == {"Problem solving": 5, "Communication": 3}
    assert "private_notes" not in body
    held_interview.refresh_from_db()
    assert held_interview.status == InterviewStatus.COMPLETED
    feedback = Feedback.objects.get()
    assert feedback.private_notes == "Salary expectations high."
    assert notified == [feedback.pk]
    assert interviewer_client.get(f"/api/application-rounds/{held_interview.pk}/").json()["feedback_submitted"] is True


def test_recommendation_defaults_to_no_decision(interviewer_client, held_interview):
    response = interviewer_client.post(feedback_url(held_interview.pk), {"rating": 3, "comments": "Fine."})
    assert response.status_code == 201
    assert response.json()["recommendation"] == "no_decision"


def test_a_second_submission_is_a_conflict(interviewer_client, held_interview):
    assert interviewer_client.post(feedback_url(held_interview.pk), GOOD).status_code == 201
    assert interviewer_client.post(feedback_url(held_interview.pk), GOOD).status_code == 409
    assert Feedback.objects.count() == 1


def test_another_interviewer_cannot_submit_feedback_on_it(other_interviewer_client, held_interview):
    assert other_interviewer_client.post(feedback_url(held_interview.pk), GOOD).status_code == 404
    assert not Feedback.objects.exists()


def test_admins_and_candidates_cannot_submit_feedback(admin_client, candidate_client, held_interview):
    assert admin_client.post(feedback_url(held_interview.pk), GOOD).status_code == 403
    assert candidate_client.post(feedback_url(held_interview.pk), GOOD).status_code == 403


def test_a_cancelled_interview_takes_no_feedback(interviewer_client, held_interview):
    held_interview.status = InterviewStatus.CANCELLED
    held_interview.save()
    assert interviewer_client.post(feedback_url(held_interview.pk), GOOD).status_code == 409
    assert not Feedback.objects.exists()


def test_feedback_waits_until_the_interview_has_started(interviewer_client, interviewer):
    upcoming = InterviewFactory(interviewer=interviewer)
    assert interviewer_client.post(feedback_url(upcoming.pk), GOOD).status_code == 409


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"comments": ""}, "comments"),
        ({"comments": "x" * 10_001}, "comments"),
        ({"recommendation": "maybe"}, "recommendation"),
        ({"criteria_scores": {"Charisma": 4}}, "criteria_scores"),
        ({"criteria_scores": {"Communication": 6}}, "criteria_scores"),
        ({"criteria_scores": {"Communication": 0}}, "criteria_scores"),
        ({"private_notes": "x" * 10_001}, "private_notes"),
    ],
    ids=[
        "rating-0",
        "rating-6",
        "no-comments",
        "overlong-comments",
        "unknown-recommendation",
        "unknown-criterion",
        "score-6",
        "score-0",
        "overlong-notes",
    ],
)
def test_bad_feedback_is_refused_naming_the_field_and_nothing_is_written(
    interviewer_client, held_interview, change, field
):
    response = interviewer_client.post(feedback_url(held_interview.pk), {**GOOD, **change})
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Feedback.objects.exists()
    held_interview.refresh_from_db()
    assert held_interview.status == InterviewStatus.SCHEDULED


def test_missing_comments_are_refused(interviewer_client, held_interview):
    response = interviewer_client.post(feedback_url(held_interview.pk), {"rating": 3})
    assert response.status_code == 400
    assert "comments" in response.json()["errors"]


def test_admin_reads_feedback_with_private_notes(admin_client, held_interview):
    FeedbackFactory(interview=held_interview, private_notes="Between us.")
    response = admin_client.get(feedback_url(held_interview.pk))
    assert response.status_code == 200
    assert response.json()["private_notes"] == "Between us."
    assert response.json()["interviewer"]["email"] == "ivan@example.com"


def test_its_interviewer_reads_the_feedback_without_private_notes(interviewer_client, held_interview):
    FeedbackFactory(interview=held_interview, private_notes="Between us.")
    response = interviewer_client.get(feedback_url(held_interview.pk))
    assert response.status_code == 200
    assert "private_notes" not in response.json()


def test_blind_review_another_interviewer_cannot_read_the_feedback(other_interviewer_client, held_interview):
    FeedbackFactory(interview=held_interview)
    assert other_interviewer_client.get(feedback_url(held_interview.pk)).status_code == 404


def test_feedback_not_yet_submitted_is_404(admin_client, held_interview):
    assert admin_client.get(feedback_url(held_interview.pk)).status_code == 404


def test_candidates_cannot_read_feedback_through_the_interview(candidate_client, held_interview):
    FeedbackFactory(interview=held_interview)
    assert candidate_client.get(feedback_url(held_interview.pk)).status_code == 403
