#!/usr/bin/env python
"""The IMS benchmark (``make bench``). Needs DATABASE_URL pointing at a PostgreSQL database it may fill.

For each size (10,000 then 1,000,000 applications by default) it:

1. generates the data (``manage.py generate_data --reset``, timed);
2. picks the personas (admin, the interviewer with the most upcoming interviews, the candidate with the
   most feedback, the job with the most applications) and builds unique write requests (fresh
   (candidate, job) pairs for POST /api/applications/, past interviews without feedback for POST
   .../feedback/), with access tokens minted like the login endpoint mints them;
3. calls every endpoint once in this process through Django's test client with CaptureQueriesContext:
   SQL queries per request, at the default page and at page_size=1 and 100 (a list's count must not
   move), and EXPLAINs every SELECT it ran, flagging sequential scans of applications or interviews;
4. starts gunicorn with production settings (DEBUG=false, a SECRET_KEY, throttling lifted by the
   THROTTLE_RATE_* variables) from the repository's gunicorn.conf.py, warms up, then loads each endpoint
   with a fixed number of connections for a fixed time (wrk when installed, otherwise the asyncio client
   in bench/loadgen.py; the table says which);
5. reads each gunicorn worker's RSS, stops gunicorn.

Then it prints the table, marks each target of the issue met or not met, and writes Markdown and JSON to
bench/results/ (latest.md, latest.json and timestamped copies).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ims_bench REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/run.py [--sizes 10000,1000000] [--connections 16] [--duration 10]

Everything printed is also in the results; --help lists the knobs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import math
import os
import platform
import runpy
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH_DIR))

import http1  # noqa: E402
import loadgen  # noqa: E402
import profiling  # noqa: E402

EMAIL_DOMAIN = "bench.example.com"
PASSWORD = "Bench-pass-2026"  # noqa: S105 - the generated users' published benchmark password
# The big source tables. The report rollups (reports_*) are not listed: a report over the whole data set reads
# every rollup row by definition, and issue 16 accepts that for a rollup kept current by the services.
SEQ_SCAN_TABLES = ("jobs_application", "interviews_interview", "jobs_applicationevent")

# Targets of the issues.
READ_SHARE = 0.25  # issue 6
WRITE_SHARE = 0.15  # issues 6 and 15
P99_GROWTH = 1.5
RSS_LIMIT_MB = 150  # issue 6
REPORT_P99_MS = 500  # issue 16: each report over the whole data set
# Issue 15, per endpoint group (fixtures.Endpoint.group), as a share of /api/health/live req/s.
GROUP_SHARES = {
    "single": ("Single-object reads (users/me, jobs/<id>, applications/<id>)", 0.30),
    "list": ("List pages at the default size (jobs open, applications me, interviews me, upcoming, feedback me)", 0.20),
    "write": ("POST /api/applications/ and feedback submit", 0.15),
}
RSS_TARGET_MB = 120  # issue 15
# The fixed-cost probes (bench/urls.py): always measured, as the reference of the "above noop" column.
BASELINES = ("noop_anon", "noop")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,1000000", help="Applications per data set, comma-separated.")
    parser.add_argument("--connections", type=int, default=16, help="Concurrent keep-alive connections.")
    parser.add_argument("--duration", type=float, default=10, help="Seconds of load per endpoint.")
    parser.add_argument("--warmup", type=float, default=1, help="Seconds of warm-up per endpoint.")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="Measure every endpoint this many times, round after round (each round starts with /api/health/live);"
        " the table shows each endpoint's median round, the ceiling is the mean of all /api/health/live runs.",
    )
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's).")
    parser.add_argument("--threads", type=int, help="gunicorn threads per worker (default: gunicorn.conf.py's).")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=0,
        help="gunicorn max_requests during the run (default 0: workers are not recycled, so the RSS read at "
        "the end is the memory after the whole run).",
    )
    parser.add_argument("--pool", type=int, default=0, help="Unique requests per write endpoint (0: auto).")
    parser.add_argument("--only", default="", help="Only these endpoints (comma-separated names).")
    parser.add_argument("--skip-generate", action="store_true", help="Reuse the data already in the database.")
    parser.add_argument("--no-explain", action="store_true", help="Skip the EXPLAIN of every endpoint's queries.")
    parser.add_argument(
        "--probe-only", action="store_true", help="No server and no load: query counts and EXPLAIN only."
    )
    parser.add_argument("--port", type=int, default=0, help="gunicorn port (0: a free one).")
    parser.add_argument("--out", default=str(BENCH_DIR / "results"), help="Where the results go.")
    parser.add_argument(
        "--profile",
        default="",
        help="Endpoints (comma-separated names) to profile: after its measurement, each is loaded again for "
        "--duration with py-spy sampling every gunicorn worker; summary in bench/results/profile-<name>-<time>.md.",
    )
    parser.add_argument("--profile-rate", type=int, default=100, help="py-spy samples per second.")
    parser.add_argument(
        "--profile-threads",
        choices=tuple(profiling.THREADS),
        default="gil",
        help="gil: the thread holding the GIL (Python work, default); active: py-spy's non-idle threads; all.",
    )
    parser.add_argument("--profile-top", type=int, default=30, help="Frames listed per table of the summary.")
    return parser.parse_args()


# --- environment -----------------------------------------------------------------------------------


def configure_environment(args: argparse.Namespace, var_dir: str, port: int) -> dict[str, str]:
    """Production-like settings for this process (query counts, fixtures) and for gunicorn, identical
    so that tokens minted here are accepted there."""
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        sys.exit("bench: set DATABASE_URL to a PostgreSQL database the benchmark may fill (it is emptied).")
    settings = {
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "IMS_VAR_DIR": var_dir,
        "JWT_ACCESS_MINUTES": "240",  # the pre-minted tokens must outlive a long run
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_MAX_REQUESTS": str(args.max_requests),
        # The product's settings plus the fixed-cost probes' URLs (bench/settings.py, bench/urls.py).
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    for scope in ("ADMIN", "INTERVIEWER", "CANDIDATE", "ANON", "LOGIN", "LOGIN_ACCOUNT_IP", "LOGIN_ACCOUNT"):
        settings[f"THROTTLE_RATE_{scope}"] = "1000000/min"
    if args.workers:
        settings["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads:
        settings["GUNICORN_THREADS"] = str(args.threads)
    os.environ.update(settings)
    return dict(os.environ)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_config() -> dict:
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return {key: config.get(key) for key in ("workers", "threads", "worker_class", "max_requests", "keepalive")}


def machine_info() -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as fh:
        cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), cpu)
    memory = "unknown"
    with contextlib.suppress(OSError), open("/proc/meminfo") as fh:
        kb = int(next(line.split()[1] for line in fh if line.startswith("MemTotal")))
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    from django import get_version
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": get_version(),
        "postgresql": pg,
        "redis": bool(os.environ.get("REDIS_URL")),
        "loadavg_at_start": os.getloadavg(),
    }


# --- gunicorn --------------------------------------------------------------------------------------


def start_gunicorn(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "ab")  # noqa: SIM115 - lives as long as the server
    proc = subprocess.Popen(  # noqa: S603
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "ims.wsgi", "--config", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health/live", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        stop_gunicorn(proc)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {log_path}")
    # Every worker up (each answers its first request only once booted).
    time.sleep(1.5)
    return proc


def drain(port: int, limit: float = 180.0) -> float:
    """Wait until the server is idle again: requests a load left behind (the client stops, gunicorn still
    answers what it had accepted) must not slow down the next measurement. Idle = /api/health/live answers
    in under 50 ms three times in a row. Returns the seconds waited."""
    started = time.monotonic()
    fast = 0
    while fast < 3 and time.monotonic() - started < limit:
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health/live", timeout=limit) as response:
                response.read()
        except OSError:
            time.sleep(0.2)
            continue
        fast = fast + 1 if time.perf_counter() - t0 < 0.05 else 0
        time.sleep(0.05)
    return time.monotonic() - started


def worker_pids(master: int) -> list[int]:
    try:
        with open(f"/proc/{master}/task/{master}/children") as fh:
            return [int(pid) for pid in fh.read().split()]
    except OSError:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError), open(entry / "stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == master:
                        pids.append(int(entry.name))
        return pids


def rss_mb(pid: int) -> float | None:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def stop_gunicorn(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- in-process probes: query counts and plans ---------------------------------------------------


def call_in_process(request: http1.Request, extra_query: str = ""):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    meta, content_type = {}, "application/octet-stream"
    for name, value in request.headers.items():
        if name.lower() == "content-type":
            content_type = value
        else:
            meta["HTTP_" + name.upper().replace("-", "_")] = value
    path = request.path
    if extra_query:
        path += ("&" if "?" in path else "?") + extra_query
    client = Client(HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as ctx:
        response = client.generic(request.method, path, data=request.body.encode(), content_type=content_type, **meta)
    rows = None
    with contextlib.suppress(ValueError, AttributeError, TypeError):
        body = json.loads(response.content)
        if isinstance(body, dict) and isinstance(body.get("results"), list):
            rows = len(body["results"])
    return response.status_code, [q["sql"] for q in ctx.captured_queries], rows


def _seq_scans(plan: dict) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan":
        found.append(plan.get("Relation Name", "?"))
    for child in plan.get("Plans", []):
        found += _seq_scans(child)
    return found


def explain(queries: list[str]) -> list[dict]:
    """EXPLAIN (and EXPLAIN ANALYZE, for plain SELECTs) each SELECT the endpoint ran."""
    from django.db import connection

    plans = []
    raw = connection.connection
    for sql in queries:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with raw.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = plan[0]["Plan"] if isinstance(plan, list) else json.loads(plan)[0]["Plan"]
            text, execution_ms = "", None
            if "FOR UPDATE" not in sql.upper():
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                lines = [row[0] for row in cursor.fetchall()]
                text = "\n".join(lines)
                for line in lines:
                    if line.startswith("Execution Time:"):
                        execution_ms = float(line.split()[2])
        plans.append({"sql": sql, "seq_scans": _seq_scans(plan), "execution_ms": execution_ms, "plan": text})
    return plans


def probe(endpoint, do_explain: bool) -> dict:
    if endpoint.probe is None:
        return {}
    status, queries, rows = call_in_process(endpoint.probe)
    result = {"probe_status": status, "queries": len(queries), "rows": rows, "sql": queries}
    if endpoint.paged and endpoint.probe.method == "GET":
        _, q1, rows1 = call_in_process(endpoint.probe, "page_size=1")
        _, q100, rows100 = call_in_process(endpoint.probe, "page_size=100")
        result.update(queries_page_1=len(q1), queries_page_100=len(q100), rows_page_1=rows1, rows_page_100=rows100)
    if do_explain:
        plans = explain(queries)
        result["plans"] = plans
        result["seq_scans"] = sorted({t for p in plans for t in p["seq_scans"] if t in SEQ_SCAN_TABLES})
        result["slowest_query_ms"] = max((p["execution_ms"] or 0 for p in plans), default=0)
    return result


# --- one data set ------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def profiled_names(args) -> list[str]:
    return [name for name in args.profile.split(",") if name.strip()]


def profile_endpoint(
    endpoint, requests, measured: dict, args, port: int, kind: str, master: int, size: int, persona_notes: dict
) -> dict:
    """Load ``endpoint`` again (with ``requests``: a write's pool minus what the measurement used) for --duration
    with py-spy on every worker; write the summary (Markdown) and keep the raw files beside it. Returns what the
    results JSON keeps of it."""
    out = Path(args.out)
    when = dt.datetime.now()
    stem = out / f"profile-{endpoint.name}-{when:%Y%m%d-%H%M%S}"
    pids = worker_pids(master)
    recorder = profiling.Recorder(pids, stem, rate=args.profile_rate, threads=args.profile_threads)
    recorder.start()
    load = loadgen.run(kind, "127.0.0.1", port, requests, args.connections, args.duration)
    files = recorder.stop()
    drain(port)
    summary = profiling.summarize_files(files, top=args.profile_top)
    notes = [
        f"`{endpoint.label}` as {endpoint.persona}, {size:,} applications, {when:%Y-%m-%d %H:%M} "
        f"(bench/run.py --profile). Personas: {'; '.join(f'{k}: {v}' for k, v in persona_notes.items())}.",
        "",
        f"Measured just before without the profiler: {measured['rps']:.0f} req/s, p50 {measured['p50_ms']:.1f} ms.",
        f"Under profile: {load['rps']:.0f} req/s, p50 {load['p50_ms']:.1f} ms, p99 {load['p99_ms']:.1f} ms, "
        f"{load['requests']:,} requests in {load['seconds']:.1f} s, non-2xx {load['non_2xx']} "
        f"({loadgen.client_name(kind)}, {args.connections} connections). py-spy {args.profile_rate}/s on "
        f"{len(files)} of {len(pids)} workers ({', '.join(str(p) for p in pids)}), "
        + f"threads sampled: {args.profile_threads} (bench/profiling.py).",
    ]
    if recorder.errors:
        notes += ["", "py-spy problems: " + "; ".join(recorder.errors)]
    markdown = profiling.render_markdown(
        summary,
        title=f"Profile: {endpoint.label}",
        rate=args.profile_rate,
        requests=load["requests"],
        notes=notes,
        threads=args.profile_threads,
    )
    path = stem.with_suffix(".md")
    path.write_text(markdown)
    log(
        f"profile {endpoint.name}: {summary['samples']:,} samples, {load['rps']:.0f} req/s under py-spy; "
        + ", ".join(f"{g['group']} {g['attributed']:.0%}" for g in summary["groups"][:6])
        + f" -> {path}"
        + (f" (problems: {'; '.join(recorder.errors)})" if recorder.errors else "")
    )
    return {
        "path": str(path),
        "raw": [str(f) for f in files],
        "rps": load["rps"],
        "requests": load["requests"],
        "samples": summary["samples"],
        "groups": summary["groups"],
        "phases": summary["phases"],
        "self": summary["self"][:10],
        "inclusive": summary["inclusive"][:10],
        "errors": recorder.errors,
    }


def run_size(size: int, args, env: dict, port: int, var_dir: str, kind: str) -> dict:
    import fixtures
    from django.core.management import call_command
    from django.db import connection

    result: dict = {"applications": size}
    if not args.skip_generate:
        log(f"Generating {size:,} applications...")
        started = time.monotonic()
        out = io.StringIO()
        call_command("generate_data", applications=size, reset=True, password=PASSWORD, stdout=out)
        result["generate_seconds"] = round(time.monotonic() - started, 1)
        summary = [line for line in out.getvalue().splitlines() if line.startswith(("Generated", "  "))]
        result["generate_summary"] = summary
        log(f"Generated in {result['generate_seconds']} s: " + " | ".join(s.strip() for s in summary[:3]))

    personas = fixtures.pick_personas(PASSWORD, EMAIL_DOMAIN)
    result["personas"] = personas.notes
    result["list_sizes"] = fixtures.measured_pages(personas)
    # Enough for every round and a profile (bench/README.md: ~200 writes/s at most on the reference machine).
    loads_per_endpoint = args.rounds + (1 if args.profile else 0)
    pool = args.pool or max(2000, int(600 * args.duration * loads_per_endpoint))
    warm = max(50, int(300 * args.warmup))
    log(f"Building fixtures: {pool:,} unique applications and feedback submissions; personas: {personas.notes}")
    endpoints = fixtures.endpoints(personas, pool_size=pool, warmup_size=warm, email_domain=EMAIL_DOMAIN)
    unknown = sorted({*profiled_names(args), *filter(None, args.only.split(","))} - {e.name for e in endpoints})
    if unknown:
        names = ", ".join(e.name for e in endpoints)
        log(f"unknown endpoint names (not measured): {', '.join(unknown)}; the names are: {names}")
    if args.only:
        wanted = {"health_live", *BASELINES, *args.only.split(","), *profiled_names(args)}
        endpoints = [e for e in endpoints if e.name in wanted]

    # In-process: status, SQL per request, plans.
    probes = {}
    for endpoint in endpoints:
        try:
            probes[endpoint.name] = probe(endpoint, do_explain=not args.no_explain)
        except Exception as exc:
            probes[endpoint.name] = {"probe_error": f"{type(exc).__name__}: {exc}"}
        p = probes[endpoint.name]
        if p:
            log(
                f"probe {endpoint.name}: HTTP {p.get('probe_status')} · {p.get('queries')} queries"
                + (
                    f" (page 1: {p['queries_page_1']}, page 100: {p['queries_page_100']})"
                    if "queries_page_1" in p
                    else ""
                )
                + (f" · seq scans: {', '.join(p['seq_scans'])}" if p.get("seq_scans") else "")
                + (f" · {p['probe_error']}" if "probe_error" in p else "")
            )
    connection.close()
    if args.probe_only:
        result["endpoints"] = [
            {
                "name": e.name,
                "endpoint": e.label,
                "as": e.persona,
                "kind": e.kind,
                "rps": None,
                "p50_ms": None,
                "p99_ms": None,
                "ratio": None,
                "non_2xx": None,
                **{k: v for k, v in probes.get(e.name, {}).items() if k not in ("sql", "plans")},
            }
            for e in endpoints
        ]
        result["health_live_end_rps"] = None
        result["plans"] = {name: p.get("plans", []) for name, p in probes.items() if p.get("plans") is not None}
        return result

    log_path = Path(var_dir) / f"gunicorn-{size}.log"
    log(f"Starting gunicorn on 127.0.0.1:{port} (log: {log_path})")
    server = start_gunicorn(env, port, log_path)
    loads: dict = {}
    try:
        workers = worker_pids(server.pid)
        result["workers"] = len(workers)
        result["rss_mb_start"] = [round(rss_mb(pid) or 0, 1) for pid in workers]
        for endpoint in endpoints:
            if endpoint.warmup:
                loadgen.run(kind, "127.0.0.1", port, endpoint.warmup, args.connections, args.warmup)
                drain(port)
        # A write's requests must stay unique: each later load (round, profile) continues its pool after the
        # requests used before (and those a connection may have had in flight).
        used: dict[str, int] = {}
        runs: dict[str, list[dict]] = {}

        def pool(endpoint) -> list:
            return endpoint.requests[used.get(endpoint.name, 0) :] or endpoint.requests

        for round_index in range(args.rounds):
            if args.rounds > 1:
                log(f"Round {round_index + 1} of {args.rounds}")
            for endpoint in endpoints:
                p = probes.get(endpoint.name, {})
                if p and p.get("probe_status", 500) >= 400 and endpoint.kind != "ceiling":
                    if round_index == 0:
                        log(f"skip {endpoint.name}: in-process probe answered {p.get('probe_status')}")
                    loads[endpoint.name] = {"skipped": f"probe answered {p.get('probe_status')}"}
                    continue
                r = loadgen.run(kind, "127.0.0.1", port, pool(endpoint), args.connections, args.duration)
                if endpoint.kind == "write":
                    used[endpoint.name] = used.get(endpoint.name, 0) + r["requests"] + 2 * args.connections
                runs.setdefault(endpoint.name, []).append(r)
                r["rss_mb_after"] = [round(rss_mb(pid) or 0, 1) for pid in worker_pids(server.pid)]
                r["drain_seconds"] = round(drain(port), 1)
                log(
                    f"{endpoint.label} ({endpoint.persona}): {r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, "
                    f"p99 {r['p99_ms']:.1f} ms, non-2xx {r['non_2xx']}, worker RSS {r['rss_mb_after']} MB, "
                    f"idle again after {r['drain_seconds']} s"
                    + (
                        " (pool wrapped: later requests repeat earlier ones)"
                        if r["wrapped"] and endpoint.kind == "write"
                        else ""
                    )
                )
                if round_index == 0 and endpoint.name in profiled_names(args):
                    requests = pool(endpoint)
                    result.setdefault("profiles", {})[endpoint.name] = profile_endpoint(
                        endpoint, requests, r, args, port, kind, server.pid, size, personas.notes
                    )
                    if endpoint.kind == "write":
                        profiled = result["profiles"][endpoint.name]["requests"]
                        used[endpoint.name] = used[endpoint.name] + profiled + 2 * args.connections
        # Each endpoint's figures are those of its round with the median req/s (the lower one of an even count).
        for name, measured in runs.items():
            ordered = sorted(measured, key=lambda run: run["rps"])
            loads[name] = {**ordered[(len(ordered) - 1) // 2], "rounds_rps": [round(run["rps"], 1) for run in measured]}
        result["live_rounds_rps"] = [run["rps"] for run in runs.get("health_live", [])]
        # The ceiling again at the end: shows how much the machine drifted during the run.
        live = next(e for e in endpoints if e.name == "health_live")
        loads["health_live_end"] = loadgen.run(kind, "127.0.0.1", port, live.requests, args.connections, args.duration)
        log(f"GET /api/health/live again: {loads['health_live_end']['rps']:.0f} req/s")
        result["rss_mb_end"] = [round(rss_mb(pid) or 0, 1) for pid in worker_pids(server.pid)]
        result["master_rss_mb"] = round(rss_mb(server.pid) or 0, 1)
        result["loadavg_at_end"] = os.getloadavg()
        log(f"Worker RSS after the run: {result['rss_mb_end']} MB")
    finally:
        stop_gunicorn(server)

    # The ceiling is the mean of the /api/health/live runs (the first of each round, and the last), which evens
    # out drift of a shared machine over the run; all are in the results.
    lives = [*result["live_rounds_rps"], loads["health_live_end"]["rps"]]
    ceiling = sum(lives) / len(lives)
    result["ceiling_rps"] = ceiling
    fixed_ms = {name: _ms_per_request(loads.get(name, {}).get("rps")) for name in ("health_live", *BASELINES)}
    result["fixed_cost_ms"] = fixed_ms
    rows = []
    for endpoint in endpoints:
        load = loads.get(endpoint.name, {})
        reference = _noop_reference(endpoint)
        ms = _ms_per_request(load.get("rps"))
        p = {k: v for k, v in probes.get(endpoint.name, {}).items() if k not in ("sql", "plans")}
        rows.append(
            {
                "name": endpoint.name,
                "endpoint": endpoint.label,
                "as": endpoint.persona,
                "kind": endpoint.kind,
                "group": endpoint.group,
                "ms_per_req": ms,
                "above": reference,
                "above_ms": (ms - fixed_ms[reference]) if ms is not None and fixed_ms.get(reference) else None,
                **{
                    k: load.get(k)
                    for k in (
                        "rps",
                        "p50_ms",
                        "p99_ms",
                        "mean_ms",
                        "max_ms",
                        "requests",
                        "non_2xx",
                        "rss_mb_after",
                        "drain_seconds",
                    )
                },
                "errors": load.get("errors"),
                "wrapped": bool(load.get("wrapped")) and endpoint.kind == "write",
                "skipped": load.get("skipped"),
                "ratio": (load["rps"] / ceiling) if load.get("rps") else None,
                **p,
            }
        )
    result["endpoints"] = rows
    result["health_live_end_rps"] = loads["health_live_end"]["rps"]
    result["plans"] = {name: probes[name].get("plans", []) for name in probes if probes[name].get("plans") is not None}
    return result


def _ms_per_request(rps: float | None) -> float | None:
    """Milliseconds of the whole machine (client, server, database) per request at the run's concurrency."""
    return 1000 / rps if rps else None


def _noop_reference(endpoint) -> str | None:
    """What the "above noop" column subtracts: the authenticated noop for an endpoint called with a token or a
    session, the anonymous one otherwise; the noop itself is compared with noop-anon (the cost of authentication) and
    noop-anon with /api/health/live (the cost of the throttle and the default classes)."""
    if endpoint.kind == "ceiling":
        return None
    if endpoint.name == "noop":
        return "noop_anon"
    if endpoint.name == "noop_anon":
        return "health_live"
    headers = endpoint.requests[0].headers if endpoint.requests else {}
    return "noop" if "Authorization" in headers or "Cookie" in headers else "noop_anon"


# --- targets and rendering -------------------------------------------------------------------------


def evaluate_issue15(results: dict) -> list[dict]:
    """The targets of issue 15, one row per group: each endpoint's share of /api/health/live per size, and met
    (every endpoint of the group at every size), not met, or None when none of them was measured."""
    sizes = results["sizes"]
    rows = []
    for group, (label, threshold) in GROUP_SHARES.items():
        per_size, met = {}, None
        for s in sizes:
            members = [r for r in s["endpoints"] if r.get("group") == group and not r.get("skipped")]
            per_size[s["applications"]] = [
                {"name": r["name"], "ratio": r["ratio"], "met": r["ratio"] is not None and r["ratio"] >= threshold}
                for r in members
            ]
            for m in per_size[s["applications"]]:
                met = (met is not False) and m["met"]
        rows.append({"group": group, "target": f"{label} >= {threshold:.0%} of live", "per_size": per_size, "met": met})
    per_size, met = {}, None
    for s in sizes:
        values = s.get("rss_mb_end", [])
        per_size[s["applications"]] = [
            {"name": f"worker {k + 1}", "mb": mb, "met": mb < RSS_TARGET_MB} for k, mb in enumerate(values)
        ]
        for m in per_size[s["applications"]]:
            met = (met is not False) and m["met"]
    target = f"Worker RSS after the run < {RSS_TARGET_MB} MB"
    rows.append({"group": "rss", "target": target, "per_size": per_size, "met": met})
    return rows


def _issue15_cell(entries: list[dict]) -> str:
    if not entries:
        return "-"
    return ", ".join(
        f"{e['name']} {e['mb']} MB" if "mb" in e else f"{e['name']} {_fmt(e['ratio'], '.0%', 'no data')}"
        for e in entries
    )


def evaluate(results: dict) -> list[dict]:
    sizes = results["sizes"]
    targets = []

    def add(name, met, detail):
        targets.append({"target": name, "met": met, "detail": detail})

    if results.get("probe_only"):
        return _query_targets(sizes, add) or targets

    results["issue15"] = evaluate_issue15(results)
    for row in results["issue15"]:
        add(
            f"Issue 15: {row['target']}",
            row["met"],
            # Not met: the endpoints that miss it; otherwise all of them.
            [
                f"@{size:,}: " + _issue15_cell([e for e in entries if not e["met"]] if row["met"] is False else entries)
                for size, entries in row["per_size"].items()
            ]
            or "not measured",
        )

    def share(r, s):
        return f"{r['name']} @{s['applications']:,}: " + (f"{r['ratio']:.0%}" if r["ratio"] is not None else "no data")

    bad = [
        share(r, s)
        for s in sizes
        for r in s["endpoints"]
        if r["kind"] == "read" and (r["ratio"] is None or r["ratio"] < READ_SHARE)
    ]
    add(f"Every read endpoint >= {READ_SHARE:.0%} of /api/health/live req/s (both sizes)", not bad, bad or "all met")

    bad = [
        share(r, s)
        for s in sizes
        for r in s["endpoints"]
        if r["kind"] == "write" and (r["ratio"] is None or r["ratio"] < WRITE_SHARE)
    ]
    add(f"POST applications and feedback >= {WRITE_SHARE:.0%} of the ceiling", not bad, bad or "all met")

    tokens = [
        f"@{s['applications']:,}: {r['rps']:.0f} req/s ({r['ratio']:.1%}), p50 {r['p50_ms']:.0f} ms"
        for s in sizes
        for r in s["endpoints"]
        if r["kind"] == "token" and r.get("rps")
    ]
    add("POST /api/auth/token/ reported (bounded by Argon2 by design)", None, tokens or "not measured")

    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        by_name = {r["name"]: r for r in small["endpoints"]}
        growth, bad = {}, []
        for r in large["endpoints"]:
            before = by_name.get(r["name"])
            # Reports read the whole data set, so they grow with it by definition; issue 16 bounds them instead.
            skip = r["kind"] in ("ceiling", "info", "report")
            if skip or not before or not before.get("p99_ms") or not r.get("p99_ms"):
                continue
            factor = r["p99_ms"] / before["p99_ms"]
            growth[r["name"]] = round(factor, 2)
            if factor > P99_GROWTH:
                bad.append(f"{r['name']}: x{factor:.2f} ({before['p99_ms']:.1f} -> {r['p99_ms']:.1f} ms)")
        results["p99_growth"] = growth
        add(
            f"p99 grows at most x{P99_GROWTH} from {small['applications']:,} to {large['applications']:,} applications",
            not bad,
            bad or "all met",
        )

    reports = [(s, r) for s in sizes for r in s["endpoints"] if r["kind"] == "report"]
    slow = [
        f"{r['name']} @{s['applications']:,}: " + (f"{r['p99_ms']:.0f} ms" if r.get("p99_ms") else "no data")
        for s, r in reports
        if not r.get("p99_ms") or r["p99_ms"] >= REPORT_P99_MS or r.get("non_2xx")
    ]
    if reports:
        add(f"Every report over the whole data set p99 < {REPORT_P99_MS} ms (issue 16)", not slow, slow or "all met")

    rss = [(s["applications"], mb) for s in sizes for mb in s.get("rss_mb_end", [])]
    over = [f"@{n:,}: {mb} MB" for n, mb in rss if mb >= RSS_LIMIT_MB]
    add(
        f"gunicorn worker RSS < {RSS_LIMIT_MB} MB after the run",
        bool(rss) and not over,
        over or [f"@{n:,}: {mb} MB" for n, mb in rss],
    )

    _query_targets(sizes, add)
    return targets


def _query_count_constant(result: dict) -> bool:
    q1, q100 = result["queries_page_1"], result["queries_page_100"]
    # A page shorter than its size gives the count without the COUNT query (ims/core/pagination.py), so the
    # 100-row page of a list under 100 rows runs one query fewer; more queries for more rows would be an N+1.
    allowed = {q1, q1 - 1} if (result.get("rows_page_100") or 0) < 100 else {q1}
    return q100 in allowed


def _query_targets(sizes: list[dict], add) -> None:
    bad = [
        f"{r['name']} @{s['applications']:,}: {r['queries_page_1']} vs {r['queries_page_100']}"
        for s in sizes
        for r in s["endpoints"]
        if r.get("queries_page_1") is not None and not _query_count_constant(r)
    ]
    add("List endpoints' SQL query count constant in the page size (1 vs 100)", not bad, bad or "all constant")

    largest = sizes[-1]
    scans = [f"{r['name']}: {', '.join(r['seq_scans'])}" for r in largest["endpoints"] if r.get("seq_scans")]
    explained = any(r.get("seq_scans") is not None for r in largest["endpoints"])
    add(
        f"No sequential scan of applications or interviews at {largest['applications']:,} (EXPLAIN)",
        (not scans) if explained else None,
        scans or ("none" if explained else "not explained (--no-explain)"),
    )


def _fmt(value, spec: str, empty: str = "-") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    return format(value, spec)


def _live_runs(size_result: dict) -> str:
    rounds = size_result.get("live_rounds_rps") or []
    if len(rounds) <= 1:
        return "both runs"
    return "all runs (" + ", ".join(f"{x:.0f}" for x in [*rounds, size_result.get("health_live_end_rps") or 0]) + ")"


def _above(row: dict) -> str:
    if row.get("above_ms") is None:
        return "-"
    suffix = {"noop": "", "noop_anon": " (vs anon)", "health_live": " (vs live)"}.get(row.get("above"), "")
    return f"{row['above_ms']:+.2f}{suffix}"


def render_markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"# IMS benchmark - {results['finished_at']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM, Linux {m['kernel']}; PostgreSQL "
        f"{m['postgresql']}; Python {m['python']}, Django {m['django']}; Redis: {'yes' if m['redis'] else 'no'}. "
        f"Load average at start: {', '.join(f'{x:.2f}' for x in m['loadavg_at_start'])}.",
        f"Client: {results['client']}; {results['connections']} connections, {results['duration']:g} s per endpoint "
        f"after {results['warmup']:g} s warm-up"
        + (
            f", {results['rounds']} rounds (each endpoint's round with the median req/s is shown)"
            if results.get("rounds", 1) > 1
            else ""
        )
        + f". Server: gunicorn {results['gunicorn']['worker_class']}, "
        f"{results['gunicorn']['workers']} workers x {results['gunicorn']['threads']} threads "
        f"(gunicorn.conf.py), max_requests {results['max_requests']} during the run; client and server share the "
        "machine.",
        "",
    ]
    for s in results["sizes"]:
        lines += [
            f"## {s['applications']:,} applications",
            "",
            f"Generated in {s.get('generate_seconds', '-')} s. Personas: "
            + "; ".join(f"{k}: {v}" for k, v in s["personas"].items())
            + ".",
            "",
            "| endpoint | as | req/s | p50 ms | p99 ms | vs live | ms/req | above noop ms | SQL/req | "
            "SQL @page_size 1 / 100 | non-2xx | seq scan (big tables) |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for r in s["endpoints"]:
            pages = f"{r['queries_page_1']} / {r['queries_page_100']}" if r.get("queries_page_1") is not None else "-"
            scans = ", ".join(r["seq_scans"]) if r.get("seq_scans") else ("none" if "seq_scans" in r else "-")
            note = (
                f" (skipped: {r['skipped']})" if r.get("skipped") else (" (pool wrapped)" if r.get("wrapped") else "")
            )
            lines.append(
                f"| `{r['endpoint']}`{note} | {r['as']} | {_fmt(r['rps'], '.0f')} | {_fmt(r['p50_ms'], '.1f')} | "
                f"{_fmt(r['p99_ms'], '.1f')} | {_fmt(r['ratio'], '.0%')} | {_fmt(r.get('ms_per_req'), '.2f')} | "
                f"{_above(r)} | {_fmt(r.get('queries'), 'd')} | {pages} | "
                f"{_fmt(r['non_2xx'], 'd')} | {scans} |"
            )
        lines += [
            "",
            f"`/api/health/live` measured again at the end: {_fmt(s['health_live_end_rps'], '.0f')} req/s; the "
            f"'vs live' column divides by the mean of {_live_runs(s)} ({_fmt(s.get('ceiling_rps'), '.0f')} req/s); "
            f"load average then: {', '.join(f'{x:.2f}' for x in s.get('loadavg_at_end', ()))}. "
            f"Worker RSS after the run: {', '.join(f'{x} MB' for x in s.get('rss_mb_end', []))} "
            f"(at start: {', '.join(f'{x} MB' for x in s.get('rss_mb_start', []))}).",
            "",
        ]
        fixed = s.get("fixed_cost_ms") or {}
        if any(fixed.values()):
            noop = next((r for r in s["endpoints"] if r["name"] == "noop"), {})
            lines += [
                "Fixed cost (ms/req = 1000 / req/s at this concurrency): `/api/health/live` "
                f"{_fmt(fixed.get('health_live'), '.2f')}, noop-anon {_fmt(fixed.get('noop_anon'), '.2f')}, "
                f"noop {_fmt(fixed.get('noop'), '.2f')} (authenticated, {_fmt(noop.get('queries'), 'd', '?')} SQL "
                "queries). 'above noop ms' is an endpoint's ms/req minus the noop's (the anonymous noop for "
                "anonymous requests): its own work.",
                "",
            ]
        for name, prof in (s.get("profiles") or {}).items():
            top = ", ".join(f"{g['group']} {g['attributed']:.0%}" for g in prof["groups"][:6])
            lines += [f"Profile of `{name}`: {Path(prof['path']).name} ({prof['samples']:,} samples; {top}).", ""]
    if results.get("issue15"):
        sizes = [s["applications"] for s in results["sizes"]]
        lines += [
            "## Targets of issue 15",
            "",
            "| target | " + " | ".join(f"{n:,} applications" for n in sizes) + " | |",
            "|---|" + "---|" * len(sizes) + "---|",
        ]
        for row in results["issue15"]:
            mark = {True: "**met**", False: "**not met**", None: "not measured"}[row["met"]]
            cells = " | ".join(_issue15_cell(row["per_size"].get(n, [])) for n in sizes)
            lines.append(f"| {row['target']} | {cells} | {mark} |")
        lines.append("")
    if results.get("p99_growth"):
        lines += ["## p99 growth (largest / smallest data set)", ""]
        lines += [f"- `{name}`: x{factor}" for name, factor in results["p99_growth"].items()]
        lines.append("")
    lines += ["## Targets", ""]
    for t in results["targets"]:
        mark = {True: "**met**", False: "**not met**", None: "reported"}[t["met"]]
        detail = "; ".join(t["detail"]) if isinstance(t["detail"], list) else t["detail"]
        lines.append(f"- {t['target']}: {mark} - {detail}")
    lines.append("")
    return "\n".join(lines)


def write_plans(results: dict, out: Path, stamp: str) -> None:
    with open(out / f"explain-{stamp}.txt", "w") as fh:
        for s in results["sizes"]:
            for name, plans in s.get("plans", {}).items():
                for p in plans:
                    fh.write(f"===== {s['applications']:,} applications · {name} · seq scans: {p['seq_scans']}\n")
                    fh.write(p["sql"] + "\n\n" + (p["plan"] or "(EXPLAIN only)") + "\n\n")


def main() -> None:
    args = parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    port = args.port or free_port()
    var_dir = tempfile.mkdtemp(prefix="ims-bench-")
    env = configure_environment(args, var_dir, port)

    import django

    django.setup()
    from django.core.management import call_command

    kind = args.client
    if kind == "auto":
        kind = "wrk" if loadgen.wrk_path() else "python"
    if kind == "wrk" and not loadgen.wrk_path():
        sys.exit("bench: --client wrk but wrk is not installed (apt-get install wrk).")
    log(f"Client: {loadgen.client_name(kind)}; state folder {var_dir}")
    call_command("migrate", interactive=False, verbosity=0)
    # As in production (README): the hashed static files the pages link to exist only after collectstatic.
    call_command("collectstatic", interactive=False, verbosity=0)

    results: dict = {
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "client": loadgen.client_name(kind),
        "connections": args.connections,
        "duration": args.duration,
        "warmup": args.warmup,
        "rounds": args.rounds,
        "max_requests": args.max_requests,
        "probe_only": args.probe_only,
        "gunicorn": gunicorn_config(),
        "sizes": [],
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for size in sizes:
        results["sizes"].append(run_size(size, args, env, port, var_dir, kind))
        results["finished_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        results["targets"] = evaluate(results)
        # Written after every size, so a failure in the big one still leaves the small one's numbers.
        plans = [s.pop("plans", {}) for s in results["sizes"]]
        (out / f"bench-{stamp}.json").write_text(json.dumps(results, indent=2, default=str))
        for s, p in zip(results["sizes"], plans, strict=True):
            s["plans"] = p
        write_plans(results, out, stamp)
        markdown = render_markdown(results)
        (out / f"bench-{stamp}.md").write_text(markdown)
    for s in results["sizes"]:
        s.pop("plans", None)
    (out / "latest.json").write_text(json.dumps(results, indent=2, default=str))
    (out / "latest.md").write_text(markdown)
    print()
    print(markdown)
    log(f"Results: {out / f'bench-{stamp}.md'} (+ .json, explain-{stamp}.txt); latest.md/latest.json")


if __name__ == "__main__":
    main()
