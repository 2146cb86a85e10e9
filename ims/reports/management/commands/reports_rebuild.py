from django.core.management.base import BaseCommand
from django.db import transaction

from ims.reports.rebuild import rebuild


class Command(BaseCommand):
    help = "Derive the report rollups again from applications, events, interviews and feedback."

    def handle(self, *args, **options):
        with transaction.atomic():
            facts, visits, interviews = rebuild()
        self.stdout.write(f"Rebuilt {facts:,} application facts, {visits:,} stage visits, {interviews:,} interviews.")
