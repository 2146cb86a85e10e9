from datetime import timedelta

import pytest
from django.utils import timezone

from ims.interviews.models import InterviewStatus
from ims.interviews.tests.helpers import days_ahead, round_url
from tests.factories import CandidateFactory, FeedbackFactory, InterviewerFactory, InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    """Record the notification hooks the services call."""
    seen: list[tuple[str, int]] = []
    for hook in ("notify_interview_rescheduled", "notify_interview_cancelled", "notify_interview_scheduled"):
        monkeypatch.setattr(
            f"ims.notifications.outbox.{hook}",
            lambda *, interview, _hook=hook: seen.append((_hook, interview.pk)),
        )
    return seen


def past_interview(**kwargs):
    start = timezone.now() - timedelta(hours=2)
    return InterviewFactory(scheduled_at=start, ends_at=start + timedelta(hours=1), **kwargs)


def test_rescheduling_moves_the_interview_bumps_the_sequence_and_notifies(admin_client, calls):
    interview = InterviewFactory(scheduled_at=days_ahead(5), ends_at=days_ahead(5) + timedelta(hours=1))
    new_time = days_ahead(6, hour=14)
    response = admin_client.patch(round_url(interview.pk), {"scheduled_at": new_time.isoformat(), "duration": 45})
    assert response.status_code == 200, response.json()
    assert response.json()["ends_at"] == (new_time + timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M:%SZ")
    interview.refresh_from_db()
    assert (interview.scheduled_at, interview.duration, interview.sequence) == (new_time, 45, 1)
    assert calls == [("notify_interview_rescheduled", interview.pk)]


def test_put_changes_the_place_and_link(admin_client, calls):
    interview = InterviewFactory()
    response = admin_client.put(
        round_url(interview.pk), {"location": "Room 9", "meeting_url": "https://meet.example.com/x"}
    )
    assert response.status_code == 200
    assert (response.json()["location"], response.json()["meeting_url"]) == ("Room 9", "https://meet.example.com/x")


def test_rescheduling_into_the_past_or_without_offset_is_refused(admin_client):
    interview = InterviewFactory()
    past = admin_client.patch(
        round_url(interview.pk), {"scheduled_at": (timezone.now() - timedelta(hours=1)).isoformat()}
    )
    naive = admin_client.patch(round_url(interview.pk), {"scheduled_at": "2030-01-01T10:00:00"})
    assert past.status_code == 400 and "scheduled_at" in past.json()["errors"]
    assert naive.status_code == 400 and "offset" in naive.json()["errors"]["scheduled_at"][0]


def test_the_interviewer_can_only_be_replaced_by_an_interviewer(admin_client):
    interview = InterviewFactory()
    response = admin_client.patch(round_url(interview.pk), {"interviewer": CandidateFactory().pk})
    assert response.status_code == 400
    assert "interviewer" in response.json()["errors"]


def test_reassigning_the_interviewer_notifies_and_bumps_the_sequence(admin_client, calls):
    interview = InterviewFactory()
    new_interviewer = InterviewerFactory()
    response = admin_client.patch(round_url(interview.pk), {"interviewer": new_interviewer.pk})
    assert response.status_code == 200
    assert response.json()["interviewer"]["id"] == new_interviewer.pk
    interview.refresh_from_db()
    assert interview.sequence == 1
    assert calls == [("notify_interview_rescheduled", interview.pk)]


def test_delete_cancels_and_keeps_the_interview(admin_client, calls):
    interview = InterviewFactory()
    assert admin_client.delete(round_url(interview.pk)).status_code == 204
    interview.refresh_from_db()
    assert (interview.status, interview.sequence) == (InterviewStatus.CANCELLED, 1)
    assert calls == [("notify_interview_cancelled", interview.pk)]
    assert admin_client.get(round_url(interview.pk)).json()["status"] == "cancelled"
    assert admin_client.get("/api/interviews/upcoming/").json()["count"] == 0


def test_cancelling_twice_changes_nothing(admin_client):
    interview = InterviewFactory(status=InterviewStatus.CANCELLED, sequence=1)
    assert admin_client.delete(round_url(interview.pk)).status_code == 204
    interview.refresh_from_db()
    assert interview.sequence == 1


def test_a_completed_interview_cannot_be_cancelled(admin_client):
    interview = past_interview(status=InterviewStatus.COMPLETED)
    assert admin_client.delete(round_url(interview.pk)).status_code == 409


def test_setting_status_cancelled_is_the_same_as_delete(admin_client, calls):
    interview = InterviewFactory()
    response = admin_client.patch(round_url(interview.pk), {"status": "cancelled"})
    assert response.status_code == 200
    interview.refresh_from_db()
    assert (interview.status, interview.sequence) == ("cancelled", 1)
    assert calls == [("notify_interview_cancelled", interview.pk)]


def test_admin_marks_a_started_interview_as_no_show(admin_client):
    interview = past_interview()
    response = admin_client.patch(round_url(interview.pk), {"status": "no_show"})
    assert response.status_code == 200
    assert response.json()["status"] == "no_show"


def test_an_interview_that_has_not_started_cannot_be_a_no_show_or_completed(admin_client):
    interview = InterviewFactory()
    assert admin_client.patch(round_url(interview.pk), {"status": "no_show"}).status_code == 409
    assert admin_client.patch(round_url(interview.pk), {"status": "completed"}).status_code == 409
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SCHEDULED


def test_a_cancelled_interview_cannot_come_back_or_be_moved(admin_client):
    interview = InterviewFactory(status=InterviewStatus.CANCELLED)
    assert admin_client.patch(round_url(interview.pk), {"status": "scheduled"}).status_code == 409
    assert admin_client.patch(round_url(interview.pk), {"scheduled_at": days_ahead(9).isoformat()}).status_code == 409


def test_an_interview_with_feedback_cannot_be_a_no_show(admin_client):
    feedback = FeedbackFactory(interview=past_interview(status=InterviewStatus.COMPLETED))
    response = admin_client.patch(round_url(feedback.interview.pk), {"status": "no_show"})
    assert response.status_code == 409


def test_an_unknown_status_is_refused(admin_client):
    response = admin_client.patch(round_url(InterviewFactory().pk), {"status": "postponed"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_interviewers_cannot_change_or_cancel_interviews(interviewer_client, interviewer):
    interview = InterviewFactory(interviewer=interviewer)
    assert interviewer_client.patch(round_url(interview.pk), {"location": "Home"}).status_code == 403
    assert interviewer_client.delete(round_url(interview.pk)).status_code == 403
