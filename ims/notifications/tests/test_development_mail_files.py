"""Without EMAIL_URL every mail is its own .eml file under var/mail/, with the calendar invite as a real attachment."""

import email
import re
from email import policy
from pathlib import Path

import pytest
from django.core import mail
from icalendar import Calendar

from ims import settings as ims_settings
from ims.notifications import outbox
from ims.notifications.backends import EmlFileBackend

EML_NAME = re.compile(r"^\d{8}-\d{6}-\d{6}-[a-z0-9-]+\.eml$")


@pytest.fixture
def mail_dir(settings, tmp_path):
    settings.EMAIL_BACKEND = "ims.notifications.backends.EmlFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    return tmp_path / "mail"


def _read(path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


@pytest.mark.skipif(bool(ims_settings.EMAIL_URL), reason="EMAIL_URL is set: SMTP, not files")
def test_development_mail_goes_to_eml_files_when_no_smtp_server_is_configured():
    assert ims_settings.EMAIL_BACKEND == "ims.notifications.backends.EmlFileBackend"
    assert Path(ims_settings.EMAIL_FILE_PATH) == ims_settings.VAR_DIR / "mail"


def test_an_interview_invite_is_written_as_one_eml_file_per_recipient_with_the_ics_attached(
    mail_dir, candidate, interviewer, interview_between, django_capture_on_commit_callbacks
):
    interview = interview_between()

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_scheduled(interview=interview)

    files = sorted(mail_dir.iterdir())
    assert len(files) == 2
    assert all(EML_NAME.match(path.name) for path in files), [path.name for path in files]
    assert all("technical" in path.name for path in files), [path.name for path in files]
    messages = {_read(path)["To"]: _read(path) for path in files}
    assert set(messages) == {candidate.email, interviewer.email}

    message = messages[candidate.email]
    assert message["Subject"].startswith("Your Technical interview for Backend Engineer")
    assert "Backend Engineer" in message.get_body(preferencelist=("plain",)).get_content()
    assert "<html" in message.get_body(preferencelist=("html",)).get_content()
    (invite,) = list(message.iter_attachments())
    assert invite.get_content_disposition() == "attachment"
    assert invite.get_filename() == "invite.ics"
    assert invite.get_content_type() == "text/calendar"
    calendar = Calendar.from_ical(invite.get_content())
    assert str(calendar.walk("VEVENT")[0]["UID"]) == f"interview-{interview.pk}@ims"


def test_two_mails_with_the_same_subject_at_once_get_two_files(mail_dir):
    messages = [mail.EmailMessage("Same subject", f"body {n}", to=["a@example.com"]) for n in range(3)]

    assert EmlFileBackend().send_messages(messages) == 3

    files = sorted(mail_dir.iterdir())
    assert len(files) == 3
    assert {_read(path).get_content().strip() for path in files} == {"body 0", "body 1", "body 2"}


def test_a_mail_without_a_subject_still_gets_a_readable_name(mail_dir):
    mail.EmailMessage("", "hello", to=["a@example.com"]).send()

    (path,) = mail_dir.iterdir()
    assert path.name.endswith("-no-subject.eml")
