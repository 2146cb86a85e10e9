"""Load generators: wrk when installed, otherwise a small keep-alive HTTP/1.1 client on asyncio (stdlib).

Both take the same input, a list of ready requests (method, path, headers, body), and keep a fixed number
of connections busy for a fixed time, each sending its next request as soon as the previous answer is read
(closed loop). Requests are taken from the list in order, each at most once until the list is exhausted
(then it wraps, and ``wrapped`` says so): POSTs that must be unique get a list of unique requests.

Both return the same result dict: requests, seconds, rps, p50_ms, p99_ms, mean_ms, max_ms, non_2xx, errors.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import shutil
import subprocess
import tempfile
import time
from collections import Counter

from http1 import Request, percentile, read_response


def wrk_path() -> str | None:
    return shutil.which("wrk")


def client_name(kind: str) -> str:
    if kind == "wrk":
        version = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)  # noqa: S607
        first = (version.stdout or version.stderr).splitlines()[:1]
        return f"wrk ({first[0].split(' Copyright')[0]})" if first else "wrk"
    return "python asyncio keep-alive client (bench/loadgen.py)"


# --- the asyncio client ----------------------------------------------------------------------------


class _Pool:
    def __init__(self, payloads: list[bytes]):
        self.payloads = payloads
        self.next = 0
        self.wrapped = False

    def take(self) -> bytes:
        if self.next >= len(self.payloads):
            self.next = 0
            self.wrapped = True
        payload = self.payloads[self.next]
        self.next += 1
        return payload


async def _connection(host, port, pool, deadline, latencies, statuses, errors) -> None:
    reader = writer = None
    while time.monotonic() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            payload = pool.take()
            started = time.perf_counter()
            writer.write(payload)
            response = await read_response(reader, keep_body=False)
            latencies.append(time.perf_counter() - started)
            statuses[response.status] += 1
            if response.close:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            errors[type(exc).__name__] += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


async def _run_python(host, port, requests, connections, seconds) -> dict:
    pool = _Pool([request.encode(f"{host}:{port}") for request in requests])
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors: Counter = Counter()
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(_connection(host, port, pool, deadline, latencies, statuses, errors) for _ in range(connections))
    )
    elapsed = time.monotonic() - started
    latencies.sort()
    non_2xx = sum(count for status, count in statuses.items() if not 200 <= status < 300)
    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 3),
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "mean_ms": (sum(latencies) / len(latencies) * 1000) if latencies else math.nan,
        "max_ms": (latencies[-1] * 1000) if latencies else math.nan,
        "non_2xx": non_2xx,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": dict(errors),
        "wrapped": pool.wrapped,
    }


def run_python(host: str, port: int, requests: list[Request], connections: int, seconds: float) -> dict:
    return asyncio.run(_run_python(host, port, requests, connections, seconds))


# --- wrk -------------------------------------------------------------------------------------------

_WRK_SCRIPT = r"""
local data = dofile(DATA_FILE)
local counter = 0
local nthreads = NTHREADS

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

function init(args)
  reqs = {}
  for i, d in ipairs(data) do
    reqs[i] = wrk.format(d[1], d[2], d[3], d[4])
  end
  idx = tid
  total = #reqs
end

function request()
  local r = reqs[(idx % total) + 1]
  idx = idx + nthreads
  return r
end

function done(summary, latency, requests)
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "mean_us": %f, "max_us": %d, '
    .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
    latency.max, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout))
end
"""


def _lua_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def run_wrk(host: str, port: int, requests: list[Request], connections: int, seconds: float, threads: int) -> dict:
    threads = max(1, min(threads, connections))
    with tempfile.TemporaryDirectory(prefix="ims-wrk-") as tmp:
        data_file = os.path.join(tmp, "data.lua")
        with open(data_file, "w") as fh:
            fh.write("return {\n")
            for r in requests:
                headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in r.headers.items())
                body = _lua_string(r.body) if r.body else "nil"
                fh.write(f"  {{{_lua_string(r.method)}, {_lua_string(r.path)}, {{{headers}}}, {body}}},\n")
            fh.write("}\n")
        script = os.path.join(tmp, "bench.lua")
        with open(script, "w") as fh:
            fh.write(_WRK_SCRIPT.replace("DATA_FILE", _lua_string(data_file)).replace("NTHREADS", str(threads)))
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            script,
            f"http://{host}:{port}/",
        ]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)  # noqa: S603
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stdout[-2000:]} {proc.stderr[-2000:]}")
    raw = json.loads(line[len("WRKJSON ") :])
    duration = raw["duration_us"] / 1e6
    errors = {k: raw[k] for k in ("connect", "read", "write", "timeout") if raw[k]}
    return {
        "requests": raw["requests"],
        "seconds": round(duration, 3),
        "rps": raw["requests"] / duration if duration else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "mean_ms": raw["mean_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "non_2xx": raw["status"],
        "statuses": {},
        "errors": errors,
        "wrapped": raw["requests"] > len(requests),
    }


def run(kind: str, host: str, port: int, requests: list[Request], connections: int, seconds: float) -> dict:
    if kind == "wrk":
        return run_wrk(host, port, requests, connections, seconds, threads=min(2, os.cpu_count() or 1))
    return run_python(host, port, requests, connections, seconds)
