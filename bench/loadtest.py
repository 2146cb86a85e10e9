"""Load with integrity: ``make loadtest`` (or ``python bench/loadtest.py --duration 60 --clients 200``).

Runs IMS as in production (gunicorn with gunicorn.conf.py, DEBUG off, one Celery worker) on a database of its
own (``<DATABASE_URL's name>_load``, dropped and created again), seeds a moderate world, then for
``--duration`` seconds keeps ``--clients`` keep-alive connections on loopback busy with a mix of:

- candidates applying to open jobs, with deliberate duplicates (a pair sent again while the first may still
  be in flight) -> 201 or 409;
- admins scheduling interviews on a small grid of half-hour slots with hour-long interviews, so the same
  interviewer or candidate is booked for overlapping times all the time -> 201 or 409;
- interviewers submitting feedback on past interviews, the same interview again and again -> 201 or 409;
- reads: open jobs, own applications, own and upcoming interviews, an admin's application list.

The reminder scan runs through the worker every few seconds during the load and from four threads at once
at the end. Then the database is checked: no 5xx and no connection errors, only the expected statuses,
every 201 has its row (and no row appeared without a 201), no duplicate application, no overlapping
scheduled interviews per interviewer or per candidate, one feedback per interview, one reminder per
(interview, recipient, offset). Figures are printed as tables; the exit status is 1 on any failure.

Needs ``DATABASE_URL`` (PostgreSQL; the overlap guarantee is PostgreSQL's exclusion constraint). Uses
``REDIS_URL`` for cache and broker when set, otherwise the embedded filesystem broker in a temporary folder.
Standard library only on the client side.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from http1 import Request, percentile, read_response

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

ADMINS, INTERVIEWERS, CANDIDATES, JOBS = 5, 40, 2000, 50
SEEDED_APPLICATIONS = 1200  # candidates 0..1199, one application each
PAST_INTERVIEWS = 600  # on the first 600 seeded applications, awaiting feedback
SLOTS = 40  # half-hour grid for new interviews, 2 h to 22 h from now; interviews last an hour
HOT_APPLICATIONS = 300  # scheduling picks among these, so candidates get double-booked attempts too

# kind -> weight in the mix
MIX = {
    "apply": 25,
    "schedule": 15,
    "feedback": 10,
    "read_open_jobs": 15,
    "read_my_applications": 10,
    "read_my_interviews": 10,
    "read_upcoming": 10,
    "read_admin_applications": 5,
}
EXPECTED = {"apply": {201, 409}, "schedule": {201, 409}, "feedback": {201, 409}}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- database and processes ----------------------------------------------------------------------------


def load_database_url(base_url: str) -> tuple[str, str, str]:
    """(url of the load database, its name, url of the maintenance database)."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql", "postgis"):
        sys.exit("loadtest: DATABASE_URL must be a PostgreSQL URL (postgres://...)")
    name = f"{parts.path.lstrip('/') or 'ims'}_load"
    return (
        urlunsplit(parts._replace(path=f"/{name}")),
        name,
        urlunsplit(parts._replace(path="/postgres")),
    )


