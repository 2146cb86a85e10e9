from django.core.management.base import BaseCommand

from ims.notifications.periodic import periodic_tasks_setup


class Command(BaseCommand):
    help = "Create or update the Celery beat periodic tasks (outbox sweeper, reminders). Idempotent."

    def handle(self, *args, **options):
        for name in periodic_tasks_setup():
            self.stdout.write(f"periodic task ready: {name} (every minute)")
