"""Celery tasks: the retention run (a periodic task, see ims.notifications.periodic)."""

from celery import shared_task

from ims.privacy import services


@shared_task(acks_late=True, ignore_result=True)
def apply_retention() -> int:
    return len(services.retention_apply().erased)
