"""Computed reports, cached until the next write that changes a rollup.

Every rollup write (:mod:`ims.reports.services`) bumps a version number in the shared cache *after* its
transaction commits: one for the application rollups, one for the interview rollups. A cached report is keyed
by the versions of the rollups it reads (:data:`ims.reports.selectors.READS`), so booking an interview does not
throw away the funnel, nor a new application the interviewer load. A report is therefore never
served from before a committed write: once the write commits, the version moves and the next request
recomputes. (Bumping before the commit would let a reader cache the old figures under the new version.)

What is cached is what a request needs: the rows for the page, the rendered body (JSON or CSV bytes) for the API,
so a cache hit neither unpickles tens of thousands of rows nor renders them again.

Two things keep a report over a million applications from being computed by every waiting request at once:

- **One computation per miss.** The first request to miss takes a short lock and computes; the others wait for
  its result (up to :data:`WAIT` seconds, then they compute themselves).
- **Reports that count against the current time** (upcoming interviews, overdue feedback) are recomputed each
  minute. When the minute turns, the first request recomputes while the others keep reading the figures of the
  minute before (never across a write: a write moves the version, and nothing from before it is read again).

A rendered body is also kept in the worker's memory (the last few, :data:`LOCAL_MAX_BYTES` at most), under the
same version key: a report of 10 MB (interviewer load over a year of a large company) is then neither fetched
from Redis nor copied again per request. The version is still read from the shared cache on every request, so a
worker never serves a body from before a write another worker committed.

Two reports read a rollup partitioned by ISO week (time in stage: the stays by the week they ended; interviewer
load: the interviews by the week they start), and are keyed by a version per week instead (:func:`week_tokens`):
a write bumps only the weeks it changed (:func:`reports_weeks_changed`), and the report is put together from
per-week parts (:func:`cached_parts`) of which only the changed weeks are computed again. Every week key also
carries an epoch that :func:`reports_all_changed` moves, so a rebuild, a rename or an erasure still invalidates
them all.

The cache is the project's shared one (Redis, or the file cache every local process shares). If it fails, the
report is computed, never refused.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

T = TypeVar("T")

VERSION_KEY = "reports:version"  # + ":applications" or ":interviews", ":epoch", or a week token
ROLLUPS = ("applications", "interviews")
# Rollups partitioned by ISO week (UTC Monday, as rollups.week_start): stays by the week of ``left_at``, interview
# facts by ``week``, application facts by ``applied_week``.
PARTITIONS = ("visits", "interview-weeks", "applied-weeks")
EPOCH = "epoch"  # part of every week's version: moved by reports_all_changed
TIMEOUT = 600  # seconds; a version that moved on leaves its entries to expire
# A part of a week that has ended rarely changes again (a late feedback, a rebuild): kept longer, so the weeks of
# a long range do not all expire together and come back cold.
PAST_WEEK_TIMEOUT = 24 * 3600
LOCK_TIMEOUT = 60  # seconds; a computation that died leaves its lock at most this long
WAIT = 30.0  # seconds a request waits for another one's computation before computing itself
POLL = 0.05
LOCAL_MAX_BYTES = 32 * 1024 * 1024

_local: OrderedDict[str, tuple[int | None, bytes]] = OrderedDict()
_local_lock = threading.Lock()


def _fresh_version() -> int:
    # An int (Redis increments it in place), and unlike any earlier one should the key have been evicted (the
    # random part: two processes, or a frozen test clock, may read the same microsecond).
    return int(timezone.now().timestamp() * 1_000_000) * 1_000_000 + secrets.randbelow(1_000_000)


def _local_get(full_key: str, stamp: int | None) -> bytes | None:
    with _local_lock:
        entry = _local.get(full_key)
        if entry is None or entry[0] != stamp:
            return None
        _local.move_to_end(full_key)
        return entry[1]


def _local_put(full_key: str, stamp: int | None, value: object) -> None:
    if not isinstance(value, bytes) or len(value) > LOCAL_MAX_BYTES:
        return
    with _local_lock:
        _local[full_key] = (stamp, value)
        _local.move_to_end(full_key)
        while sum(len(body) for _stamp, body in _local.values()) > LOCAL_MAX_BYTES:
            _local.popitem(last=False)


def _bump(rollup: str) -> None:
    key = f"{VERSION_KEY}:{rollup}"
    try:
        try:
            cache.incr(key)
        except Exception:  # not set (evicted) or not a number: any new value invalidates what was keyed before
            cache.set(key, _fresh_version(), None)
    except Exception:
        logger.exception("Could not invalidate the cached reports; they expire within %s s", TIMEOUT)


def reports_changed(rollup: str, *, using: str | None = None) -> None:
    """Called by every write of the ``rollup`` tables ("applications" or "interviews"), inside its transaction:
    invalidate the cached reports that read them once it commits."""
    if rollup not in ROLLUPS:
        raise ValueError(f"Unknown rollup {rollup!r}")
    transaction.on_commit(lambda: _bump(rollup), using=using)


def week_token(partition: str, week: date) -> str:
    return f"{partition}@{week.isoformat()}"


def week_tokens(partition: str, weeks: Iterable[date]) -> tuple[str, ...]:
    """What a report over ``weeks`` of ``partition`` reads (``cached``'s ``reads``): the epoch, then each week."""
    if partition not in PARTITIONS:
        raise ValueError(f"Unknown partition {partition!r}")
    return (EPOCH, *(week_token(partition, week) for week in weeks))


def reports_weeks_changed(partition: str, weeks: Iterable[date], *, using: str | None = None) -> None:
    """Called by a write of the ``partition`` rollup, inside its transaction, with the weeks whose rows it changed:
    invalidate those weeks (and the reports over them) once it commits."""
    tokens = week_tokens(partition, sorted(set(weeks)))[1:]

    def bump() -> None:
        for token in tokens:
            _bump(token)

    if tokens:
        transaction.on_commit(bump, using=using)


def reports_all_changed(*, using: str | None = None) -> None:
    """Called by writes every report may read besides the rollups' own services: a rebuild of the rollups, a job's
    title, department or employment type (the filters and the names shown), a person's name, an erasure.
    Invalidates every cached report once the write commits (every week's version carries the epoch)."""
    for rollup in ROLLUPS:
        reports_changed(rollup, using=using)
    transaction.on_commit(lambda: _bump(EPOCH), using=using)


def _version_list(tokens: Sequence[str]) -> list[str]:
    """The current versions of ``tokens`` (one cache round trip), each created when missing."""
    keys = [f"{VERSION_KEY}:{token}" for token in tokens]
    found = cache.get_many(keys)
    missing = {key: _fresh_version() for key in keys if key not in found}
    if missing:
        # Set, not add: every fresh version is unlike any earlier one, so overwriting one another process just
        # created only costs it its entries, and nothing is computed before its version is set.
        cache.set_many(missing, None)
        found.update(missing)
    return [str(found[key]) for key in keys]


def _versions(rollups: tuple[str, ...]) -> str:
    versions = _version_list(rollups)
    if len(versions) > len(ROLLUPS):
        # Weeks (a year is 53): the key stays short.
        return hashlib.sha256(".".join(versions).encode()).hexdigest()
    return ".".join(versions)


def _minute() -> int:
    return int(timezone.now().timestamp() // 60)


def _compute_and_store(full_key: str, stamp: int | None, compute: Callable[[], T]) -> T:
    """Compute (holding the lock), store, release."""
    try:
        value = compute()
        _local_put(full_key, stamp, value)
        try:
            cache.set(full_key, (stamp, value), TIMEOUT)
        except Exception:
            logger.exception("Could not cache a report")
        return value
    finally:
        try:
            cache.delete(f"{full_key}:lock")
        except Exception:
            logger.exception("Could not release a report's lock; it expires within %s s", LOCK_TIMEOUT)


def cached(key: str, compute: Callable[[], T], *, reads: tuple[str, ...] = ROLLUPS, per_minute: bool = False) -> T:
    """``compute()``'s value for ``key`` under the current versions of the rollups it ``reads`` (and the minute,
    with ``per_minute``)."""
    stamp = _minute() if per_minute else None
    try:
        full_key = f"reports:{_versions(reads)}:{key}"
        local = _local_get(full_key, stamp)
        if local is not None:
            return local  # type: ignore[return-value]  # only bytes are kept locally, and only for bytes
        entry = cache.get(full_key)
        if entry is not None and entry[0] == stamp:
            _local_put(full_key, stamp, entry[1])
            return entry[1]
        locked = cache.add(f"{full_key}:lock", 1, LOCK_TIMEOUT)
    except Exception:
        logger.exception("Report cache unavailable; computing")
        return compute()
    if locked:
        return _compute_and_store(full_key, stamp, compute)
    if entry is not None and stamp is not None and entry[0] is not None and entry[0] >= stamp - 1:
        # The same version's figures of the minute before, while another request brings them up to date.
        return entry[1]
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        time.sleep(POLL)
        try:
            entry = cache.get(full_key)
        except Exception:
            break
        if entry is not None and entry[0] == stamp:
            _local_put(full_key, stamp, entry[1])
            return entry[1]
    return compute()


# A range of more weeks than this (about three years) is computed whole instead of from cached weekly parts, and
# keyed by the rollups' versions (``weekly(...)`` false): a thousand version keys and parts cost more to read and
# write than the query that computes the range (the page's 2020-2040 range took 175 s on the file cache).
MAX_WEEKLY_PARTS = 160


def weekly(weeks: Sequence[date]) -> bool:
    """Whether a report over ``weeks`` is put together from cached weekly parts."""
    return len(weeks) <= MAX_WEEKLY_PARTS


def cached_parts(
    partition: str, parts: dict[date, str], compute: Callable[[list[date]], dict[date, bytes]]
) -> dict[date, bytes]:
    """Each week's part of a report: ``parts`` maps a week of ``partition`` to the part's key (the week's clip and
    the filters), ``compute(weeks)`` returns the missing weeks' parts. Each is cached under its week's version (in
    the shared cache and the worker's memory), so after a write only the weeks it changed are computed again. A
    range longer than :data:`MAX_WEEKLY_PARTS` weeks is computed whole."""
    weeks = sorted(parts)
    if not weekly(weeks):
        return compute(weeks)
    try:
        versions = _version_list(week_tokens(partition, weeks))
        epoch = versions[0]
        keys = {
            week: f"reports:part:{epoch}.{version}:{parts[week]}"
            for week, version in zip(weeks, versions[1:], strict=True)
        }
        found: dict[date, bytes] = {}
        for week, key in keys.items():
            local = _local_get(key, None)
            if local is not None:
                found[week] = local
        shared = cache.get_many([keys[week] for week in weeks if week not in found])
        for week in weeks:
            if week not in found and keys[week] in shared:
                found[week] = shared[keys[week]]
                _local_put(keys[week], None, found[week])
    except Exception:
        logger.exception("Report cache unavailable; computing")
        return compute(weeks)
    missing = [week for week in weeks if week not in found]
    if missing:
        computed = compute(missing)
        found.update(computed)
        for week, part in computed.items():
            _local_put(keys[week], None, part)
        ended = timezone.now().date() - timedelta(days=7)  # the Monday of a week that has ended, or earlier
        try:
            for timeout, past in ((PAST_WEEK_TIMEOUT, True), (TIMEOUT, False)):
                chosen = {keys[week]: part for week, part in computed.items() if (week <= ended) == past}
                if chosen:
                    cache.set_many(chosen, timeout)
        except Exception:
            logger.exception("Could not cache a report's parts")
    return found
