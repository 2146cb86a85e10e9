"""Role-based rate limiting with counters in the shared cache.

A fixed window per (scope, identity): ``cache.add`` then ``cache.incr`` so every server process shares one
counter (atomic on Redis). The rate is picked by the user's role; anonymous clients are keyed by IP, with
X-Forwarded-For trusted only through ``NUM_PROXIES`` proxies (DRF's ``get_ident``). If the cache is down the
request is allowed and the error logged: rate limiting must never take the API down with it.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'100/min' -> (100, 60). Accepts s/sec/second, m/min/minute, h/hour, d/day."""
    num, period = rate.split("/")
    return int(num), _UNITS[period.strip()[0].lower()]


class RateLimitResult:
    __slots__ = ("allowed", "limit", "remaining", "reset")

    def __init__(self, limit: int, remaining: int, reset: int, allowed: bool):
        self.limit, self.remaining, self.reset, self.allowed = limit, remaining, reset, allowed


def hit(scope: str, ident: str, rate: str) -> RateLimitResult | None:
    """Count one request against (scope, ident). None when the cache could not be reached."""
    limit, duration = parse_rate(rate)
    now = time.time()
    window = int(now // duration)
    key = f"throttle:{scope}:{ident}:{window}"
    try:
        backend = caches["default"] if cache is _default_cache else cache
        if isinstance(backend, RedisCache):
            count = _redis_count(backend, key, duration + 1)
        else:
            try:
                cache.add(key, 0, timeout=duration + 1)
                count = cache.incr(key)
            except ValueError:
                # The key expired between add and incr: start a fresh window.
                cache.set(key, 1, timeout=duration + 1)
                count = 1
    except Exception:
        # Also covers the fallback set above: an outage there must not turn into a 500 either.
        logger.exception("Rate-limit cache unreachable; allowing the request")
        return None
    reset = max(1, int((window + 1) * duration - now + 0.999))
    return RateLimitResult(limit, max(0, limit - count), reset, count <= limit)


_default_cache = cache


def _redis_count(backend: RedisCache, key: str, timeout: int) -> int:
    """``add`` + ``incr`` on Redis in one round trip: SET NX EX then INCR in one MULTI/EXEC, so the window cannot
    expire in between. Each cache call would also build a new redis client (~0.1 ms each); one is kept per
    backend. The counter is a plain integer, as Django's RedisCache stores ints, so ``cache.get`` reads it."""
    client = backend.__dict__.get("_ims_throttle_client")
    if client is None:
        client = backend._cache.get_client(write=True)
        backend.__dict__["_ims_throttle_client"] = client
    redis_key = backend.make_and_validate_key(key)
    pipe = client.pipeline(transaction=True)
    pipe.set(redis_key, 0, ex=timeout, nx=True)
    pipe.incr(redis_key)
    return int(pipe.execute()[1])


class _CacheThrottle(BaseThrottle):
    scope = ""

    def rate_for(self, request) -> str:
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    def ident_for(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        ident = self.ident_for(request)
        if ident is None:
            return True
        result = hit(self.scope_for(request), ident, self.rate_for(request))
        if result is None:
            return True
        self.result = result
        # Remember the tightest limit for the X-RateLimit-* headers (see RateLimitHeadersMiddleware).
        django_request = request._request
        current = getattr(django_request, "ratelimit", None)
        if current is None or result.remaining < current.remaining or not result.allowed:
            django_request.ratelimit = result
        return result.allowed

    def scope_for(self, request) -> str:
        return self.scope

    def wait(self) -> float | None:
        result = getattr(self, "result", None)
        return result.reset if result else None


class RoleRateThrottle(_CacheThrottle):
    """The seed's role-based throttle: admin 100/min, interviewer 50/min, candidate 10/min, anon 10/min."""

    def scope_for(self, request) -> str:
        user = request.user
        if user and user.is_authenticated:
            return getattr(user, "role", "anon")
        return "anon"

    def rate_for(self, request) -> str:
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope_for(request)]

    def ident_for(self, request) -> str:
        user = request.user
        if user and user.is_authenticated:
            return f"user:{user.pk}"
        return f"ip:{self.get_ident(request)}"


def login_account_ident(email: object) -> str | None:
    """The per-account login counter's key: the normalised email, hashed so no address sits in the cache."""
    if not isinstance(email, str) or not email.strip():
        return None
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"account:{digest}"


def login_attempt_allowed(request, email: object) -> RateLimitResult | None:
    """Count one login attempt from a plain Django request (the admin site's login form) against the same
    per-IP and per-account counters as the API's token endpoint. Returns the refusing result, or None."""
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"]
    idents = [("login", f"ip:{BaseThrottle().get_ident(request)}"), ("login-account", login_account_ident(email))]
    for scope, ident in idents:
        if ident is None:
            continue
        result = hit(scope, ident, rate)
        if result is not None and not result.allowed:
            return result
    return None


class LoginIPThrottle(_CacheThrottle):
    """Login attempts per client IP, on top of the anonymous rate."""

    scope = "login"

    def ident_for(self, request) -> str:
        return f"ip:{self.get_ident(request)}"


class LoginAccountThrottle(_CacheThrottle):
    """Login attempts per account, whatever IP or X-Forwarded-For they come from."""

    scope = "login"

    def ident_for(self, request) -> str | None:
        email = request.data.get("email") if hasattr(request.data, "get") else None
        return login_account_ident(email)

    def scope_for(self, request) -> str:
        return "login-account"


class RateLimitHeadersMiddleware:
    """Adds X-RateLimit-Limit/Remaining/Reset to every response a throttle looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        result = getattr(request, "ratelimit", None)
        if result is not None:
            response["X-RateLimit-Limit"] = str(result.limit)
            response["X-RateLimit-Remaining"] = str(result.remaining)
            response["X-RateLimit-Reset"] = str(result.reset)
            if not result.allowed:
                response["Retry-After"] = str(result.reset)
        return response
