from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from ims.notifications import tasks
from ims.notifications.models import Notification, NotificationStatus
from tests import factories


def _sweep(at):
    with time_machine.travel(at, tick=False):
        return tasks.sweep_outbox()


def test_a_queued_notification_whose_message_was_lost_is_sent_by_the_sweeper(candidate, settings):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 300
    notification = factories.NotificationFactory(recipient=candidate, subject="Lost message")  # never enqueued

    assert _sweep(notification.updated_at + timedelta(minutes=1)) == 0  # may still be on its way
    assert mail.outbox == []
    assert _sweep(notification.updated_at + timedelta(minutes=6)) == 1

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert [m.subject for m in mail.outbox] == ["Lost message"]
    assert _sweep(notification.updated_at + timedelta(minutes=20)) == 0
    assert len(mail.outbox) == 1


def test_a_notification_left_sending_by_a_killed_worker_is_sent_again(candidate, settings):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 300
    notification = factories.NotificationFactory(recipient=candidate, status=NotificationStatus.SENDING, attempts=1)

    assert _sweep(timezone.now() + timedelta(minutes=2)) == 0  # a live worker may still be sending it
    assert _sweep(timezone.now() + timedelta(minutes=6)) == 1

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 2
    assert len(mail.outbox) == 1


def test_a_stuck_notification_with_no_attempts_left_fails_instead(candidate, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    notification = factories.NotificationFactory(recipient=candidate, status=NotificationStatus.SENDING, attempts=2)

    assert _sweep(timezone.now() + timedelta(hours=1)) == 0

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert "Worker stopped while sending" in notification.last_error
    assert mail.outbox == []


def test_a_retry_whose_delayed_message_was_lost_is_picked_up_once_due(candidate):
    now = timezone.now()
    notification = factories.NotificationFactory(
        recipient=candidate, attempts=1, next_attempt_at=now + timedelta(minutes=2)
    )
    Notification.objects.filter(pk=notification.pk).update(updated_at=now)

    assert _sweep(now + timedelta(minutes=1)) == 0
    assert _sweep(now + timedelta(minutes=4)) == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT


def test_sent_and_failed_notifications_are_left_alone(candidate):
    factories.NotificationFactory(recipient=candidate, status=NotificationStatus.SENT)
    factories.NotificationFactory(recipient=candidate, status=NotificationStatus.FAILED)

    assert _sweep(timezone.now() + timedelta(days=1)) == 0
    assert mail.outbox == []
