"""Issue 14: candidates never see an interviewer's contact details. The interviewer here has no name set (an
invited interviewer may not have one yet), the case where a name that falls back to the email address would
show it: in every email, calendar invite, page and API answer the candidate gets, the address is absent and a
neutral label stands in for the name."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from ims.notifications import emails, outbox
from ims.notifications.models import Notification
from ims.notifications.tests.conftest import attachment_parts, html_of
from ims.ui.tests.helpers import page_client
from tests import factories

pytestmark = pytest.mark.django_db

ADDRESS = "nameless.interviewer@example.com"


@pytest.fixture
def interview(candidate):
    nameless = factories.InterviewerFactory(email=ADDRESS, first_name="", last_name="")
    start = timezone.now() + timedelta(days=2)
    return factories.InterviewFactory(
        application=factories.ApplicationFactory(candidate=candidate, status="interviewing"),
        interviewer=nameless,
        scheduled_at=start,
        ends_at=start + timedelta(hours=1),
    )


def test_the_candidates_interview_emails_and_invites_do_not_show_an_unnamed_interviewers_address(
    candidate, interview, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_scheduled(interview=interview)

    [message] = [message for message in mail.outbox if message.to == [candidate.email]]
    assert "Interviewer: IMS hiring team" in message.body
    for text in (message.subject, message.body, html_of(message), attachment_parts(message)[0][1]):
        assert ADDRESS not in text
    event = Calendar.from_ical(attachment_parts(message)[0][1]).walk("VEVENT")[0]
    assert "Interviewer: IMS hiring team" in str(event["DESCRIPTION"])
    for row in Notification.objects.filter(recipient=candidate):
        assert ADDRESS not in f"{row.subject} {row.body_text} {row.body_html} {row.attachments}"
    # The interviewer's own email still goes to them and names the candidate.
    [own] = [message for message in mail.outbox if message.to == [ADDRESS]]
    assert "Candidate: Cara Candidate" in own.body


def test_the_candidates_reminder_does_not_show_an_unnamed_interviewers_address(candidate, interview):
    rendered = emails.interview_reminder(interview=interview, recipient=candidate, now=timezone.now())

    assert "IMS hiring team" in rendered.text
    assert ADDRESS not in f"{rendered.subject} {rendered.text} {rendered.html}"


def test_the_candidates_application_page_and_calendar_file_do_not_show_an_unnamed_interviewers_address(
    candidate, interview
):
    client = page_client(candidate)
    application = interview.application

    page = client.get(f"/app/applications/{application.pk}/")
    invite = client.get(f"/app/applications/{application.pk}/interviews/{interview.pk}/calendar.ics")

    assert page.status_code == 200 and invite.status_code == 200
    assert "IMS hiring team" in page.content.decode()
    assert ADDRESS not in page.content.decode()
    assert ADDRESS not in invite.content.decode()


def test_the_candidates_api_does_not_show_an_unnamed_interviewers_address(candidate_client, interview):
    response = candidate_client.get("/api/applications/me/")

    [shown] = response.json()["results"][0]["upcoming_interviews"]
    assert shown["interviewer"] == {"full_name": "IMS hiring team"}
    assert ADDRESS not in response.content.decode()
