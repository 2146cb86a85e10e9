"""gunicorn settings (`gunicorn ims.wsgi` reads this file from the working directory)."""

import errno
import gc
import multiprocessing
import os
import socket
import sys

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
worker_class = "gthread"
# Each worker listens on its own SO_REUSEPORT socket and the kernel spreads connections evenly. With one shared
# socket, the worker that wakes first takes most of a burst of new keep-alive connections (a proxy's upstream
# pool, wrk's 16): seen here holding 17 of 18 connections, which halves throughput (/api/health/live, 6 runs of
# 4 s: 1,039-3,344 req/s shared, 2,849-3,214 with reuse_port). The price: connections still waiting in a
# recycled worker's accept queue are reset (Linux's net.ipv4.tcp_migrate_req=1 hands them over instead), and the
# kernel would let a second gunicorn of the same user share the port silently, so `on_starting` below refuses to
# start when the port is already taken. GUNICORN_REUSE_PORT=false turns it off.
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "true").lower() in {"1", "true", "yes", "on"}
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


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
