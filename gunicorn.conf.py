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
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
