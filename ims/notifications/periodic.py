"""The beat schedule, kept in django-celery-beat's tables (the DatabaseScheduler) and written idempotently."""

from __future__ import annotations

from django.db import transaction
from django_celery_beat.models import IntervalSchedule, PeriodicTask

# name -> task; each runs every minute.
PERIODIC_TASKS = {
    "notifications: sweep outbox": "ims.notifications.tasks.sweep_outbox",
    "notifications: interview reminders": "ims.notifications.tasks.send_interview_reminders",
    "notifications: feedback reminders": "ims.notifications.tasks.send_feedback_reminders",
}


@transaction.atomic
def periodic_tasks_setup() -> list[str]:
    """Create or update the periodic tasks; running it again changes nothing. Returns their names."""
    # IntervalSchedule has no unique constraint, so reuse the oldest matching row instead of get_or_create.
    every_minute = IntervalSchedule.objects.filter(every=1, period=IntervalSchedule.MINUTES).order_by(
        "id"
    ).first() or IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    for name, task in PERIODIC_TASKS.items():
        # Periodic scans are useless once stale: expire a run that waited longer than its interval.
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={
                "task": task,
                "interval": every_minute,
                "crontab": None,
                "solar": None,
                "clocked": None,
                "enabled": True,
                "one_off": False,
                "expire_seconds": 55,
            },
        )
    return list(PERIODIC_TASKS)
