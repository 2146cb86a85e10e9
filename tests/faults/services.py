"""Real processes for the fault tests: a private PostgreSQL cluster, a private Redis, gunicorn, a Celery
worker and an SMTP listener. Nothing here touches the machine's own PostgreSQL (5432) or Redis (6379): every
service is started on a free port in a temporary folder and removed again by the fixtures' teardown.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import glob
import http.client
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(predicate, *, timeout: float, interval: float = 0.1, what: str = "condition"):
    """Poll ``predicate`` until it returns something truthy; return that, or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = predicate()
        except Exception as exc:
            last_error = exc
        else:
            if result:
                return result
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what} (last error: {last_error!r})")


def postgres_bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def missing_binaries() -> list[str]:
    missing = []
    if postgres_bindir() is None:
        missing.append("initdb/pg_ctl")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    if os.geteuid() == 0:  # initdb refuses root: the cluster runs as the postgres OS user
        if shutil.which("runuser") is None:
            missing.append("runuser")
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            missing.append("a 'postgres' OS user")
    return missing


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- PostgreSQL ------------------------------------------------------------------------------------


class PrivatePostgres:
    """A throwaway cluster (trust auth, loopback, a free port, the socket in its own folder)."""

    def __init__(self) -> None:
        self.bindir = postgres_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="ims-faults-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = free_port()
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.root, user="postgres", group="postgres")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._as_postgres:  # initdb refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)  # noqa: S603

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        result = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start", check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"private PostgreSQL did not start: {result.stderr}\n{tail(self.log)}")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def ensure_running(self) -> None:
        if not self.running():
            self.start()

    def create_database(self, name: str) -> None:
        command = [str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name]
        subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def dsn(self, name: str) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={name} connect_timeout=5"

    def destroy(self) -> None:
        try:
            if self.data.exists():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


# --- Redis ------------------------------------------------------------------------------------------


class PrivateRedis:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="ims-faults-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            shutil.which("redis-server") or "redis-server",
            "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", str(self.root), "--logfile", str(self.root / "redis.log"),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        wait_for(lambda: self.ping(), timeout=15, what="private Redis to answer")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def ensure_running(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.start()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


# --- SMTP ---------------------------------------------------------------------------------------------


class SmtpSink:
    """An SMTP server in this process. ``hold_next()`` makes the next DATA wait until ``release()``, then
    refuse it (451): the sender never learns the message was accepted, as when it dies mid-send."""

    def __init__(self) -> None:
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)

        self.accepted: list[Message] = []
        self.held: list[Message] = []
        self.data_arrived = threading.Event()
        self._release = threading.Event()
        self._hold = False
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self._release.set()
        with contextlib.suppress(Exception):
            self.controller.stop()

    def hold_next(self) -> None:
        self._hold = True
        self._release.clear()
        self.data_arrived.clear()

    def release(self) -> None:
        self._release.set()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        if self._hold:
            self._hold = False
            # Recorded before waiting: when the sender dies, aiosmtpd cancels this handler mid-wait.
            self.held.append(message)
            self.data_arrived.set()
            while not self._release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Aborted by the fault test"
        self.accepted.append(message)
        return "250 Message accepted for delivery"

    def accepted_for(self, notification_id: int) -> list[Message]:
        return [m for m in self.accepted if m.get("X-IMS-Notification") == str(notification_id)]

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


# --- IMS processes -------------------------------------------------------------------------------------


def ims_env(*, database_url: str, redis_url: str, var_dir: Path, email_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "EMAIL_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="ims.settings",
        DEBUG="true",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        IMS_VAR_DIR=str(var_dir),
        EMAIL_URL=email_url,
        EMAIL_TIMEOUT="30",
        NOTIFICATION_SWEEP_AFTER_SECONDS="2",
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="INFO",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 180) -> str:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def django_shell(env: dict[str, str], code: str, timeout: float = 120):
    """Run ``code`` in ``manage.py shell`` against the app's database; its last printed line is JSON."""
    output = manage(env, "shell", "-c", code, timeout=timeout)
    return json.loads(output.strip().splitlines()[-1])


class ManagedProcess:
    """A subprocess in its own session (so killpg reaches its children), logging to a file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name, self.command, self.env = name, command, env
        self.log = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603
            self.command, cwd=REPO, env=self.env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)
        elif self.process is not None:
            # The leader is gone; make sure no child of its group survives either.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.kill()

    def output(self, lines: int = 60) -> str:
        return tail(self.log, lines)


class Gunicorn(ManagedProcess):
    def __init__(self, env: dict[str, str], log_dir: Path, workers: int = 2) -> None:
        self.port = free_port()
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers)}
        super().__init__("gunicorn", [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "ims.wsgi"], env, log_dir)

    def start(self) -> None:
        super().start()
        try:
            wait_for(lambda: self.get("/api/health/live").status == 200, timeout=30, what="gunicorn")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{self.output()}") from None

    def request(self, method: str, path: str, body=None, token: str | None = None) -> Response:
        headers = {"Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body)
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=payload, headers=headers)
            raw = connection.getresponse()
            return Response(raw.status, dict(raw.getheaders()), raw.read())
        finally:
            connection.close()

    def get(self, path: str, token: str | None = None) -> Response:
        return self.request("GET", path, token=token)

    def post(self, path: str, body, token: str | None = None) -> Response:
        return self.request("POST", path, body=body, token=token)


class CeleryWorker(ManagedProcess):
    def __init__(self, env: dict[str, str], log_dir: Path, name: str = "worker") -> None:
        command = [PYTHON, "-m", "celery", "-A", "ims", "worker", "--loglevel=INFO", "--concurrency=1"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"]
        super().__init__(name, command, env, log_dir)

    def start(self) -> None:
        super().start()
        try:
            wait_for(lambda: "ready." in self.output(200), timeout=60, what=f"celery {self.name} to be ready")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{self.output()}") from None


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == "content-type"), "")

    def json(self):
        return json.loads(self.body)
