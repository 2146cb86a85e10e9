"""Sampling profiles of the gunicorn workers under load (``bench/run.py --profile NAME``), and their summary.

While one endpoint is loaded, ``py-spy record --format raw --function --full-filenames`` samples every worker
(``--rate`` per second). What is sampled (``--profile-threads``): ``gil`` (default, py-spy ``--gil``) only the thread
holding the GIL, i.e. the Python work of the worker, the CPU it spends (a thread waiting in a C call that released
the GIL, on PostgreSQL, Redis, the socket, the work queue, is not counted); ``active`` py-spy's default, threads
it does not judge idle (on a loaded machine this includes threads blocked in the work queue, epoll or a socket
read, so it mixes waiting and work); ``all`` every thread (``--idle``). A raw file has one line per distinct stack,
root first, frames ``function (file:line)`` separated by ``;``, then a space and the number of samples; with
``--function`` the line is the function's first line, so one function is one key.

The summary counts, over all workers' samples:

- **self**: samples whose innermost frame is the function (where the CPU was);
- **inclusive**: samples with the function anywhere on the stack (counted once per sample even if recursive);
- per **group** (IMS = ``ims/``, Django, DRF, simplejwt, psycopg, redis, gunicorn, other libraries by package,
  the standard library): the self share by the innermost frame's group, and "attributed", where a sample in the
  standard library is given to the nearest caller outside it (``json.dumps`` called by DRF's renderer counts as
  DRF), plus the inclusive share (samples with any frame of the group);
- **ms/req**: a frame's samples / rate / requests served during the profile x 1000, the thread-milliseconds it
  costs per request (with ``gil``: milliseconds of Python work per request).

The inclusive table leaves out the thread plumbing on every worker thread's stack (``threading.py``,
``concurrent/futures/``).

    .venv/bin/python bench/profiling.py RAW_FILE... [--rate 100] [--requests N] [--top 25]
    .venv/bin/python bench/profiling.py BEFORE_RAW... --after AFTER_RAW...

prints the summary of raw files recorded elsewhere, or the phase and group shares of two profiles side by side.
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

_FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>.*?)(?::(?P<line>\d+))?\)$")

# First match wins: simplejwt before DRF (its path contains "rest_framework").
GROUPS = (
    ("simplejwt", "/rest_framework_simplejwt/"),
    ("DRF", "/rest_framework/"),
    ("Django", "/django/"),
    ("psycopg", "/psycopg/"),
    ("psycopg", "/psycopg_c/"),
    ("psycopg", "/psycopg_pool/"),
    ("psycopg", "/psycopg_binary/"),
    ("redis", "/redis/"),
    ("gunicorn", "/gunicorn/"),
)
STDLIB = "stdlib"
OWN = "IMS (ims/)"
# On (almost) every sample's stack, so listing them says nothing.
PLUMBING = ("/threading.py", "/concurrent/futures/")
THREADS = {"gil": ["--gil"], "active": [], "all": ["--idle"]}
# Where a request's time goes: samples with a frame on the stack whose function name contains one of the markers
# (inclusive, so nested phases overlap). (depth, label, markers): a phase is inside the one above it of lower depth.
PHASES = (
    (0, "gunicorn, outside the Django request", None),
    (0, "Django request (`WSGIHandler.__call__`)", ("WSGIHandler.__call__",)),
    (1, "URL resolution, view, rendering (`BaseHandler._get_response`)", ("BaseHandler._get_response",)),
    (2, "DRF view (`APIView.dispatch`)", ("APIView.dispatch",)),
    (3, "authentication (`APIView.perform_authentication`)", ("APIView.perform_authentication",)),
    (4, "user load (`JWTAuthentication.get_user`)", ("JWTAuthentication.get_user",)),
    (3, "permissions (`APIView.check_permissions`)", ("APIView.check_permissions",)),
    (3, "throttle (`APIView.check_throttles`)", ("APIView.check_throttles",)),
    (3, "content negotiation", ("APIView.perform_content_negotiation",)),
    (3, "serializer `.data`", ("Serializer.data",)),
    (3, "`APIView.finalize_response`", ("APIView.finalize_response",)),
    (2, "rendering (`Response.rendered_content`)", ("Response.rendered_content",)),
    (0, "SQL (`CursorWrapper.execute`, `executemany`)", ("CursorWrapper.execute",)),
    (0, "database connection health check", ("close_if_health_check_failed",)),
    (0, "Redis (`Redis.execute_command`, pipelines)", ("Redis.execute_command", "Pipeline.execute")),
    (0, "logging (`Logger._log`)", ("Logger._log",)),
    (
        0,
        "session, messages, CSRF, auth middleware",
        ("SessionMiddleware.", "MessageMiddleware.", "CsrfViewMiddleware.", "AuthenticationMiddleware."),
    ),
)


@dataclass(frozen=True)
class Frame:
    function: str
    file: str
    line: int | None

    @property
    def where(self) -> str:
        return f"{short_path(self.file)}:{self.line}" if self.line is not None else short_path(self.file)


def parse_frame(text: str) -> Frame:
    match = _FRAME.match(text.strip())
    if not match:
        return Frame(text.strip(), "?", None)
    line = match["line"]
    return Frame(match["function"], match["file"], int(line) if line else None)


def parse_raw(text: str) -> Counter[tuple[Frame, ...]]:
    """py-spy's raw format -> {stack (root first): samples}. Blank or malformed lines are skipped."""
    stacks: Counter[tuple[Frame, ...]] = Counter()
    for line in text.splitlines():
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        stacks[tuple(parse_frame(part) for part in stack.split(";"))] += int(count)
    return stacks


