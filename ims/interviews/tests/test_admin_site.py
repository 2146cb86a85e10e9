"""The Django admin schedules through the same services, so it obeys the same rules."""

from datetime import timedelta

import pytest

from ims.interviews.models import Interview, InterviewStatus
from ims.interviews.tests.helpers import days_ahead
from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/interviews/interview/add/"


@pytest.fixture
def site(client, admin):
    client.force_login(admin)
    return client


def form(application, round_type, interviewer, when, **extra):
    return {
        "application": application.pk,
        "round_type": round_type.pk,
        "interviewer": interviewer.pk,
        "scheduled_at_0": when.strftime("%Y-%m-%d"),
        "scheduled_at_1": when.strftime("%H:%M:%S"),
        "duration": "",
        "location": "Room 2",
        "meeting_url": "",
        **extra,
    }


def test_admin_site_schedules_through_the_service(site, application, round_type, interviewer):
    response = site.post(ADD_URL, form(application, round_type, interviewer, days_ahead(4)))
    assert response.status_code == 302, response.content.decode()[:2000]
    interview = Interview.objects.get()
    assert interview.duration == 60
    assert interview.ends_at == interview.scheduled_at + timedelta(minutes=60)
    assert interview.candidate == application.candidate
    application.refresh_from_db()
    assert application.status == "interviewing"


def test_admin_site_shows_an_overlap_as_a_form_error(site, round_type, interviewer):
    start = days_ahead(4)
    InterviewFactory(interviewer=interviewer, scheduled_at=start, ends_at=start + timedelta(hours=1))
    response = site.post(ADD_URL, form(ApplicationFactory(), round_type, interviewer, start))
    assert response.status_code == 200
    assert "overlaps" in response.content.decode()
    assert Interview.objects.count() == 1


def test_admin_site_refuses_a_candidate_as_interviewer(site, application, round_type):
    response = site.post(ADD_URL, form(application, round_type, CandidateFactory(), days_ahead(4)))
    assert response.status_code == 200
    assert not Interview.objects.exists()


def test_admin_site_reschedules_and_bumps_the_sequence(site, interviewer):
    interview = InterviewFactory(interviewer=interviewer)
    new_time = days_ahead(8, hour=9)
    response = site.post(
        f"/admin/interviews/interview/{interview.pk}/change/",
        {
            "round_type": interview.round_type.pk,
            "interviewer": interviewer.pk,
            "scheduled_at_0": new_time.strftime("%Y-%m-%d"),
            "scheduled_at_1": new_time.strftime("%H:%M:%S"),
            "duration": 30,
            "location": interview.location,
            "meeting_url": "",
            "status": InterviewStatus.SCHEDULED,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    interview.refresh_from_db()
    assert (interview.scheduled_at, interview.duration, interview.sequence) == (new_time, 30, 1)


def test_admin_site_round_type_names_stay_unique(site, round_type):
    response = site.post(
        "/admin/interviews/roundtype/add/",
        {"name": "TECHNICAL", "description": "", "default_duration": 60, "criteria": "A\nB", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_admin_site_creates_a_round_type_with_criteria_per_line(site):
    response = site.post(
        "/admin/interviews/roundtype/add/",
        {"name": "HR", "description": "", "default_duration": 30, "criteria": "Motivation\nCulture", "is_active": "on"},
    )
    assert response.status_code == 302
    from ims.interviews.models import RoundType

    assert RoundType.objects.get(name="HR").criteria == ["Motivation", "Culture"]


def test_feedback_is_read_only_in_the_admin_site(site):
    assert site.get("/admin/interviews/feedback/add/").status_code == 403
