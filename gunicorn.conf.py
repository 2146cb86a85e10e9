"""gunicorn settings (`gunicorn ims.wsgi` reads this file from the working directory)."""

import errno
import gc
import multiprocessing
import os
import re
import socket
import sys
import traceback

from gunicorn import glogging

# `make run` exports PORT (8000 unless set) and honcho hands it to the first Procfile.dev process, web; the other
# processes get PORT+100, PORT+200 (honcho's rule), which they ignore.
bind = os.environ.get("GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
# Workers x threads, measured with bench/run.py at 1M applications (2-core machine shared with other work, wrk with
# 16 connections, 4 s per endpoint, 3 interleaved rounds; req/s of jobs_open + applications?status=screening +
# interviews/upcoming summed, mean of the rounds): 2x4 463, 2x4 with DB_POOL 495, 4x1 463, 4x2 446, 3x2 477,
# 2x8 431 (and the worst p99). The spread between rounds (+-20%) is larger than between settings, so 2 workers x 4
# threads stays: fewest processes (RSS ~100 MB each) and no setting measurably better; 2x8 is measurably worse.
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# The worker class, measured the same way (2026-12-07, 10k applications, 5 s per endpoint, runs alternated
# gthread / sync / gthread / sync on a machine shared with other work, load 4-10): req/s of noop + users/me +
# jobs/<id> + jobs/open + POST applications summed, gthread 2x4 4,257 and 3,292, sync with 4 workers 2,709 and
# 3,582 (/api/health/live 3,263 / 3,116 against 3,072 / 3,271). The sync worker is not faster here, closes every
# connection after its response (no keep-alive) and lets one slow request hold a whole process; gthread stays.
worker_class = "gthread"
# Each worker listens on its own SO_REUSEPORT socket and the kernel spreads connections evenly. With one shared
# socket, the worker that wakes first takes most of a burst of new keep-alive connections (a proxy's upstream
# pool, wrk's 16): seen here holding 17 of 18 connections, which halves throughput (/api/health/live, 6 runs of
# 4 s: 1,039-3,344 req/s shared, 2,849-3,214 with reuse_port). The price: connections still waiting in a
# recycled worker's accept queue are reset (Linux's net.ipv4.tcp_migrate_req=1 hands them over instead), and the
# kernel would let a second gunicorn of the same user share the port silently, so `on_starting` below refuses to
# start when the port is already taken. GUNICORN_REUSE_PORT=false turns it off.
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "true").lower() in {"1", "true", "yes", "on"}
# The application is imported once, in the master, and each worker is forked with it loaded (issue 15): measured
# with 2 workers x 4 threads, ~20k requests over 9 endpoints (wrk), each worker's VmRSS after the load is
# 109.5/109.9 MB preloaded against 116.9/117.4 MB importing it in every worker (idle worker at start 79.3 against
# 89.5 MB), and a recycled worker (max_requests) starts without importing anything. The price: a HUP reloads the
# configuration but not the code (deploy with a restart, or USR2). GUNICORN_PRELOAD=false turns it off.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes", "on"}
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
# gunicorn's own access log, with every value escaped and only the atoms the format names computed (AccessLogger).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


# --- The access log -------------------------------------------------------------------------------------------
# gunicorn writes request values into its access log as they came: the Basic-auth user name (base64-decoded, so it
# may hold a newline: "Authorization: Basic <base64 of 'x\n127.0.0.1 - admin ... \"GET /admin/ HTTP/1.1\" 200'>"
# wrote a second, forged line), and header values with tabs and C1 controls (0x80-0x9f, which gunicorn's parser
# lets through as obs-text), and only a quote was escaped, not the backslash before it. Here every value is written
# as Apache's mod_log_config writes it: backslash and quote escaped, control characters as \n, \t, \xhh (the
# same set ims.core.log escapes in the application's log). And each line computed every atom gunicorn knows,
# every environ variable and every header (~0.2 ms per request, ~13% of /api/health/live's CPU under load);
# here only the atoms the format names are computed, when the format asks for them.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f\u2028\u2029"\\]')
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


