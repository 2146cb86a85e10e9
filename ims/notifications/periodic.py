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
# name -> (task, minutes between runs): scans that need not run every minute.
SLOW_PERIODIC_TASKS = {
    "privacy: apply retention": ("ims.privacy.tasks.apply_retention", 60),
}


def _interval(minutes: int) -> IntervalSchedule:
    # IntervalSchedule has no unique constraint, so reuse the oldest matching row instead of get_or_create.
    return IntervalSchedule.objects.filter(every=minutes, period=IntervalSchedule.MINUTES).order_by(
        "id"
    ).first() or IntervalSchedule.objects.create(every=minutes, period=IntervalSchedule.MINUTES)


@transaction.atomic
def periodic_tasks_setup() -> list[str]:
    """Create or update the periodic tasks; running it again changes nothing. Returns their names."""
    every_minute = _interval(1)
    schedules = {name: (task, every_minute, 55) for name, task in PERIODIC_TASKS.items()}
    for name, (task, minutes) in SLOW_PERIODIC_TASKS.items():
        schedules[name] = (task, _interval(minutes), minutes * 60 - 5)
    for name, (task, interval, expire_seconds) in schedules.items():
        # Periodic scans are useless once stale: expire a run that waited longer than its interval.
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={
                "task": task,
                "interval": interval,
                "crontab": None,
                "solar": None,
                "clocked": None,
                "enabled": True,
                "one_off": False,
                "expire_seconds": expire_seconds,
            },
        )
    return list(schedules)
