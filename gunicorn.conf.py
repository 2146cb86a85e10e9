"""gunicorn settings (`gunicorn ims.wsgi` reads this file from the working directory)."""

import multiprocessing
import os

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
# recycled worker's accept queue are reset (Linux's net.ipv4.tcp_migrate_req=1 hands them over instead), and
# a second gunicorn on the same port starts silently instead of failing. GUNICORN_REUSE_PORT=false turns it off.
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "true").lower() in {"1", "true", "yes", "on"}
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