def _escaped(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def escape_log_value(value: str) -> str:
    """``value`` as one safe token of an access-log line."""
    return _UNSAFE.sub(_escaped, value)


class AccessAtoms(dict):
    """The atoms of one access-log line (gunicorn's names and values), each computed and escaped on first use:
    %-formatting reads a dict subclass through ``__missing__``."""

    def __init__(self, log, resp, req, environ, request_time):
        # Never empty: logging takes a non-empty mapping as the format's arguments.
        super().__init__(l="-")
        self.log, self.resp, self.req, self.environ, self.request_time = log, resp, req, environ, request_time

    def __missing__(self, key: str):
        value = self._atom(key)
        if isinstance(value, str):
            value = escape_log_value(value)
        self[key] = value
        return value

    def _atom(self, key: str):
        environ, resp, elapsed = self.environ, self.resp, self.request_time
        if key.startswith("{") and len(key) > 3 and key[-2] == "}":
            name, kind = key[1:-2].lower(), key[-1]
            if kind == "i":
                pairs = self.req.headers.items() if hasattr(self.req.headers, "items") else self.req.headers
            elif kind == "o":
                pairs = resp.headers.items() if hasattr(resp.headers, "items") else resp.headers
            elif kind == "e":
                pairs = environ.items()
            else:
                return "-"
            found = "-"
            for header, value in pairs:  # the last one wins, as in gunicorn's dict of them
                if header.lower() == name:
                    found = value
            return found
        if key == "h":
            return environ.get("REMOTE_ADDR", "-")
        if key == "u":
            return self.log._get_user(environ) or "-"  # noqa: SLF001 - gunicorn's own Basic-auth decoder
        if key == "t":
            return self.log.now()
        if key == "r":
            return f"{environ['REQUEST_METHOD']} {environ['RAW_URI']} {environ['SERVER_PROTOCOL']}"
        if key == "s":
            status = resp.status
            return status.split(None, 1)[0] if isinstance(status, str) else status
        simple = {"m": "REQUEST_METHOD", "U": "PATH_INFO", "q": "QUERY_STRING", "H": "SERVER_PROTOCOL"}
        if key in simple:
            return environ.get(simple[key])
        if key in ("f", "a"):
            return environ.get("HTTP_REFERER" if key == "f" else "HTTP_USER_AGENT", "-")
        sent = getattr(resp, "sent", None)
        timings = {
            "b": (sent is not None and str(sent)) or "-",
            "B": sent,
            "T": elapsed.seconds,
            "D": elapsed.seconds * 1_000_000 + elapsed.microseconds,
            "M": elapsed.seconds * 1000 + elapsed.microseconds // 1000,
            "L": f"{elapsed.seconds}.{elapsed.microseconds:06d}",
            "p": f"<{os.getpid()}>",
        }
        return timings.get(key, "-")


class AccessLogger(glogging.Logger):
    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            self.access_log.info(self.cfg.access_log_format, AccessAtoms(self, resp, req, environ, request_time))
        except Exception:
            self.error(traceback.format_exc())


logger_class = AccessLogger


def port_taken_message(address) -> str | None:
    """The one-line refusal if a TCP ``(host, port)`` already has a listener, else None.

    The probe binds WITHOUT SO_REUSEPORT (which would let it share the port with a listener of the same user, as
    the workers do) but with SO_REUSEADDR, like gunicorn's own sockets, so connections left in TIME_WAIT by a
    server that just stopped do not count as "taken". Unix sockets and inherited file descriptors are skipped.
    """
    if not isinstance(address, tuple):
        return None
    host, port = address
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"IMS: port {port} is already in use by another process"
            raise
    return None


def refuse_taken_ports(addresses) -> None:
    for address in addresses:
        message = port_taken_message(address)
        if message:
            print(message, file=sys.stderr, flush=True)
            sys.exit(1)


def on_starting(server):
    # A re-exec (USR2) or systemd socket activation inherits the listening sockets: the port is ours.
    if "GUNICORN_FD" in os.environ or "LISTEN_FDS" in os.environ:
        return
    refuse_taken_ports(server.cfg.address)


def post_worker_init(worker):
    # The loaded application moves to the GC's permanent generation: never scanned again, so a worker exits
    # seconds sooner on SIGTERM under load (as the Celery worker, ims/celery.py).
    gc.freeze()


def served_urls(addresses) -> list[str]:
    urls = []
    for address in addresses:
        if isinstance(address, tuple):
            host, port = address
            urls.append(f"http://{f'[{host}]' if ':' in host else host}:{port}/")
    return urls


def when_ready(server):
    # With reuse_port the arbiter holds no socket, so gunicorn's own "Listening at:" line is empty.
    for url in served_urls(server.cfg.address):
        server.log.info("IMS is serving %s (API docs %sapi/docs/, admin %sadmin/)", url, url, url)


if __name__ == "__main__":
    # `python gunicorn.conf.py`: the same check before `make run` starts anything (worker and beat included).
    from gunicorn.util import parse_address

    refuse_taken_ports([parse_address(bind)])
