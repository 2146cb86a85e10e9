"""Smoke test of the first five minutes, as the README tells a newcomer (stdlib only, Linux).

From the repository: `make run` with no variables, in a terminal of its own (a pseudo-terminal) and with a
temporary IMS_VAR_DIR so the real var/ is untouched. Then:

1. wait for http://127.0.0.1:8000/api/health/; the URL and the demo logins are printed;
2. fetch /api/docs/ and every file it references (all 200), and the schema it loads;
3. log in as the demo admin with the README's exact curl body;
4. fetch the Django admin's stylesheets;
5. a second `make run` on the same port fails, saying the port is in use;
6. Ctrl-C (the terminal sends SIGINT to its foreground process group) stops everything within 10 s, make exits
   0, and the output has no error line.

Usage: python scripts/smoke.py [--port 8000] [--start-timeout 300]   (exit 0: passed)
"""

import argparse
import contextlib
import json
import os
import pty
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_WITHIN = 10
ERROR_LINES = re.compile(r"Traceback|ERROR|CRITICAL|exited with signal|Error 130|make: \*\*\*|SIGKILL")
# What the newcomer's shell would not have set; anything else of the caller's environment is kept.
UNSET = ("DATABASE_URL", "REDIS_URL", "PORT", "HOST", "GUNICORN_BIND", "EMAIL_URL", "DEBUG", "SECRET_KEY")


class SmokeFailure(Exception):
    pass


