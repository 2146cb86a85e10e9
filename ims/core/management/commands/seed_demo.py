"""Demo data for `make run`: an admin, interviewers, candidates, jobs, applications in several statuses,
round types, upcoming and completed interviews, and feedback. Idempotent: a second run changes nothing
and prints the logins again."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from ims.accounts.models import Role, User
from ims.interviews import services as interview_services
from ims.interviews.models import Interview, RoundType
from ims.jobs import services as job_services
from ims.jobs.models import ApplicationStatus, Job

PASSWORD = "Demo-pass-2026"  # noqa: S105 - published demo credentials, development only
ADMIN_EMAIL = "admin@ims.demo"

INTERVIEWERS = [
    ("irene@ims.demo", "Irene", "Iyer", "Asia/Kolkata"),
    ("ivan@ims.demo", "Ivan", "Ivanov", "Europe/Berlin"),
    ("isla@ims.demo", "Isla", "Ingram", "America/New_York"),
]
CANDIDATES = [
    ("cara@ims.demo", "Cara", "Chen", "Europe/London"),
    ("carlos@ims.demo", "Carlos", "Costa", "America/Sao_Paulo"),
    ("chloe@ims.demo", "Chloe", "Clark", "Australia/Sydney"),
    ("chidi@ims.demo", "Chidi", "Cole", "Africa/Lagos"),
    ("camille@ims.demo", "Camille", "Caron", "Europe/Paris"),
    ("kenji@ims.demo", "Kenji", "Kato", "Asia/Tokyo"),
]
ROUND_TYPES = [
    ("Aptitude", 45, ["Reasoning", "Numeracy"]),
    ("Technical", 60, ["Problem solving", "System design", "Communication"]),
    ("Coding", 90, ["Correctness", "Code quality", "Testing"]),
    ("HR", 30, ["Motivation", "Culture add"]),
]
JOBS = [
    ("Backend Engineer", "Engineering", "Berlin", "full_time", 2),
    ("Frontend Engineer", "Engineering", "Remote", "full_time", 1),
    ("Data Analyst", "Analytics", "London", "contract", 1),
    ("Recruiting Intern", "People", "Remote", "internship", 1),
]


DESCRIPTION = """Join the {department} team as a {title}, based in {location}.

What you will do:
- Work with a small team that ships every week.
- Own your part of the product from idea to production.

What we look for:
- Curiosity, clear writing and care for the people who use what we build.
"""


class Command(BaseCommand):
    help = "Load demo users, jobs, applications, interviews and feedback (idempotent)."

    def handle(self, *args, **options):
        if User.objects.filter(email=ADMIN_EMAIL).exists():
            self.stdout.write("Demo data already present.")
        else:
            self._create()
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        self._verify_demo_emails()
        self._print_logins()

    def _user(self, email: str, first: str, last: str, role: str, tz: str = "UTC") -> User:
        user = User(email=email, first_name=first, last_name=last, role=role, timezone=tz)
        user.set_password(PASSWORD)
        user.save()
        return user

    @transaction.atomic
    def _create(self) -> None:
        now = timezone.now()
        admin = self._user(ADMIN_EMAIL, "Ada", "Admin", Role.ADMIN)
        admin.is_superuser = True
        admin.save(update_fields=["is_superuser"])
        interviewers = [self._user(e, f, la, Role.INTERVIEWER, tz) for e, f, la, tz in INTERVIEWERS]
        candidates = [self._user(e, f, la, Role.CANDIDATE, tz) for e, f, la, tz in CANDIDATES]
        rounds = {
            name: RoundType.objects.create(name=name, default_duration=minutes, criteria=criteria)
            for name, minutes, criteria in ROUND_TYPES
        }
        jobs = [
            Job.objects.create(
                title=title,
                description=DESCRIPTION.format(title=title, department=department, location=location),
                department=department,
                location=location,
                employment_type=kind,
                openings=openings,
                created_by=admin,
            )
            for title, department, location, kind, openings in JOBS
        ]

        def apply(candidate: User, job: Job):
            return job_services.application_create(
                candidate=candidate, job=job, cover_letter=f"{candidate.first_name} would love to join as {job.title}."
            )

        backend, frontend, analyst, intern = jobs
        cara, carlos, chloe, chidi, camille, kenji = candidates
        irene, ivan, isla = interviewers

        # Upcoming interviews: Cara and Carlos are interviewing for the backend role.
        day = (now + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
        for offset, (candidate, interviewer, round_name) in enumerate(
            [(cara, irene, "Technical"), (carlos, ivan, "Coding"), (cara, isla, "HR")]
        ):
            application = backend.applications.filter(candidate=candidate).first() or apply(candidate, backend)
            interview_services.interview_schedule(
                application=application,
                round_type=rounds[round_name],
                interviewer=interviewer,
                scheduled_at=day + timedelta(hours=2 * offset),
                location="" if offset % 2 else "Office, room 3",
                meeting_url="https://meet.example.com/ims-demo" if offset % 2 else "",
                actor=admin,
            )

        # A completed interview with feedback: Chloe's aptitude round last week.
        chloe_app = apply(chloe, frontend)
        job_services.application_transition(
            application=chloe_app, to_status=ApplicationStatus.INTERVIEWING, actor=admin, note="Strong portfolio."
        )
        started = (now - timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
        past = Interview.objects.create(
            application=chloe_app,
            candidate=chloe,
            round_type=rounds["Aptitude"],
            interviewer=irene,
            scheduled_at=started,
            duration=45,
            ends_at=started + timedelta(minutes=45),
            location="Remote",
            created_by=admin,
        )
        interview_services.feedback_submit(
            interview=past,
            interviewer=irene,
            rating=4,
            comments="Clear reasoning and good questions.",
            recommendation="yes",
            criteria_scores={"Reasoning": 4, "Numeracy": 5},
            private_notes="Compare with the other frontend candidates.",
        )

        # The rest of the pipeline: screening, rejected, withdrawn, selected.
        job_services.application_transition(
            application=apply(chidi, analyst), to_status=ApplicationStatus.SCREENING, actor=admin
        )
        job_services.application_transition(
            application=apply(camille, analyst),
            to_status=ApplicationStatus.REJECTED,
            actor=admin,
            reason="not_qualified",
            note="Looking for more SQL experience.",
        )
        kenji_app = apply(kenji, intern)
        job_services.application_withdraw(application=kenji_app, actor=kenji)
        job_services.application_select(application=apply(carlos, intern), actor=admin)
        apply(kenji, frontend)

    def _verify_demo_emails(self) -> None:
        """Demo addresses count as confirmed, so the personas can apply through the pages at once."""
        from allauth.account.models import EmailAddress

        emails = [ADMIN_EMAIL, *(row[0] for row in INTERVIEWERS), *(row[0] for row in CANDIDATES)]
        for user in User.objects.filter(email__in=emails):
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )

    def _print_logins(self) -> None:
        self.stdout.write(f"\nWeb app: {settings.SITE_URL}/ (sign in at {settings.SITE_URL}/accounts/login/)")
        self.stdout.write(f"\nDemo logins (password for all: {PASSWORD}):")
        self.stdout.write(f"  admin        {ADMIN_EMAIL}")
        for email, *_ in INTERVIEWERS:
            self.stdout.write(f"  interviewer  {email}")
        for email, *_ in CANDIDATES:
            self.stdout.write(f"  candidate    {email}")
        self.stdout.write("")
