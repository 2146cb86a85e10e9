"""Every page renders for the person it is for, inside the shell, with one h1 and a CSP header."""

import re

import pytest

from ims.ui.tests.helpers import page_client, verified
from tests import factories

pytestmark = pytest.mark.django_db


def _h1_count(response) -> int:
    return len(re.findall(rb"<h1[\s>]", response.content))


@pytest.fixture
def world(candidate):
    job = factories.JobFactory(title="Backend Engineer", description="Line one\nLine two")
    application = factories.ApplicationFactory(job=job, candidate=candidate)
    interview = factories.InterviewFactory(application=application)
    factories.FeedbackFactory(
        interview=factories.InterviewFactory(
            application=application, scheduled_at=interview.scheduled_at.replace(year=interview.scheduled_at.year + 1)
        )
    )
    return {"job": job, "application": application, "interview": interview}


def test_anonymous_pages_render_with_one_h1_and_a_csp_header(world):
    client = page_client()
    for path in [
        "/",
        f"/jobs/{world['job'].pk}/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _h1_count(response) == 1, path
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert response["X-Frame-Options"] == "DENY"


def test_the_candidates_pages_render_for_them(world, candidate):
    client = page_client(verified(candidate))
    application = world["application"]
    for path in [
        "/app/applications/",
        f"/app/applications/{application.pk}/",
        f"/app/applications/{application.pk}/withdraw/",
        f"/jobs/{factories.JobFactory().pk}/apply/",
        "/app/profile/",
        "/accounts/password/change/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _h1_count(response) == 1, path
        assert "Content-Security-Policy" in response


def test_a_candidate_lands_on_their_applications(candidate):
    response = page_client(candidate).get("/app/")
    assert response.status_code == 302
    assert response["Location"] == "/app/applications/"


def test_staff_get_a_home_listing_where_their_work_is(admin, interviewer):
    # Since issue 14 an interviewer's home is their schedule (ims/interviews/tests/test_interviewer_pages.py).
    response = page_client(interviewer).get("/app/")
    assert response.status_code == 200
    assert b"My schedule" in response.content
    # The admin's home is the recruiter's dashboard since issue 14 (ims/jobs/tests/test_board_pages.py).
    response = page_client(admin).get("/app/")
    assert response.status_code == 200
    assert b"Waiting for action" in response.content
    for user in (admin, interviewer):
        assert page_client(user).get("/accounts/2fa/").status_code == 200


def test_two_factor_is_for_staff_only(candidate):
    response = page_client(candidate).get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"] == "/app/profile/"


def test_the_job_page_keeps_line_breaks_and_says_when_a_job_is_closed(world):
    job = world["job"]
    response = page_client().get(f"/jobs/{job.pk}/")
    assert b"Line one\nLine two" in response.content
    closed = factories.JobFactory(is_open=False)
    assert b"no longer accepts applications" in page_client().get(f"/jobs/{closed.pk}/").content


def test_the_application_page_shows_interviews_feedback_and_a_calendar_file(world, candidate):
    application, interview = world["application"], world["interview"]
    client = page_client(candidate)
    response = client.get(f"/app/applications/{application.pk}/")
    assert b"Add to calendar" in response.content
    assert b"Rating: 4 out of 5" in response.content
    ics = client.get(f"/app/applications/{application.pk}/interviews/{interview.pk}/calendar.ics")
    assert ics.status_code == 200
    assert ics["Content-Type"] == "text/calendar"
    assert b"BEGIN:VEVENT" in ics.content


def test_emails_and_the_calendar_invite_link_to_the_page_they_are_about(
    settings, candidate, django_capture_on_commit_callbacks
):
    from django.core import mail

    from ims.jobs import services
    from ims.notifications import calendar

    settings.SITE_URL = "https://careers.example.com"
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_create(candidate=candidate, job=factories.JobFactory())
    assert f"https://careers.example.com/app/applications/{application.pk}/" in mail.outbox[-1].body
    interview = factories.InterviewFactory(application=application)
    invite = calendar.interview_invite(interview, method=calendar.REQUEST)
    assert f"https://careers.example.com/app/interviews/{interview.pk}/" in invite.replace("\r\n ", "")


def test_the_demo_data_gives_each_candidate_something_to_see_and_can_apply(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from ims.accounts.models import User

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for candidate in User.objects.filter(role="candidate"):
        response = page_client(candidate).get("/app/applications/")
        assert b"No applications yet" not in response.content, candidate.email
        assert candidate.emailaddress_set.get().verified
    assert b"Backend Engineer" in page_client().get("/").content


def _current_section(response) -> str:
    found = re.findall(
        r'<a class="nav-link active" href="[^"]*"\s+aria-current="page">([^<]+)</a>', response.content.decode()
    )
    assert len(found) == 1, found
    return found[0]


def test_the_header_marks_the_section_a_page_belongs_to(admin, interviewer):
    interview = factories.InterviewFactory(interviewer=interviewer)
    application = interview.application
    staff = page_client(admin)
    assert _current_section(staff.get("/app/")) == "Dashboard"
    # A candidate's page, its scheduling form and an interview's kit are reached from a job's board.
    for path in (
        f"/app/applications/{application.pk}/",
        f"/app/applications/{application.pk}/schedule/",
        f"/app/interviews/{interview.pk}/",
    ):
        assert _current_section(staff.get(path)) == "Jobs", path
    # The interviewer's kit is part of their schedule.
    assert _current_section(page_client(interviewer).get(f"/app/interviews/{interview.pk}/")) == "My schedule"
