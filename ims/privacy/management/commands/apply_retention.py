from django.core.management.base import BaseCommand

from ims.accounts.models import User
from ims.privacy import services


class Command(BaseCommand):
    help = (
        "Anonymise candidates whose every application ended (rejected/withdrawn) longer ago than "
        "RETENTION_REJECTED_DAYS / RETENTION_WITHDRAWN_DAYS. --dry-run lists them and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only print who would be anonymised.")
        parser.add_argument("--limit", type=int, default=500, help="At most this many candidates per run.")

    def handle(self, *args, dry_run: bool, limit: int, **options):
        report = services.retention_apply(dry_run=dry_run, limit=limit)
        for status, cutoff in report.cutoffs.items():
            self.stdout.write(f"{status}: ended before {cutoff.isoformat() if cutoff else 'never (rule off)'}")
        if dry_run:
            users = User.objects.filter(pk__in=report.due).order_by("pk")
            for user in users:
                self.stdout.write(f"would anonymise: #{user.pk} {user.email}")
            self.stdout.write(f"{len(report.due)} candidate(s) would be anonymised (dry run: nothing changed).")
            return
        for pk in report.erased:
            self.stdout.write(f"anonymised: #{pk}")
        self.stdout.write(f"{len(report.erased)} candidate(s) anonymised.")
