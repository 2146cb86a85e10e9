"""Nobody is double-booked: not the interviewer, not the candidate."""

from datetime import timedelta

import pytest

from ims.interviews.models import Interview, InterviewStatus
from ims.interviews.tests.helpers import days_ahead, round_url, rounds_url, schedule_body
from tests.factories import ApplicationFactory, InterviewerFactory, InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db


def test_an_interviewer_cannot_be_booked_into_an_overlapping_slot(admin_client, round_type, interviewer):
    start = days_ahead(5)
    existing = InterviewFactory(interviewer=interviewer, scheduled_at=start, ends_at=start + timedelta(minutes=60))
    other = ApplicationFactory()
    response = admin_client.post(
        rounds_url(other.pk), schedule_body(round_type, interviewer, start + timedelta(minutes=30))
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "schedule_conflict"
    assert "scheduled_at" in body["errors"]
    assert f"interview {existing.pk}" in body["detail"]
    assert body["conflicts"][0]["id"] == existing.pk
    assert body["conflicts"][0]["scheduled_at"] == start.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert body["conflicts"][0]["shared"] == "interviewer"
    assert Interview.objects.count() == 1


def test_a_candidate_cannot_be_in_two_interviews_at_once(admin_client, candidate, round_type, other_interviewer):
    start = days_ahead(5)
    first_application = ApplicationFactory(candidate=candidate, status="interviewing")
    InterviewFactory(application=first_application, scheduled_at=start, ends_at=start + timedelta(minutes=60))
    second_application = ApplicationFactory(candidate=candidate, job=JobFactory())
    response = admin_client.post(
        rounds_url(second_application.pk), schedule_body(round_type, other_interviewer, start + timedelta(minutes=59))
    )
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["shared"] == "candidate"


def test_back_to_back_interviews_are_allowed(admin_client, application, round_type, interviewer):
    start = days_ahead(5)
    first = admin_client.post(rounds_url(application.pk), schedule_body(round_type, interviewer, start))
    before = admin_client.post(
        rounds_url(application.pk), schedule_body(round_type, interviewer, start - timedelta(minutes=30), duration=30)
    )
    after = admin_client.post(
        rounds_url(application.pk), schedule_body(round_type, interviewer, start + timedelta(minutes=60))
    )
    assert (first.status_code, before.status_code, after.status_code) == (201, 201, 201)


def test_a_cancelled_interview_frees_its_slot(admin_client, application, round_type, interviewer):
    start = days_ahead(5)
    InterviewFactory(
        interviewer=interviewer, scheduled_at=start, ends_at=start + timedelta(hours=1), status="cancelled"
    )
    response = admin_client.post(rounds_url(application.pk), schedule_body(round_type, interviewer, start))
    assert response.status_code == 201


def test_rescheduling_into_a_conflict_is_refused_and_changes_nothing(admin_client, round_type, interviewer):
    start = days_ahead(5)
    InterviewFactory(interviewer=interviewer, scheduled_at=start, ends_at=start + timedelta(hours=1))
    later = start + timedelta(hours=3)
    moving = InterviewFactory(interviewer=interviewer, scheduled_at=later, ends_at=later + timedelta(hours=1))
    response = admin_client.patch(round_url(moving.pk), {"scheduled_at": (start + timedelta(minutes=15)).isoformat()})
    assert response.status_code == 409
    moving.refresh_from_db()
    assert (moving.scheduled_at, moving.sequence) == (later, 0)


def test_lengthening_into_the_next_interview_is_refused(admin_client, interviewer):
    start = days_ahead(5)
    first = InterviewFactory(interviewer=interviewer, scheduled_at=start, ends_at=start + timedelta(hours=1))
    InterviewFactory(
        interviewer=interviewer, scheduled_at=start + timedelta(hours=1), ends_at=start + timedelta(hours=2)
    )
    response = admin_client.patch(round_url(first.pk), {"duration": 90})
    assert response.status_code == 409


def test_handing_an_interview_to_a_busy_interviewer_is_refused(admin_client, interviewer, other_interviewer):
    start = days_ahead(5)
    InterviewFactory(interviewer=other_interviewer, scheduled_at=start, ends_at=start + timedelta(hours=1))
    mine = InterviewFactory(interviewer=interviewer, scheduled_at=start, ends_at=start + timedelta(hours=1))
    response = admin_client.patch(round_url(mine.pk), {"interviewer": other_interviewer.pk})
    assert response.status_code == 409
    mine.refresh_from_db()
    assert mine.interviewer == interviewer


def test_moving_an_interview_within_its_own_slot_is_not_a_conflict_with_itself(admin_client, interviewer):
    start = days_ahead(5)
    interview = InterviewFactory(interviewer=interviewer, scheduled_at=start, ends_at=start + timedelta(hours=1))
    response = admin_client.patch(
        round_url(interview.pk), {"scheduled_at": (start + timedelta(minutes=30)).isoformat()}
    )
    assert response.status_code == 200, response.json()


def test_different_interviewers_and_candidates_may_share_a_time(admin_client, round_type):
    start = days_ahead(5)
    for _ in range(3):
        response = admin_client.post(
            rounds_url(ApplicationFactory().pk), schedule_body(round_type, InterviewerFactory(), start)
        )
        assert response.status_code == 201
    assert Interview.objects.filter(status=InterviewStatus.SCHEDULED).count() == 3
