"""What /api/applications/me/ (jobs app) shows of a candidate's upcoming interviews, built here."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ims.core.tests.factories import InterviewFactory, RoundTypeFactory
from ims.interviews.api.serializers import CandidateUpcomingInterviewSerializer
from ims.interviews.models import InterviewStatus
from ims.interviews.selectors import interviews_upcoming_for_candidate, upcoming_interviews_prefetch
from ims.jobs.models import Application

pytestmark = pytest.mark.django_db


def test_candidate_sees_time_round_type_duration_place_and_interviewer_name(candidate, interviewer):
    interview = InterviewFactory(
        application__candidate=candidate,
        interviewer=interviewer,
        round_type=RoundTypeFactory(name="HR"),
        meeting_url="https://meet.example.com/hr",
    )
    InterviewFactory(application=interview.application, status=InterviewStatus.CANCELLED)
    start = timezone.now() - timedelta(days=1)
    InterviewFactory(application=interview.application, scheduled_at=start, ends_at=start + timedelta(hours=1))
    [row] = CandidateUpcomingInterviewSerializer(interviews_upcoming_for_candidate(candidate=candidate), many=True).data
    assert row["round_type"] == "HR"
    assert row["interviewer"] == "Ivan Interviewer"
    assert row["meeting_url"] == "https://meet.example.com/hr"
    assert row["duration"] == 60
    assert row["scheduled_at"].endswith("Z")
    assert "email" not in row


def test_the_prefetch_loads_upcoming_interviews_of_many_applications_in_one_query(candidate):
    for _ in range(5):
        InterviewFactory(application__candidate=candidate, candidate=candidate)
    with CaptureQueriesContext(connection) as ctx:
        applications = list(
            Application.objects.filter(candidate=candidate).prefetch_related(upcoming_interviews_prefetch())
        )
        rows = [CandidateUpcomingInterviewSerializer(a.upcoming_interviews, many=True).data for a in applications]
    assert len(ctx.captured_queries) == 2
    assert sum(len(r) for r in rows) == 5