def short_path(path: str) -> str:
    """site-packages/django/db/x.py -> django/db/x.py; /work/wt/x/ims/y.py -> ims/y.py; stdlib -> lib/x.py."""
    for marker in ("/site-packages/", "/dist-packages/"):
        if marker in path:
            return path.split(marker, 1)[1]
    if "/ims/" in path:
        return "ims/" + path.rsplit("/ims/", 1)[1]
    if "/bench/" in path:
        return "bench/" + path.rsplit("/bench/", 1)[1]
    match = re.search(r"/lib/python3\.\d+/(.*)$", path)
    return match[1] if match else path


def group_of(frame: Frame) -> str:
    path = frame.file
    for name, marker in GROUPS:
        if marker in path:
            return name
    for marker in ("/site-packages/", "/dist-packages/"):
        if marker in path:
            package = path.split(marker, 1)[1].split("/", 1)[0].removesuffix(".py")
            return f"other: {package}"
    if "/ims/" in path:
        return OWN
    if "/bench/" in path:
        return "bench"
    if path.endswith("/bin/gunicorn"):
        return "gunicorn"
    return STDLIB


def summarize(stacks: Counter[tuple[Frame, ...]], *, top: int = 25) -> dict:
    total = sum(stacks.values())
    self_counts: Counter[Frame] = Counter()
    inclusive: Counter[Frame] = Counter()
    group_self: Counter[str] = Counter()
    group_attributed: Counter[str] = Counter()
    group_inclusive: Counter[str] = Counter()
    phases: Counter[str] = Counter()
    for stack, n in stacks.items():
        if not stack:
            continue
        names = {frame.function for frame in stack}
        for _, label, markers in PHASES:
            if markers is None:
                hit = not any("WSGIHandler.__call__" in name for name in names)
            else:
                hit = any(marker in name for name in names for marker in markers)
            if hit:
                phases[label] += n
        self_counts[stack[-1]] += n
        for frame in set(stack):
            inclusive[frame] += n
        groups = [group_of(frame) for frame in stack]
        group_self[groups[-1]] += n
        group_attributed[next((g for g in reversed(groups) if g != STDLIB), STDLIB)] += n
        for group in set(groups):
            group_inclusive[group] += n

    def rows(counter: Counter[Frame], skip: tuple[str, ...] = ()) -> list[dict]:
        frames = [(f, n) for f, n in counter.most_common() if not any(marker in f.file for marker in skip)]
        return [
            {
                "function": frame.function,
                "where": frame.where,
                "group": group_of(frame),
                "samples": n,
                "share": n / total if total else 0.0,
            }
            for frame, n in frames[:top]
        ]

    groups = sorted(group_inclusive, key=lambda g: (-group_attributed[g], -group_inclusive[g], g))
    return {
        "samples": total,
        "phases": [
            {"phase": label, "depth": depth, "samples": n, "share": n / total if total else 0.0}
            for depth, label, _ in PHASES
            for n in [phases[label]]
        ],
        "self": rows(self_counts),
        "inclusive": rows(inclusive, PLUMBING),
        "groups": [
            {
                "group": g,
                "self": group_self[g] / total if total else 0.0,
                "attributed": group_attributed[g] / total if total else 0.0,
                "inclusive": group_inclusive[g] / total if total else 0.0,
                "attributed_samples": group_attributed[g],
            }
            for g in groups
        ],
    }


