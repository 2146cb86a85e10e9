from django.core.management.base import BaseCommand

from ims.notifications.periodic import SLOW_PERIODIC_TASKS, periodic_tasks_setup


class Command(BaseCommand):
    help = "Create or update the Celery beat periodic tasks (outbox sweeper, reminders, retention). Idempotent."

    def handle(self, *args, **options):
        for name in periodic_tasks_setup():
            minutes = SLOW_PERIODIC_TASKS[name][1] if name in SLOW_PERIODIC_TASKS else 1
            self.stdout.write(f"periodic task ready: {name} (every {minutes} minute{'s' if minutes > 1 else ''})")
