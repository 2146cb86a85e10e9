"""Fixtures for the fault tests: a private PostgreSQL cluster and Redis (stopped and started by the tests),
an SMTP listener, gunicorn and Celery workers as real subprocesses.

These tests run only in CI's second round (``DATABASE_URL`` set) and only where the PostgreSQL and Redis
binaries exist. They never touch the machine's own services: whatever a test stops is private to it, and
every fixture stops and removes what it started in a ``finally``, whatever happens.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.faults import services

PASSWORD = "Fault-pass-2026"


def pytest_configure(config):
    config.addinivalue_line("markers", "faults: starts private PostgreSQL/Redis/gunicorn/Celery and breaks them")


def _skip_reason() -> str | None:
    if not os.environ.get("DATABASE_URL"):
        return "fault tests run in CI's second round only (DATABASE_URL unset)"
    missing = services.missing_binaries()
    if missing:
        return f"fault tests need {', '.join(missing)} to start private services"
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        return "fault tests need aiosmtpd for their SMTP listener"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    if reason is None:
        return
    for item in items:
        if "faults" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


_SEED = f"""
import json
from ims.accounts.models import User, Role
from ims.jobs.models import Job
from ims.interviews.models import RoundType
admin = User.objects.create_user("ada@faults.example.com", {PASSWORD!r}, role=Role.ADMIN, first_name="Ada")
interviewer = User.objects.create_user("ivan@faults.example.com", {PASSWORD!r}, role=Role.INTERVIEWER)
candidates = [User.objects.create_user(f"cara{{i}}@faults.example.com", {PASSWORD!r}) for i in range(6)]
jobs = [Job.objects.create(title=f"Engineer {{i}}", description="Builds things", department="R&D", created_by=admin)
        for i in range(6)]
RoundType.objects.create(name="Technical")
print(json.dumps({{"admin": admin.email, "interviewer": interviewer.email,
                  "candidates": [c.email for c in candidates], "jobs": [j.pk for j in jobs]}}))
"""


@dataclass
class Stack:
    root: Path
    postgres: services.PrivatePostgres
    redis: services.PrivateRedis
    smtp: services.SmtpSink
    env: dict[str, str]
    world: dict
    processes: list[services.ManagedProcess] = field(default_factory=list)
    _unused_candidates: list[str] = field(default_factory=list)
    _unused_jobs: list[int] = field(default_factory=list)

    def web(self) -> services.Gunicorn:
        process = services.Gunicorn(self.env, self.root)
        self.processes.append(process)
        process.start()
        return process

    def worker(self, name: str = "worker", **extra_env: str) -> services.CeleryWorker:
        process = services.CeleryWorker({**self.env, **extra_env}, self.root, name=name)
        self.processes.append(process)
        process.start()
        return process

    def token(self, web: services.Gunicorn, email: str) -> str:
        response = web.post("/api/auth/token/", {"email": email, "password": PASSWORD})
        assert response.status == 200, response.body
        return response.json()["access"]

    def fresh_candidate(self) -> str:
        """A candidate and a job nobody has used yet in this session (tests share one database)."""
        return self._unused_candidates.pop()

    def fresh_job(self) -> int:
        return self._unused_jobs.pop()

    def sweep(self) -> int:
        """One run of the sweeper, as beat would start it (its re-enqueued messages go to the broker)."""
        code = "import json; from ims.notifications.tasks import sweep_outbox; print(json.dumps(sweep_outbox()))"
        return services.django_shell(self.env, code)

    def notification(self, **filters) -> dict | None:
        """The one Notification row matching ``filters`` (column = value), read straight from the database."""
        import psycopg

        columns = {"pk": "id", "application_id": "application_id", "kind": "kind"}
        where = " AND ".join(f"{columns[name]} = %s" for name in filters)
        query = f"SELECT id, status, attempts, kind FROM notifications_notification WHERE {where}"  # noqa: S608
        with psycopg.connect(self.postgres.dsn("ims_faults"), autocommit=True) as conn:
            rows = conn.execute(query, list(filters.values())).fetchall()
        assert len(rows) <= 1, rows
        return dict(zip(("id", "status", "attempts", "kind"), rows[0], strict=True)) if rows else None


@pytest.fixture(scope="session")
def fault_stack():
    root = Path(tempfile.mkdtemp(prefix="ims-faults-"))
    postgres = services.PrivatePostgres()
    redis = services.PrivateRedis()
    smtp = services.SmtpSink()
    try:
        postgres.init()
        postgres.start()
        postgres.create_database("ims_faults")
        redis.start()
        smtp.start()
        env = services.ims_env(
            database_url=postgres.url("ims_faults"),
            redis_url=redis.url(0),
            var_dir=root / "var",
            email_url=smtp.url,
        )
        services.manage(env, "migrate", "--noinput")
        world = services.django_shell(env, _SEED)
        stack = Stack(
            root=root,
            postgres=postgres,
            redis=redis,
            smtp=smtp,
            env=env,
            world=world,
            _unused_candidates=list(world["candidates"]),
            _unused_jobs=list(world["jobs"]),
        )
        yield stack
    finally:
        smtp.stop()
        redis.destroy()
        postgres.destroy()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def stack(fault_stack):
    """The shared stack, with every service a test stopped started again and its processes stopped."""
    fault_stack.smtp.accepted.clear()
    fault_stack.smtp.held.clear()
    try:
        yield fault_stack
    finally:
        fault_stack.smtp.release()
        try:
            for process in reversed(fault_stack.processes):
                process.stop()
            fault_stack.processes.clear()
        finally:
            try:
                fault_stack.postgres.ensure_running()
            finally:
                fault_stack.redis.ensure_running()
