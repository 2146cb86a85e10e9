"""Delivery through Django's real SMTP backend to a real SMTP listener on loopback."""

import email
import socket

from django.core import mail
from icalendar import Calendar

from ims.notifications import outbox, tasks
from ims.notifications.models import Notification, NotificationStatus
from tests import factories


def _parts(envelope):
    message = email.message_from_bytes(envelope.content)
    return message, {part.get_content_type(): part for part in message.walk() if not part.is_multipart()}


def test_an_interview_invite_is_delivered_over_smtp_with_text_html_and_calendar_parts(
    candidate, interviewer, interview_between, smtp_server, django_capture_on_commit_callbacks
):
    interview = interview_between()

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_scheduled(interview=interview)

    assert sorted(envelope.rcpt_tos[0] for envelope in smtp_server.messages) == sorted(
        [candidate.email, interviewer.email]
    )
    envelope = next(e for e in smtp_server.messages if e.rcpt_tos == [candidate.email])
    message, parts = _parts(envelope)
    assert message["Subject"].startswith("Your Technical interview for Backend Engineer")
    assert "Backend Engineer" in parts["text/plain"].get_payload(decode=True).decode()
    assert "<html" in parts["text/html"].get_payload(decode=True).decode()
    invite = parts["text/calendar"]
    assert invite.get_param("method") == "REQUEST"
    assert invite.get_filename() == "invite.ics"
    calendar = Calendar.from_ical(invite.get_payload(decode=True))
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(calendar.walk("VEVENT")[0]["UID"]) == f"interview-{interview.pk}@ims"
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert mail.outbox == []  # really went over SMTP, not to the in-memory backend


def test_an_address_the_server_refuses_fails_at_once(candidate, smtp_server):
    smtp_server.refuse.add(candidate.email)
    notification = factories.NotificationFactory(recipient=candidate)

    assert tasks.send_notification(notification.pk) == "failed"

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 1
    assert "550" in notification.last_error
    assert smtp_server.messages == []


def test_an_smtp_server_that_is_down_means_retry_later(candidate, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        unused_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", unused_port, 2
    notification = factories.NotificationFactory(recipient=candidate)

    assert tasks.send_notification(notification.pk) == "retry"

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.QUEUED
    assert "ConnectionRefusedError" in notification.last_error
    assert notification.next_attempt_at is not None
