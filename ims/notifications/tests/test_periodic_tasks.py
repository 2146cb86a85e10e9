from io import StringIO

from django.core.management import call_command
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from ims.celery import app
from ims.notifications.periodic import PERIODIC_TASKS


def test_setup_periodic_tasks_creates_the_three_minute_tasks_idempotently(db):
    call_command("setup_periodic_tasks", stdout=StringIO())
    call_command("setup_periodic_tasks", stdout=StringIO())

    tasks = {
        task.name: task for task in PeriodicTask.objects.select_related("interval").filter(name__in=PERIODIC_TASKS)
    }
    assert sorted(task.task for task in tasks.values()) == [
        "ims.notifications.tasks.send_feedback_reminders",
        "ims.notifications.tasks.send_interview_reminders",
        "ims.notifications.tasks.sweep_outbox",
    ]
    assert all(task.enabled and task.interval.every == 1 for task in tasks.values())
    assert {task.interval.period for task in tasks.values()} == {IntervalSchedule.MINUTES}
    assert IntervalSchedule.objects.filter(every=1).count() == 1


def test_setup_periodic_tasks_runs_retention_hourly_idempotently(db):
    call_command("setup_periodic_tasks", stdout=StringIO())
    call_command("setup_periodic_tasks", stdout=StringIO())

    task = PeriodicTask.objects.select_related("interval").get(name="privacy: apply retention")
    assert task.task == "ims.privacy.tasks.apply_retention"
    assert (task.interval.every, task.interval.period, task.enabled) == (60, IntervalSchedule.MINUTES, True)
    assert PeriodicTask.objects.count() == 4
    assert IntervalSchedule.objects.count() == 2


def test_every_periodic_task_is_registered_with_the_celery_app(db):
    call_command("setup_periodic_tasks", stdout=StringIO())

    app.loader.import_default_modules()
    scheduled = {task.task for task in PeriodicTask.objects.all()}
    assert scheduled, "setup_periodic_tasks scheduled nothing"  # an empty schedule would pass the check below
    assert scheduled <= set(app.tasks), scheduled - set(app.tasks)


def test_a_disabled_task_is_enabled_again_by_the_command(db):
    call_command("setup_periodic_tasks", stdout=StringIO())
    PeriodicTask.objects.update(enabled=False)

    call_command("setup_periodic_tasks", stdout=StringIO())

    assert PeriodicTask.objects.filter(enabled=True).count() == 4
