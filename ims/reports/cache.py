"""Computed reports, cached until the next write that changes a rollup.

Every rollup write (:mod:`ims.reports.services`) bumps one version number in the shared cache *after* its
transaction commits; a cached report is keyed by the version it was read under. A report is therefore never
served from before a committed write: once the write commits, the version moves and the next request
recomputes. (Bumping before the commit would let a reader cache the old figures under the new version.) Reports
that count against the current time (upcoming interviews, overdue feedback) also key on the minute.

The cache is the project's shared one (Redis, or the file cache every local process shares). If it fails, the
report is computed, never refused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "reports:version"
TIMEOUT = 600  # seconds; a version that moved on leaves its entries to expire


def _fresh_version() -> int:
    # An int (Redis increments it in place), and unlike any earlier one should the key have been evicted.
    return int(timezone.now().timestamp() * 1_000_000)


def _bump() -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except Exception:  # not set (evicted) or not a number: any new value invalidates what was keyed before
            cache.set(VERSION_KEY, _fresh_version(), None)
    except Exception:
        logger.exception("Could not invalidate the cached reports; they expire within %s s", TIMEOUT)


def reports_changed() -> None:
    """Called by every rollup write, inside its transaction: invalidate the cached reports once it commits."""
    transaction.on_commit(_bump)


def cached(key: str, compute: Callable[[], list[dict]], *, per_minute: bool = False) -> list[dict]:
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            version = _fresh_version()
            cache.add(VERSION_KEY, version, None)
            version = cache.get(VERSION_KEY, version)
        full_key = f"reports:{version}:{key}"
        if per_minute:
            full_key += f":{int(timezone.now().timestamp() // 60)}"
        rows = cache.get(full_key)
    except Exception:
        logger.exception("Report cache unavailable; computing")
        return compute()
    if rows is None:
        rows = compute()
        try:
            cache.set(full_key, rows, TIMEOUT)
        except Exception:
            logger.exception("Could not cache a report")
    return rows