class Terminal:
    """`make run` in a pseudo-terminal, as in a shell window; its output is kept for the checks."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        self.output = bytearray()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: a new session whose controlling terminal is the pty
            os.chdir(ROOT)
            os.execvpe(argv[0], argv, env)  # noqa: S606 - make, from the repository
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.returncode: int | None = None

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def text(self) -> str:
        return self.output.decode(errors="replace").replace("\r\n", "\n")

    def ctrl_c(self) -> None:
        os.write(self.fd, b"\x03")

    def wait(self, timeout: float) -> int | None:
        if self.returncode is not None:
            return self.returncode
        deadline = time.monotonic() + timeout
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
                self._reader.join(2)
                return self.returncode
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.1)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)


def get(url: str, *, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310 - loopback http only
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def readme_login() -> tuple[str, bytes]:
    """The first `curl ... /api/auth/token/ ... -d '...'` of the README: its URL and its exact body."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"curl [^\n]*?/api/auth/token/.*?(?=\n```)", readme, re.DOTALL)
    if not block:
        raise SmokeFailure("the README has no curl login example")
    words = shlex.split(block.group(0).replace("\\\n", " "))
    return next(w for w in words if w.startswith("http")), words[words.index("-d") + 1].encode()


def processes_with(marker: str) -> list[int]:
    """Pids whose environment holds `marker` (our temporary IMS_VAR_DIR): what `make run` left alive."""
    found = []
    needle = f"IMS_VAR_DIR={marker}".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)
    print(f"smoke: ok  {message}", flush=True)


def wait_for_health(base: str, server: Terminal, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.wait(0) is not None:
            raise SmokeFailure(f"`make run` exited ({server.returncode}) before serving {base}/api/health/")
        try:
            status, _, body = get(f"{base}/api/health/")
            if status == 200:
                check(True, f"{base}/api/health/ is 200: {body.decode()[:120]}")
                return
        except OSError:
            pass
        time.sleep(1)
    raise SmokeFailure(f"{base}/api/health/ did not answer 200 within {timeout:.0f} s")


def run_checks(base: str, port: int, env: dict[str, str]) -> None:
    status, _, page = get(f"{base}/api/docs/")
    check(status == 200, "/api/docs/ is 200")
    html = page.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    check(len(assets) >= 3, f"/api/docs/ references {len(assets)} static files")
    for asset in assets:
        status, headers, body = get(base + asset)
        check(status == 200 and len(body) > 0, f"{asset} is 200 ({len(body)} bytes)")
    schema_url = re.search(r'"(/api/schema/?[^"]*)"', html)
    schema = base + (schema_url.group(1) if schema_url else "/api/schema/")
    status, _, body = get(schema, headers={"Accept": "application/json"})
    check(status == 200 and b"/api/auth/token/" in body, "the schema Swagger UI loads is 200 and lists the API")

    url, body = readme_login()
    check(url.startswith("http://127.0.0.1:8000/"), f"the README logs in at {url}")
    url = url.replace(":8000/", f":{port}/", 1)  # --port: the same request to the port under test
    status, _, answer = get(url, data=body, headers={"Content-Type": "application/json"})
    tokens = json.loads(answer or b"{}") if status == 200 else {}
    check(status == 200 and "access" in tokens and "refresh" in tokens, f"the README's login {body.decode()} is 200")

    status, _, page = get(f"{base}/admin/login/")
    check(status == 200, "/admin/login/ is 200")
    stylesheets = re.findall(r'href="(/static/admin/css/[^"]+\.css)"', page.decode())
    check(bool(stylesheets), f"the admin links {len(stylesheets)} stylesheets")
    for sheet in stylesheets:
        status, headers, _ = get(base + sheet)
        check(status == 200 and headers.get("Content-Type", "").startswith("text/css"), f"{sheet} is 200 text/css")

    second = subprocess.run(
        ["make", "run"],  # noqa: S607 - the make on PATH, as the README says
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    said = f"IMS: port {port} is already in use by another process"
    check(second.returncode != 0 and said in second.stdout + second.stderr, f"a second `make run` fails: {said}")
    check("web.1" not in second.stdout, "the second `make run` started nothing")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8000, help="the port `make run` serves by default")
    parser.add_argument("--start-timeout", type=float, default=300, help="seconds for the first start (bootstrap)")
    args = parser.parse_args()
    port, base = args.port, f"http://127.0.0.1:{args.port}"
    if not port_is_free(port):
        print(f"smoke: port {port} is taken by something else; stop it first", file=sys.stderr)
        return 2

    var_dir = tempfile.mkdtemp(prefix="ims-smoke-")
    env = {key: value for key, value in os.environ.items() if key not in UNSET and not key.startswith("MAKE")}
    env["IMS_VAR_DIR"] = var_dir
    if port != 8000:
        env["PORT"] = str(port)
    log = Path(var_dir) / "make-run.log"
    server = Terminal(["make", "run"], env)
    try:
        wait_for_health(base, server, args.start_timeout)
        printed = server.text()
        check(f"IMS is serving {base}/" in printed, f"`make run` printed the URL it serves ({base}/)")
        check("admin@ims.demo" in printed, "`make run` printed the demo logins")
        run_checks(base, port, env)

        before = len(server.output)
        started = time.monotonic()
        server.ctrl_c()
        returncode = server.wait(STOP_WITHIN)
        took = time.monotonic() - started
        check(returncode is not None, f"Ctrl-C stopped `make run` in {took:.1f} s (at most {STOP_WITHIN})")
        check(returncode == 0, f"`make run` exited with status {returncode} after Ctrl-C")
        left = processes_with(var_dir)
        check(not left, f"no process of `make run` is left (found {left})")
        check(port_is_free(port), f"port {port} is free again")
        errors = [line for line in server.text().splitlines() if ERROR_LINES.search(line)]
        check(not errors, "no error line in the output of `make run`" + "".join(f"\n    {e}" for e in errors))
        shutdown = server.output[before:].decode(errors="replace")
        print("smoke: shutdown output:\n" + "\n".join(f"    {line}" for line in shutdown.splitlines()), flush=True)
    except SmokeFailure as failure:
        print(f"smoke: FAILED {failure}", file=sys.stderr)
        print("smoke: output of `make run` (last 60 lines):", file=sys.stderr)
        for line in server.text().splitlines()[-60:]:
            print(f"    {line}", file=sys.stderr)
        return 1
    finally:
        log.write_text(server.text())
        if server.wait(0) is None:
            server.ctrl_c()
            if server.wait(STOP_WITHIN) is None:
                server.kill()
                server.wait(5)
        for pid in processes_with(var_dir):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    print(f"smoke: passed (log: {log})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
