from datetime import timedelta

import pytest
from django.utils import timezone

from ims.interviews.models import Interview, InterviewStatus
from ims.interviews.tests.helpers import days_ahead, rounds_url, schedule_body
from ims.jobs.models import ApplicationEvent, ApplicationStatus
from tests.factories import ApplicationFactory, CandidateFactory, InterviewerFactory, RoundTypeFactory

pytestmark = pytest.mark.django_db


def test_admin_schedules_an_interview_and_gets_its_full_representation(
    admin_client, application, round_type, interviewer
):
    when = days_ahead(3)
    response = admin_client.post(
        rounds_url(application.pk),
        schedule_body(round_type, interviewer, when, location="Room 4", meeting_url="https://meet.example.com/abc"),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["application"] == application.pk
    assert body["candidate"] == {"id": application.candidate.pk, "full_name": "Cara Candidate"}
    assert body["job"] == {"id": application.job.pk, "title": "Backend Engineer"}
    assert body["round_type"] == {"id": round_type.pk, "name": "Technical"}
    assert body["interviewer"] == {"id": interviewer.pk, "full_name": "Ivan Interviewer", "email": "ivan@example.com"}
    assert body["scheduled_at"] == when.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert body["ends_at"] == (when + timedelta(minutes=60)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert body["duration"] == 60
    assert body["location"] == "Room 4"
    assert body["meeting_url"] == "https://meet.example.com/abc"
    assert body["status"] == "scheduled"
    assert body["feedback_submitted"] is False
    interview = Interview.objects.get()
    assert interview.candidate == application.candidate
    assert interview.created_by.email == "admin@example.com"


def test_duration_defaults_to_the_round_types_and_can_be_overridden(admin_client, application, interviewer):
    long_round = RoundTypeFactory(default_duration=90)
    first = admin_client.post(rounds_url(application.pk), schedule_body(long_round, interviewer, days_ahead(3)))
    second = admin_client.post(
        rounds_url(application.pk), schedule_body(long_round, interviewer, days_ahead(4), duration=30)
    )
    assert (first.json()["duration"], second.json()["duration"]) == (90, 30)


def test_first_interview_moves_the_application_to_interviewing_with_an_event(
    admin_client, admin, application, round_type, interviewer
):
    admin_client.post(rounds_url(application.pk), schedule_body(round_type, interviewer, days_ahead(3)))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEWING
    event = ApplicationEvent.objects.get(application=application, to_status=ApplicationStatus.INTERVIEWING)
    assert event.from_status == ApplicationStatus.SCREENING
    assert event.actor == admin


def test_later_interviews_write_no_further_application_event(admin_client, application, round_type, interviewer):
    admin_client.post(rounds_url(application.pk), schedule_body(round_type, interviewer, days_ahead(3)))
    admin_client.post(rounds_url(application.pk), schedule_body(round_type, interviewer, days_ahead(4)))
    assert ApplicationEvent.objects.filter(application=application, to_status="interviewing").count() == 1


def test_naive_time_is_refused_saying_an_offset_is_required(admin_client, application, round_type, interviewer):
    response = admin_client.post(
        rounds_url(application.pk), schedule_body(round_type, interviewer, "2030-03-10T10:00:00")
    )
    assert response.status_code == 400
    assert "offset" in response.json()["errors"]["scheduled_at"][0]
    assert not Interview.objects.exists()


def test_past_time_is_refused(admin_client, application, round_type, interviewer):
    response = admin_client.post(
        rounds_url(application.pk), schedule_body(round_type, interviewer, timezone.now() - timedelta(minutes=1))
    )
    assert response.status_code == 400
    assert "scheduled_at" in response.json()["errors"]
    assert not Interview.objects.exists()


def test_garbage_time_is_refused(admin_client, application, round_type, interviewer):
    response = admin_client.post(rounds_url(application.pk), schedule_body(round_type, interviewer, "next tuesday"))
    assert response.status_code == 400
    assert "scheduled_at" in response.json()["errors"]


def test_a_candidate_cannot_be_the_interviewer(admin_client, application, round_type):
    response = admin_client.post(
        rounds_url(application.pk), schedule_body(round_type, CandidateFactory(), days_ahead(3))
    )
    assert response.status_code == 400
    assert "interviewer" in response.json()["errors"]
    assert not Interview.objects.exists()


def test_an_inactive_interviewer_cannot_be_booked(admin_client, application, round_type):
    response = admin_client.post(
        rounds_url(application.pk), schedule_body(round_type, InterviewerFactory(is_active=False), days_ahead(3))
    )
    assert response.status_code == 400
    assert "interviewer" in response.json()["errors"]


def test_an_unknown_interviewer_is_refused(admin_client, application, round_type):
    body = schedule_body(round_type, InterviewerFactory(), days_ahead(3))
    body["interviewer"] = 999999
    response = admin_client.post(rounds_url(application.pk), body)
    assert response.status_code == 400
    assert "interviewer" in response.json()["errors"]


def test_an_inactive_round_type_cannot_be_booked(admin_client, application, interviewer):
    response = admin_client.post(
        rounds_url(application.pk), schedule_body(RoundTypeFactory(is_active=False), interviewer, days_ahead(3))
    )
    assert response.status_code == 400
    assert "round_type" in response.json()["errors"]


@pytest.mark.parametrize("duration", [4, 481])
def test_duration_must_be_between_5_and_480_minutes(admin_client, application, round_type, interviewer, duration):
    response = admin_client.post(
        rounds_url(application.pk), schedule_body(round_type, interviewer, days_ahead(3), duration=duration)
    )
    assert response.status_code == 400
    assert "duration" in response.json()["errors"]


def test_an_invalid_meeting_link_is_refused(admin_client, application, round_type, interviewer):
    response = admin_client.post(
        rounds_url(application.pk), schedule_body(round_type, interviewer, days_ahead(3), meeting_url="not a url")
    )
    assert response.status_code == 400
    assert "meeting_url" in response.json()["errors"]


@pytest.mark.parametrize(
    "status", [ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED, ApplicationStatus.SELECTED]
)
def test_an_application_that_left_the_pipeline_cannot_be_scheduled(
    admin_client, round_type, interviewer, candidate, status
):
    application = ApplicationFactory(candidate=candidate, status=status)
    response = admin_client.post(rounds_url(application.pk), schedule_body(round_type, interviewer, days_ahead(3)))
    assert response.status_code == 409
    assert "application" in response.json()["errors"]
    assert not Interview.objects.exists()


def test_scheduling_for_an_unknown_application_is_404(admin_client, round_type, interviewer):
    response = admin_client.post(rounds_url(999999), schedule_body(round_type, interviewer, days_ahead(3)))
    assert response.status_code == 404


def test_interviewers_and_candidates_cannot_schedule(
    interviewer_client, candidate_client, application, round_type, interviewer
):
    body = schedule_body(round_type, interviewer, days_ahead(3))
    assert interviewer_client.post(rounds_url(application.pk), body).status_code == 403
    assert candidate_client.post(rounds_url(application.pk), body).status_code == 403
    assert not Interview.objects.exists()


def test_the_url_works_without_a_trailing_slash(admin_client, application, round_type, interviewer):
    response = admin_client.post(
        f"/api/applications/{application.pk}/rounds", schedule_body(round_type, interviewer, days_ahead(3))
    )
    assert response.status_code == 201
    assert Interview.objects.get().status == InterviewStatus.SCHEDULED