def _ms(samples: int, rate: float, requests: int | None) -> str:
    if not requests or not rate:
        return "-"
    return f"{samples / rate / requests * 1000:.3f}"


def render_markdown(
    summary: dict, *, title: str, rate: float, requests: int | None, notes: list[str], threads: str = "gil"
) -> str:
    what = {"gil": "of the thread holding the GIL", "active": "of active threads", "all": "of all threads"}
    lines = [f"# {title}", "", *notes, ""]
    lines += [
        f"{summary['samples']:,} samples {what.get(threads, '')} at {rate:g}/s"
        + (f" over {requests:,} requests" if requests else "")
        + ". ms/req = samples / rate / requests x 1000 (thread-ms per request).",
        "",
        "## By group",
        "",
        "self: innermost frame's group; attributed: a standard-library frame counts for its nearest caller "
        "outside the standard library; inclusive: any frame of the group on the stack.",
        "",
        "| group | self | attributed | attributed ms/req | inclusive |",
        "|---|---:|---:|---:|---:|",
    ]
    for g in summary["groups"]:
        lines.append(
            f"| {g['group']} | {g['self']:.1%} | {g['attributed']:.1%} | "
            f"{_ms(g['attributed_samples'], rate, requests)} | {g['inclusive']:.1%} |"
        )
    lines += [
        "",
        "## Request phases",
        "",
        "Samples with the phase's function on the stack (inclusive: nested phases overlap, an indented one is "
        "part of the one above it).",
        "",
        "| phase | share | ms/req |",
        "|---|---:|---:|",
    ]
    for phase in summary.get("phases", []):
        indent = "&emsp;" * phase["depth"]
        lines.append(f"| {indent}{phase['phase']} | {phase['share']:.1%} | {_ms(phase['samples'], rate, requests)} |")
    for key, heading in (("self", "Top frames by self share"), ("inclusive", "Top frames by inclusive share")):
        lines += ["", f"## {heading}", "", "| # | function | file:line | group | share | ms/req |"]
        lines.append("|---:|---|---|---|---:|---:|")
        for k, row in enumerate(summary[key], 1):
            lines.append(
                f"| {k} | `{row['function']}` | `{row['where']}` | {row['group']} | {row['share']:.1%} | "
                f"{_ms(row['samples'], rate, requests)} |"
            )
    lines.append("")
    return "\n".join(lines)


def summarize_files(paths: list[Path], *, top: int = 25) -> dict:
    stacks: Counter[tuple[Frame, ...]] = Counter()
    for path in paths:
        stacks.update(parse_raw(path.read_text(errors="replace")))
    return summarize(stacks, top=top)


def py_spy_path() -> str | None:
    """py-spy of this virtualenv (dev requirements), else the one on PATH."""
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


