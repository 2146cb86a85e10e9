"""The anonymous careers pages (``/``, ``/jobs/<id>/``) cached in the shared cache (Redis with REDIS_URL).

Every cached page's key carries a generation number; a job change bumps it, which drops all of them at once
(a job's change can move it in or out of every list page).
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

_GENERATION_KEY = "careers:generation"
# The generation read from the shared cache is reused by this process for this long: a page hit then costs one
# cache read, not two. Another process's job change shows here at most this much later (this process's at once).
_GENERATION_TTL = 1.0
_local = {"value": 0, "read_at": -_GENERATION_TTL}
_lock = threading.Lock()


def _generation() -> int:
    now = time.monotonic()
    if now - _local["read_at"] < _GENERATION_TTL:
        return int(_local["value"])
    value = _shared_generation()
    with _lock:
        _local.update(value=value, read_at=now)
    return value


def _forget_generation() -> None:
    with _lock:
        _local.update(value=0, read_at=-_GENERATION_TTL)


def _shared_generation() -> int:
    try:
        value = cache.get(_GENERATION_KEY)
        if value is None:
            cache.add(_GENERATION_KEY, 1, timeout=None)
            value = cache.get(_GENERATION_KEY) or 1
        return int(value)
    except Exception:
        logger.exception("Cache unreachable; careers pages are rendered uncached")
        return 0


def careers_key(name: str) -> str | None:
    generation = _generation()
    return f"careers:{generation}:{name}" if generation else None


def careers_get(key: str | None) -> bytes | None:
    if key is None:
        return None
    try:
        return cache.get(key)
    except Exception:
        logger.exception("Cache unreachable")
        return None


def careers_set(key: str | None, content: bytes) -> None:
    if key is None:
        return
    try:
        cache.set(key, content, timeout=settings.CAREERS_CACHE_SECONDS)
    except Exception:
        logger.exception("Cache unreachable; a careers page stays uncached")


def careers_invalidate() -> None:
    """Called by the jobs services after every committed job change."""
    _forget_generation()
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.add(_GENERATION_KEY, 2, timeout=None)
    except Exception:
        logger.exception("Cache unreachable; careers pages may be stale for CAREERS_CACHE_SECONDS")
