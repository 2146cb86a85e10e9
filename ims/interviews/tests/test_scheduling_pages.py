"""The recruiter schedules, moves and cancels interviews from the pages: the services' rules shown on the form,
the overlap refusal inline naming the clashing interview, and the day's availability beside the form."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ims.interviews import services
from ims.interviews.models import Interview
from ims.ui.tests.helpers import page_client
from tests import factories

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def recruiter(admin):
    admin.timezone = "Europe/Berlin"
    admin.save()
    return admin


@pytest.fixture
def people(candidate, interviewer):
    candidate.timezone = "America/New_York"
    candidate.save()
    interviewer.timezone = "Asia/Kolkata"
    interviewer.save()
    return candidate, interviewer


def _day(days=3):
    return (timezone.now().astimezone(BERLIN) + timedelta(days=days)).date()


def _form(round_type, interviewer, day, clock="10:00", **extra):
    return {
        "round_type": round_type.pk,
        "interviewer": interviewer.pk,
        "date": day.isoformat(),
        "time": clock,
        "duration": "",
        "location": "",
        "meeting_url": "https://meet.example.com/abc",
        **extra,
    }


def test_the_recruiter_schedules_a_round_in_their_own_zone(
    recruiter, people, application, round_type, django_capture_on_commit_callbacks
):
    candidate, interviewer = people
    day = _day()
    client = page_client(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/app/applications/{application.pk}/schedule/", _form(round_type, interviewer, day))
    assert response.status_code == 302
    assert response["Location"] == f"/app/applications/{application.pk}/"
    interview = Interview.objects.get()
    assert interview.scheduled_at == datetime.combine(day, datetime.min.time().replace(hour=10), tzinfo=BERLIN)
    assert interview.duration == round_type.default_duration
    assert interview.created_by == recruiter
    assert {m.to[0] for m in mail.outbox} >= {candidate.email, interviewer.email}
    page = client.get(response["Location"]).content.decode()
    assert "Interview scheduled for" in page and "have been emailed" in page


def test_the_form_shows_the_chosen_time_in_the_candidates_and_the_interviewers_zones(
    recruiter, people, application, round_type
):
    _candidate, interviewer = people
    day = _day()
    response = page_client(recruiter).get(
        f"/app/applications/{application.pk}/schedule/", _form(round_type, interviewer, day, "15:00")
    )
    html = response.content.decode()
    moment = datetime.combine(day, datetime.min.time().replace(hour=15), tzinfo=BERLIN)
    assert f"{moment.astimezone(ZoneInfo('America/New_York')):%H:%M}" in html
    assert "(America/New_York)" in html or "EST" in html or "EDT" in html
    assert f"{moment.astimezone(ZoneInfo('Asia/Kolkata')):%H:%M} IST (Asia/Kolkata)" in html


def test_the_availability_strip_is_an_htmx_fragment_listing_both_peoples_interviews_that_day(
    recruiter, people, application, round_type, other_interviewer
):
    candidate, interviewer = people
    day = _day()
    at = datetime.combine(day, datetime.min.time().replace(hour=9), tzinfo=BERLIN)
    factories.InterviewFactory(interviewer=interviewer, scheduled_at=at, ends_at=at + timedelta(hours=1))
    other = factories.ApplicationFactory(candidate=candidate, status="interviewing")
    later = at + timedelta(hours=5)
    factories.InterviewFactory(
        application=other, interviewer=other_interviewer, scheduled_at=later, ends_at=later + timedelta(hours=1)
    )
    factories.InterviewFactory(interviewer=interviewer, scheduled_at=at + timedelta(days=1))  # another day
    response = page_client(recruiter).get(
        f"/app/applications/{application.pk}/schedule/",
        _form(round_type, interviewer, day, "09:30"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="availability",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<h2 class="h5" id="availability-title">')
    assert "<form" not in html
    assert "09:00\u201310:00" in html and "Ivan Interviewer (interviewer)" in html
    assert "14:00\u201315:00" in html and "Cara Candidate (candidate)" in html
    assert html.count("<li") == 2 + 3  # two booked, then the chosen time in three zones
    assert "clashes with the time you chose" in html
    assert "ims-strip-clash" in html


def test_the_strip_costs_the_same_queries_whatever_the_number_of_interviews(recruiter, people, application, round_type):
    _candidate, interviewer = people
    day = _day()
    client = page_client(recruiter)
    url = f"/app/applications/{application.pk}/schedule/"
    params = _form(round_type, interviewer, day)
    with CaptureQueriesContext(connection) as empty:
        client.get(url, params, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="availability")
    start = datetime.combine(day, datetime.min.time().replace(hour=7), tzinfo=BERLIN)
    for n in range(8):
        at = start + timedelta(minutes=45 * n)
        factories.InterviewFactory(interviewer=interviewer, scheduled_at=at, ends_at=at + timedelta(minutes=30))
    with CaptureQueriesContext(connection) as busy:
        html = client.get(url, params, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="availability").content.decode()
    assert html.count("(interviewer)") == 8
    assert len(busy) == len(empty)


def test_an_overlap_is_refused_inline_naming_the_clashing_interview_and_person(
    recruiter, people, application, round_type
):
    _candidate, interviewer = people
    day = _day()
    client = page_client(recruiter)
    url = f"/app/applications/{application.pk}/schedule/"
    assert client.post(url, _form(round_type, interviewer, day, "10:00")).status_code == 302
    response = client.post(url, _form(round_type, interviewer, day, "10:30", location="Room 9"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "This time overlaps with Technical at" in html
    assert "10:00\u201311:00 CET" in html or "10:00\u201311:00 CEST" in html
    assert "the interviewer Ivan Interviewer" in html
    assert 'id="id_time_error"' in html
    assert 'value="Room 9"' in html  # nothing typed is lost
    assert "clashes with the time you chose" in html
    assert Interview.objects.count() == 1


def test_a_candidate_clash_names_the_candidate(recruiter, people, application, round_type, other_interviewer):
    _candidate, interviewer = people
    day = _day()
    client = page_client(recruiter)
    url = f"/app/applications/{application.pk}/schedule/"
    client.post(url, _form(round_type, interviewer, day, "10:00"))
    response = client.post(url, _form(round_type, other_interviewer, day, "10:15"))
    assert response.status_code == 409
    assert "the candidate Cara Candidate" in response.content.decode()


def test_the_services_refusals_show_next_to_their_field(recruiter, people, application, round_type):
    _candidate, interviewer = people
    url = f"/app/applications/{application.pk}/schedule/"
    yesterday = _day(-1)
    response = page_client(recruiter).post(url, _form(round_type, interviewer, yesterday))
    assert response.status_code == 400
    assert "An interview can only be scheduled in the future." in response.content.decode()
    round_type.is_active = False
    round_type.save()
    response = page_client(recruiter).post(url, _form(round_type, interviewer, _day()))
    assert response.status_code == 400
    assert 'id="id_round_type_error"' in response.content.decode()


def test_a_time_the_clocks_skip_is_refused(recruiter, people, application, round_type):
    _candidate, interviewer = people
    year = timezone.now().year + 1
    skipped = datetime(year, 3, 31).date()
    while skipped.weekday() != 6:  # the last Sunday of March: 02:00 -> 03:00 in Berlin
        skipped -= timedelta(days=1)
    response = page_client(recruiter).post(
        f"/app/applications/{application.pk}/schedule/", _form(round_type, interviewer, skipped, "02:30")
    )
    assert response.status_code == 400
    assert "does not exist in Europe/Berlin" in response.content.decode()
    assert not Interview.objects.exists()


def test_the_recruiter_reschedules_and_a_stale_form_does_not_overwrite(recruiter, people, application, round_type):
    _candidate, interviewer = people
    day = _day()
    at = datetime.combine(day, datetime.min.time().replace(hour=10), tzinfo=BERLIN)
    interview = services.interview_schedule(
        application=application, round_type=round_type, interviewer=interviewer, scheduled_at=at, actor=recruiter
    )
    client = page_client(recruiter)
    url = f"/app/interviews/{interview.pk}/reschedule/"
    form = client.get(url).content.decode()
    assert 'value="10:00"' in form and f'value="{day.isoformat()}"' in form
    moved = {
        "interviewer": interviewer.pk,
        "date": day.isoformat(),
        "time": "13:00",
        "duration": "45",
        "location": "",
        "meeting_url": "",
        "sequence": str(interview.sequence),
    }
    assert client.post(url, moved).status_code == 302
    interview.refresh_from_db()
    assert interview.scheduled_at == at + timedelta(hours=3) and interview.duration == 45
    # A second recruiter's form, filled before that move:
    response = client.post(url, {**moved, "time": "16:00"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this interview" in html
    assert 'value="13:00"' in html
    interview.refresh_from_db()
    assert interview.scheduled_at == at + timedelta(hours=3)


def test_rescheduling_onto_a_busy_slot_is_refused_inline(recruiter, people, application, round_type):
    _candidate, interviewer = people
    day = _day()
    at = datetime.combine(day, datetime.min.time().replace(hour=10), tzinfo=BERLIN)
    first = services.interview_schedule(
        application=application, round_type=round_type, interviewer=interviewer, scheduled_at=at, actor=recruiter
    )
    second = services.interview_schedule(
        application=application,
        round_type=round_type,
        interviewer=interviewer,
        scheduled_at=at + timedelta(hours=3),
        actor=recruiter,
    )
    response = page_client(recruiter).post(
        f"/app/interviews/{second.pk}/reschedule/",
        {
            "interviewer": interviewer.pk,
            "date": day.isoformat(),
            "time": "10:30",
            "duration": "",
            "location": "",
            "meeting_url": "",
            "sequence": str(second.sequence),
        },
    )
    assert response.status_code == 409
    assert "This time overlaps with Technical at" in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.scheduled_at == at + timedelta(hours=3)


def test_the_recruiter_cancels_after_confirming_and_twice_changes_nothing(
    recruiter, people, application, round_type, django_capture_on_commit_callbacks
):
    _candidate, interviewer = people
    at = datetime.combine(_day(), datetime.min.time().replace(hour=10), tzinfo=BERLIN)
    interview = services.interview_schedule(
        application=application, round_type=round_type, interviewer=interviewer, scheduled_at=at, actor=recruiter
    )
    client = page_client(recruiter)
    url = f"/app/interviews/{interview.pk}/cancel/"
    confirm = client.get(url).content.decode()
    assert "will be emailed" in confirm
    interview.refresh_from_db()
    assert interview.status == "scheduled"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == f"/app/applications/{application.pk}/"
    interview.refresh_from_db()
    assert interview.status == "cancelled"
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "This interview was already cancelled." in response.content.decode()
    assert len(mail.outbox) == 2


def test_a_finished_interview_cannot_be_cancelled_and_the_page_says_why(recruiter, application, interviewer):
    interview = factories.InterviewFactory(application=application, interviewer=interviewer, status="completed")
    response = page_client(recruiter).post(f"/app/interviews/{interview.pk}/cancel/")
    assert response.status_code == 409
    assert "only a scheduled interview can be cancelled" in response.content.decode()