@dataclass
class Recorder:
    """``py-spy record`` attached to each of ``pids`` until ``stop()`` (SIGINT, which makes py-spy write its file)."""

    pids: list[int]
    stem: Path  # raw files go to <stem>-<pid>.raw, py-spy's messages to <stem>-<pid>.log
    rate: int = 100
    threads: str = "gil"  # a key of THREADS
    processes: dict[int, subprocess.Popen] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def raw(self, pid: int) -> Path:
        return self.stem.with_name(f"{self.stem.name}-{pid}.raw")

    def _log(self, pid: int) -> Path:
        return self.stem.with_name(f"{self.stem.name}-{pid}.log")

    def start(self, settle: float = 1.0) -> None:
        binary = py_spy_path()
        if binary is None:
            self.errors.append("py-spy not found (dev requirements)")
            return
        for pid in self.pids:
            command = [binary, "record", "--pid", str(pid), "--format", "raw", "--function", "--full-filenames"]
            command += ["--rate", str(self.rate), "--duration", "3600", "--output", str(self.raw(pid))]
            command += THREADS[self.threads]
            with open(self._log(pid), "wb") as log:
                self.processes[pid] = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        time.sleep(settle)  # attached and sampling before the load starts
        for pid, process in list(self.processes.items()):
            if process.poll() is not None:
                self.errors.append(f"py-spy on {pid} exited with {process.returncode}: {self._tail(pid)}")
                del self.processes[pid]

    def stop(self) -> list[Path]:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for pid, process in self.processes.items():
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                self.errors.append(f"py-spy on {pid} did not stop within 60 s")
        files = [self.raw(pid) for pid in self.processes if self.raw(pid).exists()]
        for pid in self.processes:
            if not self.raw(pid).exists():
                self.errors.append(f"py-spy on {pid} wrote no file: {self._tail(pid)}")
        return files

    def _tail(self, pid: int) -> str:
        try:
            return " ".join(self._log(pid).read_text(errors="replace").split())[-300:]
        except OSError:
            return "(no log)"


def render_comparison(before: dict, after: dict) -> str:
    """Before/after shares of the request phases and of the groups (attributed), two summaries side by side."""
    lines = [
        f"Samples: before {before['samples']:,}, after {after['samples']:,}.",
        "",
        "| phase | before | after | change |",
        "|---|---:|---:|---:|",
    ]
    for old, new in zip(before["phases"], after["phases"], strict=True):
        indent = "&emsp;" * old["depth"]
        lines.append(
            f"| {indent}{old['phase']} | {old['share']:.1%} | {new['share']:.1%} | "
            f"{(new['share'] - old['share']) * 100:+.1f} pt |"
        )
    shares_before = {g["group"]: g["attributed"] for g in before["groups"]}
    shares_after = {g["group"]: g["attributed"] for g in after["groups"]}
    lines += ["", "| group (attributed) | before | after | change |", "|---|---:|---:|---:|"]
    for group in sorted({*shares_before, *shares_after}, key=lambda g: -shares_before.get(g, 0.0)):
        old, new = shares_before.get(group, 0.0), shares_after.get(group, 0.0)
        lines.append(f"| {group} | {old:.1%} | {new:.1%} | {(new - old) * 100:+.1f} pt |")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Summarise py-spy raw files (bench/profiling.py).")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--rate", type=float, default=100, help="The sampling rate the files were recorded at.")
    parser.add_argument("--requests", type=int, help="Requests served while sampling (for ms/req).")
    parser.add_argument("--threads", choices=tuple(THREADS), default="gil", help="What the files sampled.")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--after", nargs="+", type=Path, help="Raw files of a second profile: print before (FILES) / after shares."
    )
    args = parser.parse_args()
    summary = summarize_files(args.files, top=args.top)
    if args.after:
        print(render_comparison(summary, summarize_files(args.after, top=args.top)))
        return
    title = "Profile"
    print(render_markdown(summary, title=title, rate=args.rate, requests=args.requests, notes=[], threads=args.threads))


if __name__ == "__main__":
    main()
