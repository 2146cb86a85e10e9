import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from ims.notifications import sending, tasks
from ims.notifications.models import NotificationStatus
from tests import factories


class FlakyBackend(LocmemBackend):
    """Fails the first ``failures`` sends with ``error``, then delivers to mail.outbox."""

    failures = 0
    error: Exception = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise type(self).error
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.calls = 0
    FlakyBackend.failures = 0
    FlakyBackend.error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    return FlakyBackend


def _send_later(notification_id, *, after):
    """Run the task as a worker would once the retry delay has passed (instead of waiting for countdown)."""
    with time_machine.travel(timezone.now() + after, tick=False):
        return tasks.send_notification(notification_id)


def test_a_backend_failing_twice_then_succeeding_delivers_one_email_on_the_third_attempt(candidate, flaky):
    flaky.failures = 2
    notification = factories.NotificationFactory(recipient=candidate, subject="Hello")

    assert tasks.send_notification(notification.pk) == "retry"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.QUEUED, 1)
    assert notification.next_attempt_at > timezone.now()
    assert "SMTPServerDisconnected" in notification.last_error
    # Not due yet: an early (or duplicate) message does not send.
    assert tasks.send_notification(notification.pk) == "skipped"

    assert _send_later(notification.pk, after=timedelta(minutes=5)) == "retry"
    assert _send_later(notification.pk, after=timedelta(minutes=15)) == "sent"

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 3
    assert notification.sent_at is not None
    assert notification.last_error == ""
    assert [m.subject for m in mail.outbox] == ["Hello"]


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
        smtplib.SMTPDataError(451, b"try later"),
    ],
)
def test_connection_and_smtp_errors_are_retried(candidate, flaky, error):
    flaky.failures, flaky.error = 1, error
    notification = factories.NotificationFactory(recipient=candidate)

    assert tasks.send_notification(notification.pk) == "retry"
    assert _send_later(notification.pk, after=timedelta(minutes=5)) == "sent"
    assert len(mail.outbox) == 1


def test_a_notification_fails_with_its_error_once_the_attempts_are_used_up(candidate, flaky, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    flaky.failures = 100
    notification = factories.NotificationFactory(recipient=candidate)

    results = [_send_later(notification.pk, after=timedelta(hours=hours)) for hours in (0, 1, 2, 3)]

    assert results == ["retry", "retry", "failed", "skipped"]
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 3
    assert notification.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert mail.outbox == []


def test_a_refused_recipient_fails_at_once_with_the_error(candidate, flaky):
    flaky.failures = 100
    flaky.error = smtplib.SMTPRecipientsRefused({candidate.email: (550, b"5.1.1 No such user")})
    notification = factories.NotificationFactory(recipient=candidate)

    assert tasks.send_notification(notification.pk) == "failed"

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 1
    assert "SMTPRecipientsRefused" in notification.last_error
    assert "No such user" in notification.last_error


def test_a_temporarily_refused_recipient_is_retried(candidate, flaky):
    flaky.failures = 1
    flaky.error = smtplib.SMTPRecipientsRefused({candidate.email: (450, b"4.2.1 Mailbox busy")})
    notification = factories.NotificationFactory(recipient=candidate)

    assert tasks.send_notification(notification.pk) == "retry"
    assert _send_later(notification.pk, after=timedelta(minutes=5)) == "sent"


def test_a_deactivated_recipient_is_not_emailed(candidate):
    notification = factories.NotificationFactory(recipient=candidate)
    candidate.is_active = False
    candidate.save()

    assert tasks.send_notification(notification.pk) == "failed"
    notification.refresh_from_db()
    assert "no active email address" in notification.last_error
    assert mail.outbox == []


def test_retry_delays_grow_exponentially_with_jitter_and_are_capped():
    for attempts, (low, high) in {1: (15, 30), 2: (30, 60), 3: (60, 120), 20: (900, 1800)}.items():
        delays = {sending.retry_delay(attempts) for _ in range(50)}
        assert all(low <= delay <= high for delay in delays)
        assert len(delays) > 1


@pytest.mark.parametrize("status", [NotificationStatus.SENDING, NotificationStatus.SENT, NotificationStatus.FAILED])
def test_a_notification_another_worker_holds_or_finished_is_not_sent_again(candidate, status):
    notification = factories.NotificationFactory(recipient=candidate, status=status)

    assert tasks.send_notification(notification.pk) == "skipped"
    assert mail.outbox == []


def test_a_message_for_a_deleted_notification_is_ignored(db):
    assert tasks.send_notification(987654) == "skipped"


class SlowBackend(BaseEmailBackend):
    sent: list = []

    def send_messages(self, messages):
        import time

        time.sleep(0.2)
        type(self).sent.extend(messages)
        return len(messages)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_with_the_same_message_send_it_once(candidate, settings):
    import threading

    from django.db import connection

    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    SlowBackend.sent = []
    notification = factories.NotificationFactory(recipient=candidate)
    barrier = threading.Barrier(6)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(sending.notification_send(notification_id=notification.pk).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["sent"] + ["skipped"] * 5
    assert len(SlowBackend.sent) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1
