"""Celery tasks: ids in, a service call inside. All are safe to run twice (acks_late + reject_on_worker_lost
redeliver a message whose worker died): sending claims its row, scans are deduplicated by the database."""

from __future__ import annotations

import logging

from celery import shared_task

from ims.notifications import reminders, sending

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def send_notification(notification_id: int) -> str:
    result = sending.notification_send(notification_id=notification_id)
    if result.retry_in is not None:
        # If this message is lost too, the sweeper picks the row up once its retry time has passed.
        send_notification.apply_async((notification_id,), countdown=result.retry_in)
    return result.status


@shared_task(acks_late=True, ignore_result=True)
def sweep_outbox() -> int:
    ids = sending.notifications_sweep()
    for notification_id in ids:
        send_notification.delay(notification_id)
    if ids:
        logger.info("Sweeper re-enqueued %s notification(s)", len(ids))
    return len(ids)


@shared_task(acks_late=True, ignore_result=True)
def send_interview_reminders() -> int:
    return reminders.interview_reminders_send()


@shared_task(acks_late=True, ignore_result=True)
def send_feedback_reminders() -> int:
    return reminders.feedback_reminders_send()
