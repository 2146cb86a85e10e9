from datetime import timedelta

import pytest
from django.utils import timezone

from ims.interviews.models import InterviewStatus
from ims.interviews.tests.helpers import days_ahead
from tests.factories import InterviewFactory, JobFactory

UPCOMING = "/api/interviews/upcoming/"
MINE = "/api/interviews/me/"
pytestmark = pytest.mark.django_db


def at(when, **kwargs):
    return InterviewFactory(scheduled_at=when, ends_at=when + timedelta(hours=1), **kwargs)


def ids(response):
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_upcoming_lists_scheduled_future_interviews_soonest_first(admin_client):
    later = at(days_ahead(9))
    sooner = at(days_ahead(2))
    at(days_ahead(3), status=InterviewStatus.CANCELLED)
    at(timezone.now() - timedelta(minutes=10))  # started already
    assert ids(admin_client.get(UPCOMING)) == [sooner.pk, later.pk]


def test_upcoming_for_an_interviewer_shows_only_their_own(interviewer_client, interviewer, other_interviewer):
    mine = at(days_ahead(2), interviewer=interviewer)
    at(days_ahead(2, hour=15), interviewer=other_interviewer)
    assert ids(interviewer_client.get(UPCOMING)) == [mine.pk]
    assert ids(interviewer_client.get(UPCOMING, {"interviewer": other_interviewer.pk})) == []


def test_upcoming_filters_by_time_window_job_and_interviewer(admin_client, interviewer, other_interviewer):
    job = JobFactory()
    first = at(days_ahead(2), interviewer=interviewer, application__job=job)
    second = at(days_ahead(4), interviewer=other_interviewer)
    third = at(days_ahead(6), interviewer=interviewer)
    window = {"from": days_ahead(3).isoformat(), "to": days_ahead(6).isoformat()}
    assert ids(admin_client.get(UPCOMING, window)) == [second.pk]
    assert ids(admin_client.get(UPCOMING, {"to": days_ahead(4).date().isoformat()})) == [first.pk, second.pk]
    assert ids(admin_client.get(UPCOMING, {"job": job.pk})) == [first.pk]
    assert ids(admin_client.get(UPCOMING, {"interviewer": interviewer.pk})) == [first.pk, third.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"from": "soon"}, "from"), ({"to": "2030-03-10T10:00:00"}, "to"), ({"job": "x"}, "job")],
)
def test_bad_upcoming_filters_are_400_naming_the_parameter(admin_client, params, field):
    response = admin_client.get(UPCOMING, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_interviewer_lists_their_interviews_of_every_status(interviewer_client, interviewer, other_interviewer):
    past = at(timezone.now() - timedelta(days=3), interviewer=interviewer, status=InterviewStatus.COMPLETED)
    cancelled = at(days_ahead(2), interviewer=interviewer, status=InterviewStatus.CANCELLED)
    upcoming = at(days_ahead(3), interviewer=interviewer)
    at(days_ahead(3), interviewer=other_interviewer)
    assert ids(interviewer_client.get(MINE)) == [past.pk, cancelled.pk, upcoming.pk]
    assert ids(interviewer_client.get(MINE, {"status": "completed"})) == [past.pk]
    assert ids(interviewer_client.get(MINE, {"upcoming": "true"})) == [upcoming.pk]


def test_my_interviews_refuses_an_unknown_status(interviewer_client):
    response = interviewer_client.get(MINE, {"status": "postponed"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_my_interviews_is_for_interviewers(admin_client, candidate_client):
    assert admin_client.get(MINE).status_code == 403
    assert candidate_client.get(MINE).status_code == 403