def recreate_database(maintenance_url: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


class Process:
    def __init__(self, name: str, command: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name, self.log = name, log_dir / f"{name}.log"
        with self.log.open("wb") as handle:
            self.popen = subprocess.Popen(  # noqa: S603
                command, cwd=REPO, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
            )

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def wait_until(predicate, timeout: float, what: str, process: Process | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        if process is not None and process.popen.poll() is not None:
            break
        time.sleep(0.2)
    sys.exit(f"loadtest: {what} did not come up\n{process.tail() if process else ''}")


def http_ok(port: int, path: str) -> bool:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    finally:
        connection.close()


# --- the world -------------------------------------------------------------------------------------------


@dataclass
class World:
    admin_tokens: list[str]
    interviewer_tokens: dict[int, str]  # user id -> token
    candidate_tokens: dict[int, str]
    candidate_ids: list[int]
    jobs: list[int]
    round_types: list[int]
    interviewers: list[int]
    seeded_applications: list[int]
    past_interviews: list[tuple[int, int]]  # (interview id, interviewer id)
    slot_base: object  # datetime of slot 0


def seed_world() -> World:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from ims.accounts.models import Role, User
    from ims.accounts.services import tokens_for_user
    from ims.interviews.models import Interview, InterviewStatus, RoundType
    from ims.jobs.models import Application, Job

    password = make_password("Load-pass-2026")
    now = timezone.now()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(email=f"admin{i}@load.example.com", role=Role.ADMIN, password=password) for i in range(ADMINS)]
            + [
                User(email=f"interviewer{i}@load.example.com", role=Role.INTERVIEWER, password=password)
                for i in range(INTERVIEWERS)
            ]
            + [
                User(email=f"candidate{i}@load.example.com", role=Role.CANDIDATE, password=password)
                for i in range(CANDIDATES)
            ]
        )
        admins = users[:ADMINS]
        interviewers = users[ADMINS : ADMINS + INTERVIEWERS]
        candidates = users[ADMINS + INTERVIEWERS :]
        jobs = Job.objects.bulk_create(
            [
                Job(
                    title=f"Engineer {i}",
                    description="Load test job",
                    department=f"D{i % 5}",
                    openings=1000,
                    created_by=admins[0],
                )
                for i in range(JOBS)
            ]
        )
        round_types = RoundType.objects.bulk_create(
            [RoundType(name=name, default_duration=60) for name in ("Aptitude", "Technical", "Coding", "HR")]
        )
        applications = Application.objects.bulk_create(
            [Application(job=jobs[i % JOBS], candidate=candidates[i]) for i in range(SEEDED_APPLICATIONS)]
        )
        past = []
        for i in range(PAST_INTERVIEWS):
            start = now - timedelta(hours=2 + 2 * (i // INTERVIEWERS))
            past.append(
                Interview(
                    application=applications[i],
                    candidate=candidates[i],
                    round_type=round_types[i % len(round_types)],
                    interviewer=interviewers[i % INTERVIEWERS],
                    scheduled_at=start,
                    duration=60,
                    ends_at=start + timedelta(minutes=60),
                    status=InterviewStatus.SCHEDULED,
                    created_by=admins[0],
                )
            )
        past = Interview.objects.bulk_create(past)
    token = {user.pk: tokens_for_user(user)["access"] for user in users}
    slot_base = (now + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    return World(
        admin_tokens=[token[u.pk] for u in admins],
        interviewer_tokens={u.pk: token[u.pk] for u in interviewers},
        candidate_tokens={u.pk: token[u.pk] for u in candidates},
        candidate_ids=[u.pk for u in candidates],
        jobs=[j.pk for j in jobs],
        round_types=[r.pk for r in round_types],
        interviewers=[u.pk for u in interviewers],
        seeded_applications=[a.pk for a in applications],
        past_interviews=[(iv.pk, iv.interviewer_id) for iv in past],
        slot_base=slot_base,
    )


# --- the load ---------------------------------------------------------------------------------------------


@dataclass
class Record:
    kind: str
    status: int  # 0: connection error
    seconds: float
    created_id: int | None = None


@dataclass
class Mix:
    world: World
    rng: random.Random
    recent_pairs: deque = field(default_factory=lambda: deque(maxlen=64))

    def next(self) -> tuple[str, str, str, str | None]:
        """(kind, method, path, token, body)"""
        world, rng = self.world, self.rng
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        if kind == "apply":
            if self.recent_pairs and rng.random() < 0.25:
                candidate, job = rng.choice(self.recent_pairs)  # a deliberate duplicate
            else:
                candidate, job = rng.choice(world.candidate_ids), rng.choice(world.jobs)
                self.recent_pairs.append((candidate, job))
            body = json.dumps({"job": job, "cover_letter": "Load test"})
            return kind, "POST", "/api/applications/", world.candidate_tokens[candidate], body
        if kind == "schedule":
            application = rng.choice(world.seeded_applications[-HOT_APPLICATIONS:])
            start = world.slot_base + timedelta(minutes=30 * rng.randrange(SLOTS))
            body = json.dumps(
                {
                    "round_type": rng.choice(world.round_types),
                    "interviewer": rng.choice(world.interviewers[:10]),  # few interviewers: many overlaps
                    "scheduled_at": start.isoformat().replace("+00:00", "Z"),
                    "duration": 60,
                }
            )
            return kind, "POST", f"/api/applications/{application}/rounds/", rng.choice(world.admin_tokens), body
        if kind == "feedback":
            interview, interviewer = rng.choice(world.past_interviews)
            body = json.dumps({"rating": rng.randint(1, 5), "comments": "Solid", "recommendation": "yes"})
            token = world.interviewer_tokens[interviewer]
            return kind, "POST", f"/api/application-rounds/{interview}/feedback/", token, body
        if kind == "read_open_jobs":
            return kind, "GET", "/api/jobs/open/", world.candidate_tokens[rng.choice(world.candidate_ids)], None
        if kind == "read_my_applications":
            token = world.candidate_tokens[rng.choice(world.candidate_ids[:SEEDED_APPLICATIONS])]
            return kind, "GET", "/api/applications/me/", token, None
        if kind == "read_my_interviews":
            token = world.interviewer_tokens[rng.choice(world.interviewers)]
            return kind, "GET", "/api/interviews/me/?upcoming=true", token, None
        if kind == "read_upcoming":
            if rng.random() < 0.5:
                return kind, "GET", "/api/interviews/upcoming/", rng.choice(world.admin_tokens), None
            token = world.interviewer_tokens[rng.choice(world.interviewers)]
            return kind, "GET", "/api/interviews/upcoming/", token, None
        path = f"/api/applications/?job={rng.choice(world.jobs)}"
        return kind, "GET", path, rng.choice(world.admin_tokens), None


async def client(port: int, mix: Mix, deadline: float, records: list[Record]) -> None:
    reader = writer = None
    host = f"127.0.0.1:{port}"
    while time.monotonic() < deadline:
        kind, method, path, token, body = mix.next()
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if method == "POST":
            headers["Content-Type"] = "application/json"
        request = Request(method, path, headers, body or "").encode(host)
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            response = await asyncio.wait_for(read_response(reader), timeout=60)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError):
            # A keep-alive connection the server closed between requests is not an error of the request:
            # the server never read it. Retry once on a fresh connection, then count it.
            if writer is not None:
                writer.close()
            reader = writer = None
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(request)
                response = await asyncio.wait_for(read_response(reader), timeout=60)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError):
                records.append(Record(kind, 0, time.perf_counter() - started))
                if writer is not None:
                    writer.close()
                reader = writer = None
                await asyncio.sleep(0.05)
                continue
        elapsed = time.perf_counter() - started
        created = None
        if response.status == 201:
            try:
                created = json.loads(response.body)["id"]
            except (ValueError, KeyError, TypeError):
                created = -1
        records.append(Record(kind, response.status, elapsed, created))
        if response.close:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def reminder_scans(deadline: float, every: float = 5.0) -> int:
    """Enqueue the reminder scan twice at a time (two beats) through the broker, every few seconds."""
    from ims.notifications.tasks import send_interview_reminders

    loop = asyncio.get_running_loop()
    count = 0
    while time.monotonic() < deadline:
        await asyncio.sleep(every)
        for _ in range(2):
            await loop.run_in_executor(None, send_interview_reminders.delay)
            count += 1
    return count


async def run_load(port: int, world: World, clients: int, duration: float, seed: int) -> tuple[list, float, int]:
    records: list[Record] = []
    mix = Mix(world=world, rng=random.Random(seed))
    started = time.monotonic()
    deadline = started + duration
    scans = asyncio.create_task(reminder_scans(deadline))
    await asyncio.gather(*(client(port, mix, deadline, records) for _ in range(clients)))
    elapsed = time.monotonic() - started
    return records, elapsed, await scans


def final_reminder_race() -> int:
    """Four reminder scans at the same moment, as several beats would: the dedupe key must hold."""
    from django.db import connection

    from ims.notifications.reminders import interview_reminders_send

    barrier = threading.Barrier(4)
    created: list[int] = []

    def scan() -> None:
        try:
            barrier.wait()
            created.append(interview_reminders_send())
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(created)


# --- checks and report -------------------------------------------------------------------------------------


def scalar(sql: str, params=()) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def existing(table: str, ids: list[int]) -> int:
    if not ids:
        return 0
    return scalar(f"SELECT count(*) FROM {table} WHERE id = ANY(%s)", [ids])  # noqa: S608 - fixed table names


def integrity_checks(records: list[Record], world: World) -> list[tuple[str, bool, str]]:
    created = defaultdict(list)
    for record in records:
        if record.status == 201:
            created[record.kind].append(record.created_id)
    checks: list[tuple[str, bool, str]] = []

    server_errors = sum(1 for r in records if r.status >= 500)
    connection_errors = sum(1 for r in records if r.status == 0)
    checks.append(("zero 5xx responses", server_errors == 0, str(server_errors)))
    checks.append(("zero connection errors", connection_errors == 0, str(connection_errors)))
    unexpected = Counter(
        (r.kind, r.status)
        for r in records
        if r.status and r.status < 500 and r.status not in EXPECTED.get(r.kind, {200})
    )
    checks.append(("only expected statuses (201/409 writes, 200 reads)", not unexpected, dict_text(unexpected)))

    tables = {"apply": "jobs_application", "schedule": "interviews_interview", "feedback": "interviews_feedback"}
    baseline = {"apply": SEEDED_APPLICATIONS, "schedule": PAST_INTERVIEWS, "feedback": 0}
    for kind, table in tables.items():
        ids = created[kind]
        found = existing(table, [i for i in ids if isinstance(i, int) and i > 0])
        checks.append((f"every 201 ({kind}) has its row", found == len(ids), f"{found}/{len(ids)}"))
        rows = scalar(f"SELECT count(*) FROM {table}") - baseline[kind]  # noqa: S608 - fixed table names
        checks.append((f"no {kind} row without a 201", rows == len(ids), f"{rows} new rows, {len(ids)} x 201"))

    duplicates = scalar(
        "SELECT count(*) FROM (SELECT 1 FROM jobs_application GROUP BY job_id, candidate_id HAVING count(*) > 1) d"
    )
    checks.append(("no duplicate application (job, candidate)", duplicates == 0, str(duplicates)))
    for person in ("interviewer_id", "candidate_id"):
        overlaps = scalar(
            f"""SELECT count(*) FROM interviews_interview a JOIN interviews_interview b
                ON a.{person} = b.{person} AND a.id < b.id
               AND tstzrange(a.scheduled_at, a.ends_at) && tstzrange(b.scheduled_at, b.ends_at)
             WHERE a.status = 'scheduled' AND b.status = 'scheduled'"""  # noqa: S608 - fixed column names
        )
        who = person.removesuffix("_id")
        checks.append((f"no overlapping scheduled interviews per {who}", overlaps == 0, str(overlaps)))
    double_feedback = scalar(
        "SELECT count(*) FROM (SELECT 1 FROM interviews_feedback GROUP BY interview_id HAVING count(*) > 1) d"
    )
    checks.append(("one feedback per interview", double_feedback == 0, str(double_feedback)))
    reminders = scalar("SELECT count(*) FROM notifications_notification WHERE kind = 'interview_reminder'")
    double_reminders = scalar(
        """SELECT count(*) FROM (SELECT 1 FROM notifications_notification WHERE kind = 'interview_reminder'
           GROUP BY interview_id, recipient_id, regexp_replace(dedupe_key, '^.*:', '') HAVING count(*) > 1) d"""
    )
    checks.append(
        (
            "one reminder per (interview, recipient, offset)",
            double_reminders == 0 and reminders > 0,
            f"{double_reminders} duplicated of {reminders}",
        )
    )
    return checks


def outbox_by_status() -> dict[str, int]:
    from django.db.models import Count

    from ims.notifications.models import Notification

    return dict(Notification.objects.order_by().values_list("status").annotate(n=Count("id")))


def dict_text(counter: Counter) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(counter.items())) or "none"


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    out = []
    for n, row in enumerate(cells):
        out.append(
            " | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        )
        if n == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def figures(records: list[Record], elapsed: float) -> tuple[str, dict]:
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
    rows, summary = [], {}
    for kind in [*MIX, "all"]:
        group = records if kind == "all" else by_kind.get(kind, [])
        statuses = Counter(r.status for r in group)
        latencies = [r.seconds * 1000 for r in group if r.status]
        row = {
            "requests": len(group),
            "rps": round(len(group) / elapsed, 1) if elapsed else 0,
            "2xx": sum(v for s, v in statuses.items() if 200 <= s < 300),
            "409": statuses.get(409, 0),
            "other_4xx": sum(v for s, v in statuses.items() if 400 <= s < 500 and s != 409),
            "5xx": sum(v for s, v in statuses.items() if s >= 500),
            "errors": statuses.get(0, 0),
            "p50_ms": round(percentile(latencies, 50), 1),
            "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1),
            "max_ms": round(max(latencies), 1) if latencies else float("nan"),
        }
        summary[kind] = row
        rows.append([kind, *row.values()])
    return table(["kind", *next(iter(summary.values())).keys()], rows), summary


# --- main -----------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--clients", type=int, default=200, help="concurrent keep-alive clients (default 200)")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the request mix")
    parser.add_argument("--keep-db", action="store_true", help="leave the load database for inspection")
    parser.add_argument("--json", type=Path, help="also write the figures and checks to this file")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url:
        sys.exit("loadtest: set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/ims")
    db_url, db_name, maintenance_url = load_database_url(base_url)
    var_dir = Path(tempfile.mkdtemp(prefix="ims-loadtest-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="ims.settings",
        DATABASE_URL=db_url,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1",
        IMS_VAR_DIR=str(var_dir),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        JWT_ACCESS_MINUTES="120",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        **{
            f"THROTTLE_RATE_{scope}": "1000000/min"
            for scope in ("ADMIN", "INTERVIEWER", "CANDIDATE", "ANON", "LOGIN", "LOGIN_ACCOUNT_IP", "LOGIN_ACCOUNT")
        },
    )
    os.environ.update(env)  # this process seeds and checks with the same settings
    processes: list[Process] = []
    timings: dict[str, float] = {}
    try:
        mark = time.monotonic()
        print(f"loadtest: database {db_name}, {args.clients} clients for {args.duration:g}s", flush=True)
        recreate_database(maintenance_url, db_name)
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=REPO, env=env, check=True)  # noqa: S603
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        world = seed_world()
        from django.db import connection

        connection.close()
        timings["setup (create db, migrate, seed)"] = time.monotonic() - mark

        mark = time.monotonic()
        web = Process("gunicorn", [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "ims.wsgi"], env, var_dir)
        processes.append(web)
        worker = Process(
            "worker", [PYTHON, "-m", "celery", "-A", "ims", "worker", "--loglevel=WARNING", "--without-gossip",
                       "--without-mingle", "--without-heartbeat"], env, var_dir,
        )  # fmt: skip
        processes.append(worker)
        wait_until(lambda: http_ok(port, "/api/health/live"), 60, "gunicorn", web)
        timings["start gunicorn + worker"] = time.monotonic() - mark

        mark = time.monotonic()
        records, elapsed, scans = asyncio.run(run_load(port, world, args.clients, args.duration, args.seed))
        timings["load"] = time.monotonic() - mark

        mark = time.monotonic()
        time.sleep(2)  # let the worker finish the last enqueued scans
        raced = final_reminder_race()
        checks = integrity_checks(records, world)
        outbox = outbox_by_status()
        timings["checks"] = time.monotonic() - mark
    finally:
        for process in reversed(processes):
            process.stop()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 - best effort before dropping the database
            pass
        if not args.keep_db:
            try:
                recreate_database(maintenance_url, db_name, drop_only=True)
            except Exception as exc:
                print(f"loadtest: could not drop {db_name}: {exc}", file=sys.stderr)
        shutil.rmtree(var_dir, ignore_errors=True)

    text, summary = figures(records, elapsed)
    cpus = os.cpu_count()
    print(f"\nLoad: {args.clients} clients, {elapsed:.1f}s, {len(records)} requests, "
          f"{len(records) / elapsed:.0f} req/s overall (gunicorn {os.environ.get('WEB_CONCURRENCY', 'default')} "
          f"workers, {cpus} CPUs, client and server on one machine)\n")  # fmt: skip
    print(text)
    print(f"\nReminder scans during the load: {scans} (two at a time through the worker); at the end four "
          f"concurrent scans created {raced} more. Outbox after the run: {outbox}\n")  # fmt: skip
    print(table(["integrity check", "result", "detail"], [[n, "PASS" if ok else "FAIL", d] for n, ok, d in checks]))
    print("\n" + table(["phase", "seconds"], [[k, f"{v:.1f}"] for k, v in timings.items()]))
    failed = [name for name, ok, _ in checks if not ok]
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "clients": args.clients,
                    "duration": elapsed,
                    "figures": summary,
                    "timings": timings,
                    "checks": [{"check": n, "ok": ok, "detail": d} for n, ok, d in checks],
                },
                indent=2,
                default=str,
            )
        )
    if failed:
        print(f"\nloadtest: FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("\nloadtest: all integrity checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
