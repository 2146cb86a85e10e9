"""List endpoints cost the same number of queries for 1 row as for 50."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ims.interviews.models import InterviewStatus
from ims.interviews.tests.helpers import rounds_url
from tests.factories import (
    ApplicationFactory,
    FeedbackFactory,
    InterviewerFactory,
    InterviewFactory,
    RoundTypeFactory,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200, response.json()
    return len(ctx.captured_queries)


SLOTS = itertools.count()


def make_interviews(n, **kwargs):
    """``n`` interviews in distinct two-hour slots (the same interviewer or candidate must not overlap)."""
    base = timezone.now() + timedelta(days=2)
    interviews = []
    for _ in range(n):
        start = base + timedelta(hours=2 * next(SLOTS))
        interviews.append(
            InterviewFactory(
                scheduled_at=start, ends_at=start + timedelta(hours=1), round_type=RoundTypeFactory(), **kwargs
            )
        )
    return interviews


def test_upcoming_is_n_plus_one_free(admin_client):
    make_interviews(1)
    one = count_queries(admin_client, "/api/interviews/upcoming/")
    make_interviews(49, interviewer=InterviewerFactory())
    assert count_queries(admin_client, "/api/interviews/upcoming/") == one


def test_my_interviews_is_n_plus_one_free(interviewer_client, interviewer):
    make_interviews(1, interviewer=interviewer)
    one = count_queries(interviewer_client, "/api/interviews/me/")
    make_interviews(49, interviewer=interviewer)
    for interview in make_interviews(3, interviewer=interviewer, status=InterviewStatus.COMPLETED):
        FeedbackFactory(interview=interview)
    assert count_queries(interviewer_client, "/api/interviews/me/") == one


def test_candidate_feedback_is_n_plus_one_free(candidate_client, candidate):
    FeedbackFactory(interview__application__candidate=candidate)
    one = count_queries(candidate_client, "/api/feedback/me/")
    for _ in range(49):
        FeedbackFactory(interview__application__candidate=candidate, interview__application__status="interviewing")
    assert count_queries(candidate_client, "/api/feedback/me/") == one


def test_application_rounds_list_is_n_plus_one_free(admin_client):
    application = ApplicationFactory(status="interviewing")
    make_interviews(1, application=application)
    one = count_queries(admin_client, rounds_url(application.pk))
    make_interviews(49, application=application, interviewer=InterviewerFactory())
    assert count_queries(admin_client, rounds_url(application.pk)) == one


def test_round_types_list_is_n_plus_one_free(admin_client):
    RoundTypeFactory()
    one = count_queries(admin_client, "/api/interview-rounds/")
    RoundTypeFactory.create_batch(49)
    assert count_queries(admin_client, "/api/interview-rounds/") == one
