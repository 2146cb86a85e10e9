"""/api/applications/me/: a candidate's own applications with job, status and upcoming interviews."""

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from tests.factories import ApplicationFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def test_candidate_sees_only_their_own_applications(candidate_client, candidate):
    mine = ApplicationFactory(candidate=candidate)
    ApplicationFactory()

    response = candidate_client.get("/api/applications/me/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
    assert rows[0]["job"]["title"] == mine.job.title
    assert rows[0]["status"] == "applied"
    assert rows[0]["upcoming_interviews"] == []


def test_upcoming_interviews_are_scheduled_and_in_the_future_only(candidate_client, candidate, interviewer):
    application = ApplicationFactory(candidate=candidate, status="interviewing")
    upcoming = InterviewFactory(
        application=application,
        interviewer=interviewer,
        location="",
        meeting_url="https://meet.example.com/abc",
    )
    InterviewFactory(application=application, status="cancelled")
    InterviewFactory(application=application, status="completed")
    past_start = timezone.now() - timedelta(days=1)
    InterviewFactory(application=application, scheduled_at=past_start, ends_at=past_start + timedelta(hours=1))

    row = candidate_client.get("/api/applications/me/").json()["results"][0]

    assert [i["id"] for i in row["upcoming_interviews"]] == [upcoming.pk]
    shown = row["upcoming_interviews"][0]
    assert shown["round_type"] == upcoming.round_type.name
    assert shown["duration"] == 60
    assert shown["meeting_url"] == "https://meet.example.com/abc"
    assert shown["interviewer"] == {"full_name": "Ivan Interviewer"}
    assert shown["scheduled_at"] and shown["ends_at"]


def test_my_applications_filter_by_status(candidate_client, candidate):
    ApplicationFactory(candidate=candidate)
    rejected = ApplicationFactory(candidate=candidate, status="rejected")

    rows = candidate_client.get("/api/applications/me/?status=rejected").json()["results"]

    assert [row["id"] for row in rows] == [rejected.pk]


def test_only_candidates_have_my_applications(admin_client, interviewer_client, anon_client):
    assert admin_client.get("/api/applications/me/").status_code == 403
    assert interviewer_client.get("/api/applications/me/").status_code == 403
    assert anon_client.get("/api/applications/me").status_code == 401


def test_upcoming_interviews_show_utc_times_and_the_interviewers_name_only(candidate_client, candidate, interviewer):
    interview = InterviewFactory(application__candidate=candidate, interviewer=interviewer)

    [shown] = candidate_client.get("/api/applications/me/").json()["results"][0]["upcoming_interviews"]

    assert shown["scheduled_at"] == interview.scheduled_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    assert shown["ends_at"].endswith("Z")
    assert shown["interviewer"] == {"full_name": "Ivan Interviewer"}  # no email, no id
