"""Bulk data for benchmarks: ``manage.py generate_data --applications 1000000 --reset`` (the command in
ims/core/management/commands only imports this module).

Ratios (the issue's): ~1 job per 1,000 applications, ~1 candidate per 10 applications, ~1 interviewer per 500,
~1 interview per 5 applications, feedback on past interviews, a spread of statuses and times (upcoming
scheduled interviews, past completed ones, a few cancelled and no-shows, past ones still awaiting feedback).

Everything is computed in Python from a seeded RNG, so the same arguments give the same data, and written
with COPY on PostgreSQL (plain ``executemany`` batches on SQLite). Rows are built so no database constraint
can fail:

- application (job, candidate) pairs are unique by construction: candidate ``c``'s k-th application goes
  to job ``(c + k * step) % jobs`` with ``k * step < jobs``;
- interviews sit on a grid of 2-hour weekday slots, start at most 30 minutes into their slot and last at
  most 90 minutes, and a slot is taken at most once per interviewer and once per candidate, so no two
  interviews of one person overlap (the exclusion constraints only look at scheduled ones; this holds for
  every status);
- statuses, ratings, durations and recommendations come from the models' choices and ranges.

Speed: one Argon2 hash for everybody (per-user hashing would take hours), explicit ids (no round trips for
sequences, which are reset afterwards), COPY in chunks interleaved per table. When the database role may
(superuser), the foreign-key triggers are skipped during the load (``session_replication_role = replica``,
as pg_restore does) and the foreign keys are then checked set-wise in a few anti-joins, which is much
cheaper than 6 million row-by-row trigger checks. Unique, check and exclusion constraints stay enforced.
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from ims.interviews.models import InterviewStatus, Recommendation
from ims.jobs.models import ApplicationStatus, RejectionReason

DEFAULT_PASSWORD = "Bench-pass-2026"  # noqa: S105 - published benchmark credentials, generated data only
EMAIL_DOMAIN = "bench.example.com"

# Tables this command owns, children first (the order SQLite deletes in).
IMS_TABLES = [
    "reports_interviewfact",
    "reports_stagevisit",
    "reports_applicationfact",
    "notifications_notification",
    "interviews_feedbackdraft",
    "interviews_feedbackversion",
    "interviews_feedback",
    "interviews_interview",
    "interviews_roundtype",
    "jobs_applicationevent",
    "jobs_application",
    "jobs_job",
    "token_blacklist_blacklistedtoken",
    "token_blacklist_outstandingtoken",
    "django_admin_log",
    "accounts_user_groups",
    "accounts_user_user_permissions",
    "accounts_user",
]

# The report rollups (ims.reports), derived from the rows above once they are written.
ROLLUP_TABLES = ("reports_applicationfact", "reports_stagevisit", "reports_interviewfact")

USER_COLUMNS = (
    "id",
    "password",
    "last_login",
    "is_superuser",
    "email",
    "first_name",
    "last_name",
    "phone",
    "role",
    "timezone",
    "is_active",
    "date_joined",
    "token_version",
)
JOB_COLUMNS = (
    "id",
    "title",
    "description",
    "department",
    "location",
    "employment_type",
    "openings",
    "is_open",
    "closed_at",
    "created_at",
    "updated_at",
    "created_by_id",
)
APPLICATION_COLUMNS = (
    "id",
    "job_id",
    "candidate_id",
    "status",
    "cover_letter",
    "resume",
    "resume_content_type",
    "resume_filename",
    "applied_at",
    "updated_at",
)
EVENT_COLUMNS = ("id", "application_id", "from_status", "to_status", "actor_id", "reason", "note", "at")
ROUND_TYPE_COLUMNS = (
    "id",
    "name",
    "description",
    "default_duration",
    "criteria",
    "guidance",
    "is_active",
    "created_at",
    "updated_at",
)
INTERVIEW_COLUMNS = (
    "id",
    "application_id",
    "candidate_id",
    "round_type_id",
    "interviewer_id",
    "scheduled_at",
    "duration",
    "ends_at",
    "location",
    "meeting_url",
    "status",
    "sequence",
    "created_by_id",
    "created_at",
    "updated_at",
)
FEEDBACK_COLUMNS = (
    "id",
    "interview_id",
    "interviewer_id",
    "rating",
    "comments",
    "recommendation",
    "criteria_scores",
    "private_notes",
    "submitted_at",
    "version",
)

FIRST_NAMES = [
    "Ada",
    "Alan",
    "Grace",
    "Linus",
    "Margaret",
    "Dennis",
    "Barbara",
    "Ken",
    "Frances",
    "Edsger",
    "Radia",
    "Tim",
    "Hedy",
    "Guido",
    "Anita",
    "Bjarne",
    "Sophie",
    "Donald",
    "Katherine",
    "John",
    "Mary",
    "Yukihiro",
    "Shafi",
    "Jean",
    "Niklaus",
    "Lynn",
    "Vint",
    "Karen",
    "Leslie",
    "Joan",
    "Ivan",
    "Olga",
    "Cara",
    "Otto",
]
LAST_NAMES = [
    "Lovelace",
    "Turing",
    "Hopper",
    "Torvalds",
    "Hamilton",
    "Ritchie",
    "Liskov",
    "Thompson",
    "Allen",
    "Dijkstra",
    "Perlman",
    "Berners-Lee",
    "Lamarr",
    "Rossum",
    "Borg",
    "Stroustrup",
    "Wilson",
    "Knuth",
    "Johnson",
    "Backus",
    "Keller",
    "Matsumoto",
    "Goldwasser",
    "Sammet",
    "Wirth",
    "Conway",
    "Cerf",
    "Jones",
    "Lamport",
    "Clarke",
]
TIMEZONES = (
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "Africa/Lagos",
)
JOB_LEVELS = ("Junior", "", "Senior", "Staff", "Lead")
JOB_ROLES = (
    ("Backend Engineer", "Engineering"),
    ("Frontend Engineer", "Engineering"),
    ("Site Reliability Engineer", "Engineering"),
    ("Data Engineer", "Data"),
    ("Data Scientist", "Data"),
    ("Product Manager", "Product"),
    ("Product Designer", "Design"),
    ("Recruiter", "People"),
    ("Account Executive", "Sales"),
    ("Support Specialist", "Support"),
    ("Financial Analyst", "Finance"),
    ("Security Engineer", "Security"),
)
LOCATIONS = ("Berlin", "London", "New York", "Bangalore", "Remote", "Tokyo", "Sydney", "São Paulo")
EMPLOYMENT_TYPES = ("full_time",) * 7 + ("part_time", "contract", "internship")
# (name, default duration in minutes, criteria). Every duration fits a 2-hour slot.
ROUND_TYPES = (
    ("Aptitude", 45, ["Reasoning", "Numeracy"]),
    ("Technical", 60, ["Problem solving", "System design", "Communication"]),
    ("Coding", 90, ["Correctness", "Code quality", "Testing"]),
    ("System design", 60, ["Architecture", "Trade-offs"]),
    ("HR", 30, ["Motivation", "Culture add"]),
)
COVER_LETTERS = (
    "I would love to bring my experience to your team.",
    "Your product solves a problem I have had myself; I would like to help build it.",
    "I have followed your engineering blog for years and would be glad to join.",
    "",
    "Please find my profile attached. I am available to start within a month.",
)
COMMENTS = (
    "Clear thinking and good communication.",
    "Solid fundamentals, some gaps in system design.",
    "Struggled with the core exercise.",
    "Excellent: structured, fast and kind to work with.",
    "Reasonable answers; would like a second opinion.",
)

# Application statuses for applications to open jobs (cumulative weights), and to closed jobs.
OPEN_JOB_STATUSES = (
    (0.35, ApplicationStatus.APPLIED),
    (0.55, ApplicationStatus.SCREENING),
    (0.69, ApplicationStatus.INTERVIEWING),
    (0.89, ApplicationStatus.REJECTED),
    (0.91, ApplicationStatus.SELECTED),
    (1.00, ApplicationStatus.WITHDRAWN),
)
CLOSED_JOB_STATUSES = (
    (0.80, ApplicationStatus.REJECTED),
    (0.85, ApplicationStatus.SELECTED),
    (1.00, ApplicationStatus.WITHDRAWN),
)

# The interview grid: weekdays, four 2-hour slots a day (UTC). Durations are at most 90 minutes.
SLOT_HOURS = (8, 10, 13, 15)
SLOTS_PER_DAY = len(SLOT_HOURS)
SLOTS_PER_WEEK = 5 * SLOTS_PER_DAY
DAY = 86_400
HOUR = 3_600
WEEK = 7 * DAY

CHUNK = 50_000  # rows per COPY statement / progress line


@dataclass
class Sizes:
    applications: int
    jobs: int
    candidates: int
    interviewers: int
    admins: int
    per_candidate: int

    @classmethod
    def for_applications(cls, n: int) -> Sizes:
        jobs = max(10, round(n / 1000))
        per_candidate = min(10, jobs)
        return cls(
            applications=n,
            jobs=jobs,
            candidates=max(1, math.ceil(n / per_candidate)),
            interviewers=max(2, round(n / 500)),
            admins=3,
            per_candidate=per_candidate,
        )


@dataclass
class Counts:
    users: int = 0
    jobs: int = 0
    applications: int = 0
    events: int = 0
    round_types: int = 0
    interviews: int = 0
    feedback: int = 0
    by_status: dict = field(default_factory=dict)
    by_interview_status: dict = field(default_factory=dict)


class Slots:
    """The weekday slot grid and who is busy when. A slot is an int; busy keys are (person, slot)."""

    def __init__(self, origin: int):
        self.origin = origin  # a Monday 00:00 UTC, as a Unix timestamp
        self.busy: set[int] = set()

    def start(self, slot: int) -> int:
        week, rest = divmod(slot, SLOTS_PER_WEEK)
        day, part = divmod(rest, SLOTS_PER_DAY)
        return self.origin + week * WEEK + day * DAY + SLOT_HOURS[part] * HOUR

    def first_at_or_after(self, ts: int) -> int:
        week, rest = divmod(max(0, ts - self.origin), WEEK)
        day, seconds = divmod(rest, DAY)
        if day >= 5:
            return (week + 1) * SLOTS_PER_WEEK
        for part, hour in enumerate(SLOT_HOURS):
            if hour * HOUR >= seconds:
                return week * SLOTS_PER_WEEK + day * SLOTS_PER_DAY + part
        return week * SLOTS_PER_WEEK + (day + 1) * SLOTS_PER_DAY  # next day (day 5 = next Monday)

    def take(self, person_a: int, person_b: int, lo: int, hi: int, desired: int, duration: int) -> int | None:
        """A slot starting in [lo, hi - duration] free for both people, as close after ``desired`` as
        possible (else before it). Marks it busy and returns its start, or None."""
        busy = self.busy
        first = self.first_at_or_after(lo)
        slot = max(first, self.first_at_or_after(desired))
        while self.start(slot) + duration * 60 <= hi:
            if (person_a << 24 | slot) not in busy and (person_b << 24 | slot) not in busy:
                busy.add(person_a << 24 | slot)
                busy.add(person_b << 24 | slot)
                return self.start(slot)
            slot += 1
        slot = self.first_at_or_after(desired) - 1
        while slot >= first:
            # The slot just before ``desired`` may still run past ``hi`` (a past interview ending in the future).
            fits = self.start(slot) + duration * 60 <= hi
            if fits and (person_a << 24 | slot) not in busy and (person_b << 24 | slot) not in busy:
                busy.add(person_a << 24 | slot)
                busy.add(person_b << 24 | slot)
                return self.start(slot)
            slot -= 1
        return None


class TimeFormat:
    """Unix seconds -> the text each backend stores: '2026-01-02 03:04:05+00' (PostgreSQL COPY) or
    '2026-01-02 03:04:05' (SQLite, where Django keeps naive UTC text and compares strings)."""

    def __init__(self, suffix: str):
        self.suffix = suffix
        self.days: dict[int, str] = {}

    def __call__(self, ts: int) -> str:
        day, rest = divmod(ts, DAY)
        date = self.days.get(day)
        if date is None:
            date = self.days[day] = datetime.fromtimestamp(day * DAY, tz=UTC).strftime("%Y-%m-%d")
        hours, rest = divmod(rest, HOUR)
        minutes, seconds = divmod(rest, 60)
        return f"{date} {hours:02d}:{minutes:02d}:{seconds:02d}{self.suffix}"


class Writer:
    """Sends rows to a table: COPY (PostgreSQL) or executemany batches (SQLite)."""

    def __init__(self, out, postgres: bool):
        self.out = out
        self.postgres = postgres
        self.raw = connection.connection if postgres else None

    def write(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        if self.postgres:
            # Text COPY: generated text never holds tabs, newlines or backslashes; None is \N.
            data = "\n".join(["\t".join(["\\N" if v is None else str(v) for v in row]) for row in rows]) + "\n"
            with self.raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
                cp.write(data)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            with connection.cursor() as cursor:
                for start in range(0, len(rows), 5000):
                    cursor.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608  # nosec B608
                        rows[start : start + 5000],
                    )


class Command(BaseCommand):
    help = "Generate a large, realistic, constraint-respecting data set for benchmarks (COPY on PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=10_000, help="How many applications (default 10000).")
        parser.add_argument("--reset", action="store_true", help="Empty the IMS tables (users included) first.")
        parser.add_argument("--seed", type=int, default=42, help="Random seed: same seed, same data.")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="The password of every generated user.")

    # --- entry point -----------------------------------------------------------------------------

    def handle(self, *args, applications: int, reset: bool, seed: int, password: str, **options):
        if applications < 1:
            raise CommandError("--applications must be at least 1.")
        self.t0 = time.monotonic()
        self.postgres = connection.vendor == "postgresql"
        sizes = Sizes.for_applications(applications)
        self.log(
            f"Generating {sizes.applications:,} applications: {sizes.jobs:,} jobs, {sizes.candidates:,} candidates, "
            f"{sizes.interviewers:,} interviewers, {sizes.admins} admins ({connection.vendor})"
        )
        if reset:
            self.reset()
        elif self.has_data():
            raise CommandError("The IMS tables already hold users or jobs; pass --reset to replace them.")

        fk_checks_skipped = False
        with transaction.atomic():
            if self.postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
                    fk_checks_skipped = self.try_skip_fk_triggers(cursor)
            counts = self.generate(sizes, seed=seed, password=password)
            if fk_checks_skipped:
                self.check_foreign_keys()
            self.fill_feedback_versions()
            self.fill_report_rollups()
        self.finish()
        self.report(sizes, counts, password)

    def log(self, message: str) -> None:
        self.stdout.write(f"[{time.monotonic() - self.t0:7.1f}s] {message}")
        self.stdout.flush()

    # --- setup / teardown ------------------------------------------------------------------------

    def has_data(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM accounts_user) OR EXISTS (SELECT 1 FROM jobs_job)")
            return bool(cursor.fetchone()[0])

    def reset(self) -> None:
        existing = set(connection.introspection.table_names())
        tables = [t for t in IMS_TABLES if t in existing]
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            else:
                for table in tables:
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608  # nosec B608
                if "sqlite_sequence" in existing:
                    marks = ", ".join(["%s"] * len(tables))
                    cursor.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({marks})", tables)  # noqa: S608  # nosec B608
        self.log(f"Reset: emptied {len(tables)} tables")

    def try_skip_fk_triggers(self, cursor) -> bool:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if not (row and row[0]):
            self.log("Not a superuser: foreign keys are checked row by row during the load (slower)")
            return False
        cursor.execute("SET LOCAL session_replication_role = replica")
        return True

    def check_foreign_keys(self) -> None:
        """Set-wise check of every foreign key the load wrote (the per-row triggers were skipped)."""
        checks = (
            ("jobs_job", "created_by_id", "accounts_user"),
            ("jobs_application", "job_id", "jobs_job"),
            ("jobs_application", "candidate_id", "accounts_user"),
            ("jobs_applicationevent", "application_id", "jobs_application"),
            ("jobs_applicationevent", "actor_id", "accounts_user"),
            ("interviews_interview", "application_id", "jobs_application"),
            ("interviews_interview", "candidate_id", "accounts_user"),
            ("interviews_interview", "interviewer_id", "accounts_user"),
            ("interviews_interview", "round_type_id", "interviews_roundtype"),
            ("interviews_interview", "created_by_id", "accounts_user"),
            ("interviews_feedback", "interview_id", "interviews_interview"),
            ("interviews_feedback", "interviewer_id", "accounts_user"),
        )
        with connection.cursor() as cursor:
            for table, column, target in checks:
                cursor.execute(
                    f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "  # noqa: S608  # nosec B608
                    f"(SELECT 1 FROM {target} p WHERE p.id = t.{column})"
                )
                missing = cursor.fetchone()[0]
                if missing:
                    raise CommandError(f"{missing} rows of {table}.{column} point nowhere; nothing was saved.")
            # The denormalised candidate must be the application's candidate.
            cursor.execute(
                "SELECT count(*) FROM interviews_interview i JOIN jobs_application a ON a.id = i.application_id "
                "WHERE a.candidate_id <> i.candidate_id"
            )
            if cursor.fetchone()[0]:
                raise CommandError("Interview candidates disagree with their applications; nothing was saved.")
        self.log("Foreign keys checked set-wise: all rows point at existing parents")

    def fill_feedback_versions(self) -> None:
        """Version 1 of every generated feedback, as feedback_submit records it: one set-wise INSERT."""
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO interviews_feedbackversion (feedback_id, number, rating, comments, recommendation, "
                "criteria_scores, private_notes, submitted_at) "
                "SELECT f.id, 1, f.rating, f.comments, f.recommendation, f.criteria_scores, f.private_notes, "
                "f.submitted_at FROM interviews_feedback f WHERE NOT EXISTS "
                "(SELECT 1 FROM interviews_feedbackversion v WHERE v.feedback_id = f.id)"
            )
            self.log(f"Feedback versions: {cursor.rowcount:,}")

    def fill_report_rollups(self) -> None:
        """The report rollups, derived from the rows just written (as the services keep them for real writes)."""
        from ims.reports.rebuild import rebuild

        facts, visits, interviews = rebuild()
        self.log(f"Report rollups: {facts:,} applications, {visits:,} stage visits, {interviews:,} interviews")

    def finish(self) -> None:
        tables = ("accounts_user", "jobs_job", "jobs_application", "jobs_applicationevent", "interviews_roundtype")
        tables += ("interviews_interview", "interviews_feedback")
        with connection.cursor() as cursor:
            for table in tables:
                if self.postgres:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  # nosec B608
                        f"COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
                    )
            if self.postgres and connection.get_autocommit():
                # VACUUM as well as ANALYZE: it writes the visibility map, so index-only scans (the page counts)
                # work as they would on a database autovacuum has visited, not as on a freshly loaded one.
                self.log("Sequences reset; VACUUM (ANALYZE)...")
                for table in (*tables, *ROLLUP_TABLES):
                    cursor.execute(f"VACUUM (ANALYZE) {table}")
            elif self.postgres:
                self.log("Sequences reset; ANALYZE (inside a transaction: no VACUUM)...")
                for table in (*tables, *ROLLUP_TABLES):
                    cursor.execute(f"ANALYZE {table}")
            else:
                cursor.execute("ANALYZE")
        self.log("Done")

    # --- generation ------------------------------------------------------------------------------

    def generate(self, sizes: Sizes, *, seed: int, password: str) -> Counts:
        rng = random.Random(seed)
        rand = rng.random
        writer = Writer(self, self.postgres)
        fmt = TimeFormat("+00" if self.postgres else "")
        counts = Counts()
        now = int(timezone.now().timestamp()) // 60 * 60
        true, false = (True, False)
        # A Monday, safely before every generated date.
        origin_day = (now - 800 * DAY) // DAY * DAY
        origin = origin_day - ((origin_day // DAY + 3) % 7) * DAY  # 1970-01-01 was a Thursday
        slots = Slots(origin)

        # Users: admins, then interviewers, then candidates.
        password_hash = make_password(password)
        admin_ids = list(range(1, sizes.admins + 1))
        interviewer_ids = list(range(sizes.admins + 1, sizes.admins + sizes.interviewers + 1))
        first_candidate = sizes.admins + sizes.interviewers + 1
        rows: list[tuple] = []

        def user_row(uid: int, email: str, role: str, superuser: bool, joined: int) -> tuple:
            return (
                uid,
                password_hash,
                None,
                superuser,
                email,
                FIRST_NAMES[uid % len(FIRST_NAMES)],
                LAST_NAMES[(uid // len(FIRST_NAMES)) % len(LAST_NAMES)],
                "",
                role,
                TIMEZONES[uid % len(TIMEZONES)],
                true,
                fmt(joined),
                0,
            )

        for n, uid in enumerate(admin_ids, 1):
            rows.append(user_row(uid, f"admin{n}@{EMAIL_DOMAIN}", "admin", n == 1, now - 800 * DAY))
        for n, uid in enumerate(interviewer_ids, 1):
            rows.append(user_row(uid, f"interviewer{n}@{EMAIL_DOMAIN}", "interviewer", false, now - 700 * DAY))
        for n in range(1, sizes.candidates + 1):
            uid = first_candidate + n - 1
            rows.append(user_row(uid, f"candidate{n}@{EMAIL_DOMAIN}", "candidate", false, now - 430 * DAY))
            if len(rows) >= CHUNK:
                writer.write("accounts_user", USER_COLUMNS, rows)
                counts.users += len(rows)
                rows = []
        writer.write("accounts_user", USER_COLUMNS, rows)
        counts.users += len(rows)
        self.log(f"Users: {counts.users:,}")

        # Round types.
        rows = [
            (
                rid,
                name,
                f"{name} round.",
                duration,
                json.dumps(criteria),
                "",
                true,
                fmt(now - 800 * DAY),
                fmt(now - 800 * DAY),
            )
            for rid, (name, duration, criteria) in enumerate(ROUND_TYPES, 1)
        ]
        writer.write("interviews_roundtype", ROUND_TYPE_COLUMNS, rows)
        counts.round_types = len(rows)
        first_round = (1, 2)  # Aptitude, Technical
        later_round = (3, 4, 5)  # Coding, System design, HR
        durations = {rid: duration for rid, (_, duration, _) in enumerate(ROUND_TYPES, 1)}
        criteria_of = {rid: criteria for rid, (_, _, criteria) in enumerate(ROUND_TYPES, 1)}

        # Jobs: created over the last ~14 months; a quarter are closed.
        jobs: list[tuple[int, int, bool]] = []  # (created_at, end of applications, open?)
        rows = []
        for jid in range(1, sizes.jobs + 1):
            created = now - 420 * DAY + int(rand() * 390 * DAY)
            is_open = jid % 4 != 0
            closed = None if is_open else min(now - DAY, created + int((30 + rand() * 120) * DAY))
            level = JOB_LEVELS[jid % len(JOB_LEVELS)]
            role, department = JOB_ROLES[(jid // len(JOB_LEVELS)) % len(JOB_ROLES)]
            title = f"{level} {role}".strip()
            rows.append(
                (
                    jid,
                    title,
                    f"We are hiring a {title} to join our {department} team. Job #{jid}.",
                    department,
                    LOCATIONS[jid % len(LOCATIONS)],
                    EMPLOYMENT_TYPES[jid % len(EMPLOYMENT_TYPES)],
                    1 + jid % 5,
                    is_open,
                    None if closed is None else fmt(closed),
                    fmt(created),
                    fmt(closed or created),
                    admin_ids[jid % len(admin_ids)],
                )
            )
            jobs.append((created, closed or now, is_open))
        writer.write("jobs_job", JOB_COLUMNS, rows)
        counts.jobs = len(rows)
        self.log(f"Jobs: {counts.jobs:,} ({sum(1 for j in jobs if j[2]):,} open); round types: {counts.round_types}")

        # Applications with their events; interviews to place afterwards.
        # plan entries: (application id, candidate id, status, window lo, window hi, kind)
        plan: list[tuple[int, int, str, int, int, str]] = []
        step = sizes.jobs // sizes.per_candidate
        app_rows: list[tuple] = []
        event_rows: list[tuple] = []
        event_id = 0
        by_status: dict[str, int] = {}
        candidates = sizes.candidates
        admins = len(admin_ids)
        for i in range(sizes.applications):
            app_id = i + 1
            c = i % candidates
            k = i // candidates
            candidate_id = first_candidate + c
            job_index = (c + k * step) % sizes.jobs
            created, end, is_open = jobs[job_index]
            applied = created + int(rand() * max(HOUR, end - created - 2 * HOUR))
            r = rand()
            age = now - applied
            if is_open and age < 3 * DAY:
                status = ApplicationStatus.APPLIED if r < 0.8 else ApplicationStatus.SCREENING
            else:
                status = next(s for limit, s in (OPEN_JOB_STATUSES if is_open else CLOSED_JOB_STATUSES) if r < limit)
            by_status[status] = by_status.get(status, 0) + 1
            admin = admin_ids[i % admins]

            # The path through the pipeline, with times spread between applying and now (or the job's end).
            if status == ApplicationStatus.APPLIED:
                path = ()
            elif status == ApplicationStatus.SCREENING:
                path = ("screening",)
            elif status == ApplicationStatus.INTERVIEWING:
                path = ("screening", "interviewing")
            elif status == ApplicationStatus.SELECTED:
                path = ("screening", "interviewing", "selected")
            elif status == ApplicationStatus.WITHDRAWN:
                path = ("withdrawn",) if r < 0.95 else ("screening", "withdrawn")
            elif rand() < 0.15:  # rejected after an interview
                path = ("screening", "interviewing", "rejected")
            else:
                path = ("screening", "rejected")

            event_id += 1
            event_rows.append((event_id, app_id, "", "applied", candidate_id, "", "", fmt(applied)))
            span_end = min(end, now) - 60
            span = max(len(path) + 1, span_end - applied)
            previous, t = "applied", applied
            times: dict[str, int] = {}
            for n, to_status in enumerate(path, 1):
                t = applied + int(span * (n - 0.5 + rand() * 0.5) / (len(path) + (0 if is_open else 0.5)))
                t = min(t, now - 60)
                times[to_status] = t
                reason = ""
                actor = admin
                if to_status == "rejected":
                    reason = (
                        RejectionReason.FAILED_INTERVIEW if "interviewing" in path else RejectionReason.NOT_QUALIFIED
                    )
                elif to_status == "withdrawn":
                    actor = candidate_id
                event_id += 1
                event_rows.append((event_id, app_id, previous, to_status, actor, reason, "", fmt(t)))
                previous = to_status

            app_rows.append(
                (
                    app_id,
                    job_index + 1,
                    candidate_id,
                    status,
                    COVER_LETTERS[i % len(COVER_LETTERS)],
                    "",
                    "",
                    "",
                    fmt(applied),
                    fmt(t),
                )
            )

            if "interviewing" in path:
                lo = times["interviewing"] + HOUR
                if status == ApplicationStatus.INTERVIEWING:
                    if rand() < 0.65:
                        plan.append((app_id, candidate_id, status, max(lo, now + HOUR), now + 45 * DAY, "upcoming"))
                    else:
                        plan.append((app_id, candidate_id, status, lo, now, "past"))
                else:
                    decided = times[path[-1]]
                    plan.append((app_id, candidate_id, status, lo, decided, "past"))
                    if status == ApplicationStatus.SELECTED:
                        plan.append((app_id, candidate_id, status, lo, decided, "past"))

            if len(app_rows) >= CHUNK:
                writer.write("jobs_application", APPLICATION_COLUMNS, app_rows)
                writer.write("jobs_applicationevent", EVENT_COLUMNS, event_rows)
                counts.applications += len(app_rows)
                counts.events += len(event_rows)
                app_rows, event_rows = [], []
                self.log(f"Applications: {counts.applications:,} / {sizes.applications:,} (events: {counts.events:,})")
        writer.write("jobs_application", APPLICATION_COLUMNS, app_rows)
        writer.write("jobs_applicationevent", EVENT_COLUMNS, event_rows)
        counts.applications += len(app_rows)
        counts.events += len(event_rows)
        counts.by_status = by_status
        self.log(f"Applications: {counts.applications:,}; events: {counts.events:,}")

        # Interviews on the slot grid, feedback on the completed ones.
        interview_rows: list[tuple] = []
        feedback_rows: list[tuple] = []
        interviewers = len(interviewer_ids)
        by_istatus: dict[str, int] = {}
        seen_apps: dict[int, int] = {}
        for n, (app_id, candidate_id, app_status, lo, hi, kind) in enumerate(plan):
            interviewer_id = interviewer_ids[n % interviewers]
            nth = seen_apps.get(app_id, 0)
            seen_apps[app_id] = nth + 1
            round_type = (first_round if nth == 0 else later_round)[int(rand() * (2 if nth == 0 else 3))]
            duration = durations[round_type]
            desired = lo + int(rand() * max(0, hi - lo))
            # Interviewers start at :00, :15 or :30 into a slot (so not every interview of the day starts on
            # the same minute); with at most 90 minutes it still ends inside its 2-hour slot.
            offset = (interviewer_id % 3) * 15 * 60
            start = slots.take(interviewer_id, candidate_id, lo, hi, desired, duration + 30)
            if start is None:
                # No free slot in the window (the decision came quickly): no interview on record.
                continue
            start += offset
            ends = start + duration * 60
            r = rand()
            feedback = False
            if kind == "upcoming":
                status = InterviewStatus.CANCELLED if r < 0.03 else InterviewStatus.SCHEDULED
            elif r < 0.03:
                status = InterviewStatus.CANCELLED
            elif r < 0.05:
                status = InterviewStatus.NO_SHOW
            elif app_status == ApplicationStatus.INTERVIEWING and r < 0.25 and start > now - 14 * DAY:
                status = InterviewStatus.SCHEDULED  # happened, feedback still awaited
            else:
                status, feedback = InterviewStatus.COMPLETED, True
            by_istatus[status] = by_istatus.get(status, 0) + 1
            created = (
                max(lo - HOUR, start - 14 * DAY)
                if kind == "past"
                else min(now - HOUR, max(lo - HOUR, start - 14 * DAY))
            )
            iid = len(interview_rows) + counts.interviews + 1
            interview_rows.append(
                (
                    iid,
                    app_id,
                    candidate_id,
                    round_type,
                    interviewer_id,
                    fmt(start),
                    duration,
                    fmt(ends),
                    f"Room {1 + iid % 12}" if iid % 3 else "",
                    "" if iid % 3 == 0 else f"https://meet.example.com/ims-{iid}",
                    status,
                    1 if status == InterviewStatus.CANCELLED else 0,
                    admin_ids[iid % len(admin_ids)],
                    fmt(created),
                    fmt(min(now, ends) if status != InterviewStatus.SCHEDULED else created),
                )
            )
            if feedback:
                if app_status == ApplicationStatus.SELECTED:
                    rating = 4 + int(rand() * 2)
                elif app_status == ApplicationStatus.REJECTED:
                    rating = 1 + int(rand() * 2)
                else:
                    rating = 1 + int(rand() * 5)
                recommendation = (
                    Recommendation.DEFINITELY_NOT,
                    Recommendation.NO,
                    Recommendation.NO_DECISION,
                    Recommendation.YES,
                    Recommendation.STRONG_YES,
                )[rating - 1]
                scores = {name: min(5, max(1, rating + (1 if rand() < 0.2 else 0))) for name in criteria_of[round_type]}
                submitted = min(now - 60, ends + int(rand() * 2 * DAY))
                feedback_rows.append(
                    (
                        len(feedback_rows) + counts.feedback + 1,
                        iid,
                        interviewer_id,
                        rating,
                        COMMENTS[rating % len(COMMENTS)],
                        recommendation,
                        json.dumps(scores),
                        "",
                        fmt(submitted),
                        1,
                    )
                )
            if len(interview_rows) >= CHUNK:
                writer.write("interviews_interview", INTERVIEW_COLUMNS, interview_rows)
                writer.write("interviews_feedback", FEEDBACK_COLUMNS, feedback_rows)
                counts.interviews += len(interview_rows)
                counts.feedback += len(feedback_rows)
                interview_rows, feedback_rows = [], []
                self.log(f"Interviews: {counts.interviews:,} / ~{len(plan):,} (feedback: {counts.feedback:,})")
        writer.write("interviews_interview", INTERVIEW_COLUMNS, interview_rows)
        writer.write("interviews_feedback", FEEDBACK_COLUMNS, feedback_rows)
        counts.interviews += len(interview_rows)
        counts.feedback += len(feedback_rows)
        counts.by_interview_status = by_istatus
        self.log(f"Interviews: {counts.interviews:,}; feedback: {counts.feedback:,}")
        return counts

    # --- summary ---------------------------------------------------------------------------------

    def report(self, sizes: Sizes, counts: Counts, password: str) -> None:
        elapsed = time.monotonic() - self.t0
        statuses = ", ".join(f"{k} {v:,}" for k, v in sorted(counts.by_status.items()))
        istatuses = ", ".join(f"{k} {v:,}" for k, v in sorted(counts.by_interview_status.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated in {elapsed:.1f}s: {counts.users:,} users, {counts.jobs:,} jobs, "
                f"{counts.applications:,} applications, {counts.events:,} events, {counts.interviews:,} interviews, "
                f"{counts.feedback:,} feedback."
            )
        )
        self.stdout.write(f"  applications by status: {statuses}")
        self.stdout.write(f"  interviews by status: {istatuses}")
        self.stdout.write(
            f"  logins (password for all: {password}): admin1@{EMAIL_DOMAIN}, interviewer1@{EMAIL_DOMAIN} .. "
            f"interviewer{sizes.interviewers}@{EMAIL_DOMAIN}, candidate1@{EMAIL_DOMAIN} .. "
            f"candidate{sizes.candidates}@{EMAIL_DOMAIN}"
        )
