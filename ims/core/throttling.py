"""Rate limiting with sliding-window counters in the shared cache, and the login rule.

Every limit is "at most N requests in any P seconds" (N/P from a DRF rate string), counted per (scope, identity).
The window slides: a request counts until P seconds after it, never until a clock boundary, so no burst at the
end of one minute followed by another at the start of the next can pass 2N.

How a window is kept: requests are merged into buckets P/60 wide (one second for a per-minute rate), each holding
its count and the time of its newest request; a bucket counts until P after that newest request. A request is
allowed while fewer than N are counted. Each request therefore counts for P to P + P/60 seconds, never less: the
allowed count over ANY P seconds is at most N, exactly, with no approximation slack; the price is that a request
may keep its place up to P/60 longer than P (at most a second for per-minute rates). State per identity is at
most 61 buckets whatever the rate, so a lifted rate (benchmarks use 1,000,000/min) costs no more than 10/min.
Refused requests are not counted: a client that keeps retrying gets exactly N per window, not fewer.

Where: with ``REDIS_URL``, one Lua script per hit (EVALSHA: a single round trip, atomic, shared by every process),
on a client built once per process from ``REDIS_URL``. Without it, the same algorithm over Django's cache API
(the file cache, shared by every process on the machine; atomic within a process, read-modify-write across
processes as the file cache allows). The client's clock is used, so servers need synchronised clocks (NTP).

The rate is picked by the user's role; anonymous clients are keyed by IP, with X-Forwarded-For trusted only
through ``NUM_PROXIES`` proxies (DRF's ``get_ident``). If the cache is down the request is allowed and the
error logged: rate limiting must never take the API down with it.
"""

import functools
import hashlib
import logging
import math
import threading
import time
from dataclasses import dataclass, field

import redis
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_BUCKETS = 60


def parse_rate(rate: str) -> tuple[int, int]:
    """'100/min' -> (100, 60). Accepts s/sec/second, m/min/minute, h/hour, d/day."""
    num, period = rate.split("/")
    return int(num), _UNITS[period.strip()[0].lower()]


def _rates() -> dict[str, str]:
    return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]


class RateLimitResult:
    """One counted request: ``reset`` is the whole seconds until Remaining next goes up (when refused: until a
    request would be allowed); ``token`` names the bucket it was counted in, for ``give_back``."""

    __slots__ = ("allowed", "limit", "remaining", "reset", "token")

    def __init__(self, limit: int, remaining: int, reset: int, allowed: bool, token: int | None = None):
        self.limit, self.remaining, self.reset, self.allowed, self.token = limit, remaining, reset, allowed, token


# --- The window ------------------------------------------------------------------------------------
# State: a list of [bucket, count, newest request time in ms], oldest first. ``cost`` 1 counts a request if
# allowed, -1 gives one back to the bucket named. Returns the state, whether it changed, the count, whether the
# request was allowed, when (ms) the next request would be allowed or Remaining grows, and the bucket used.
# _slide() and _SLIDE_LUA are the same algorithm, line for line; the tests run both.


def _slide(
    state: list[list[int]], now: int, period: int, limit: int, cost: int, bucket: int
) -> tuple[list[list[int]], bool, int, bool, int | None, int | None]:
    cutoff = now - period
    kept = [entry for entry in state if entry[2] > cutoff]
    changed = len(kept) != len(state)
    total = sum(entry[1] for entry in kept)
    allowed = total < limit
    token = None
    if cost > 0 and allowed:
        last = kept[-1] if kept else None
        # A clock that stepped back lands in the newest bucket: it then counts a little longer, never shorter.
        if last is not None and bucket <= last[0]:
            last[1] += 1
            last[2] = max(last[2], now)
            token = last[0]
        else:
            kept.append([bucket, 1, now])
            token = bucket
        total += 1
        changed = True
    elif cost < 0:
        for index, entry in enumerate(kept):
            if entry[0] == bucket:
                entry[1] -= 1
                total -= 1
                changed = True
                if entry[1] == 0:
                    del kept[index]
                break
    need = 1 if allowed else total - limit + 1
    freed_at = None
    for entry in kept:
        need -= entry[1]
        if need <= 0:
            freed_at = entry[2] + period
            break
    return kept, changed, total, allowed, freed_at, token


_SLIDE_LUA = """
local now, period, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local cost, bucket = tonumber(ARGV[4]), tonumber(ARGV[5])
local raw = redis.call('GET', KEYS[1])
local state = {}
if raw then state = cmsgpack.unpack(raw) end
local cutoff = now - period
local kept, total = {}, 0
for _, entry in ipairs(state) do
  if entry[3] > cutoff then
    kept[#kept + 1] = entry
    total = total + entry[2]
  end
end
local changed = #kept ~= #state
local allowed = total < limit
local token = false
if cost > 0 and allowed then
  local last = kept[#kept]
  if last and bucket <= last[1] then
    last[2] = last[2] + 1
    if now > last[3] then last[3] = now end
    token = last[1]
  else
    kept[#kept + 1] = {bucket, 1, now}
    token = bucket
  end
  total = total + 1
  changed = true
elseif cost < 0 then
  for index, entry in ipairs(kept) do
    if entry[1] == bucket then
      entry[2] = entry[2] - 1
      total = total - 1
      changed = true
      if entry[2] == 0 then table.remove(kept, index) end
      break
    end
  end
end
if changed then
  if #kept == 0 then
    redis.call('DEL', KEYS[1])
  else
    redis.call('SET', KEYS[1], cmsgpack.pack(kept), 'PX', period)
  end
end
local need = 1
if not allowed then need = total - limit + 1 end
local freed_at = false
for _, entry in ipairs(kept) do
  need = need - entry[2]
  if need <= 0 then
    freed_at = entry[3] + period
    break
  end
end
return {total, allowed and 1 or 0, freed_at, token}
"""


class RedisWindows:
    """Windows in Redis: one EVALSHA per hit (redis-py's Script reloads it after a Redis restart)."""

    def __init__(self, url: str):
        # The same timeouts as the cache in settings: a Redis outage costs a request at most a second.
        self.client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self.script = self.client.register_script(_SLIDE_LUA)

    def slide(
        self, key: str, now: int, period: int, limit: int, cost: int, bucket: int
    ) -> tuple[int, bool, int | None, int | None]:
        total, allowed, freed_at, token = self.script(keys=[key], args=[now, period, limit, cost, bucket])
        return int(total), bool(allowed), freed_at, token


class CacheWindows:
    """Windows over Django's cache API, for the embedded file cache. The lock makes a hit atomic among the
    threads of one process; between processes the file cache's read-modify-write is what it is."""

    def __init__(self, backend=cache):
        self.backend = backend
        self.lock = threading.Lock()

    def slide(
        self, key: str, now: int, period: int, limit: int, cost: int, bucket: int
    ) -> tuple[int, bool, int | None, int | None]:
        with self.lock:
            state = self.backend.get(key) or []
            kept, changed, total, allowed, freed_at, token = _slide(state, now, period, limit, cost, bucket)
            if changed:
                if kept:
                    self.backend.set(key, kept, timeout=math.ceil(period / 1000))
                else:
                    self.backend.delete(key)
        return total, allowed, freed_at, token


_CACHE_WINDOWS = CacheWindows()


@functools.cache
def _redis_windows(url: str) -> RedisWindows:
    return RedisWindows(url)


def windows() -> RedisWindows | CacheWindows:
    """The process's window store: Redis when ``REDIS_URL`` is set (one client per process), else the cache."""
    url = settings.REDIS_URL
    return _redis_windows(url) if url else _CACHE_WINDOWS


def _key(scope: str, ident: str) -> str:
    return f"throttle:{scope}:{ident}"


def _now_ms() -> int:
    return round(time.time() * 1000)


def hit(scope: str, ident: str, rate: str) -> RateLimitResult | None:
    """Count one request against (scope, ident) if the window has room. None when the cache could not be reached."""
    limit, duration = parse_rate(rate)
    period, now = duration * 1000, _now_ms()
    bucket = now // max(1, period // _BUCKETS)
    try:
        total, allowed, freed_at, token = windows().slide(_key(scope, ident), now, period, limit, 1, bucket)
    except Exception:
        logger.exception("Rate-limit cache unreachable; allowing the request")
        return None
    reset = max(1, math.ceil((freed_at - now) / 1000)) if freed_at is not None else duration
    return RateLimitResult(limit, max(0, limit - total), reset, allowed, token)


def give_back(scope: str, ident: str, rate: str, token: int | None) -> None:
    """Uncount a request ``hit`` counted (``token`` from its result): it turned out not to be what the limit is
    about, e.g. a login whose password was right."""
    if token is None:
        return
    limit, duration = parse_rate(rate)
    try:
        windows().slide(_key(scope, ident), _now_ms(), duration * 1000, limit, -1, int(token))
    except Exception:
        logger.exception("Rate-limit cache unreachable; a request stays counted")


def _remember(django_request: HttpRequest, result: RateLimitResult) -> None:
    """Keep the tightest limit seen for the X-RateLimit-* headers (see RateLimitHeadersMiddleware)."""
    current = getattr(django_request, "ratelimit", None)
    if current is None or result.remaining < current.remaining or not result.allowed:
        # A per-request attribute, as request.user is; RateLimitHeadersMiddleware reads it back.
        django_request.ratelimit = result  # type: ignore[attr-defined]


def client_ip(request) -> str:
    return BaseThrottle().get_ident(request)


class _CacheThrottle(BaseThrottle):
    scope = ""

    def rate_for(self, request) -> str:
        return _rates()[self.scope]

    def ident_for(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        django_request = request._request  # noqa: SLF001 - DRF's documented way to the HttpRequest it wraps
        # Marks the request as counted, so a 401 raised later (wrong password, bad refresh token) is not counted
        # a second time by throttle_unauthenticated.
        django_request.rate_counted = True
        ident = self.ident_for(request)
        if ident is None:
            return True
        result = hit(self.scope_for(request), ident, self.rate_for(request))
        if result is None:
            return True
        self.result = result
        _remember(django_request, result)
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
        return _rates()[self.scope_for(request)]

    def ident_for(self, request) -> str:
        user = request.user
        if user and user.is_authenticated:
            return f"user:{user.pk}"
        return f"ip:{self.get_ident(request)}"


def throttle_unauthenticated(exc: Exception, request) -> Exception:
    """Count a 401 that DRF raised before its throttles ran against the anonymous per-IP rate.

    DRF authenticates and checks permissions before throttling, so a missing, garbage, expired or revoked token
    is refused without ever being counted: an unthrottled flood. The exception handler calls this for every 401;
    the anonymous counter is the one RoleRateThrottle uses, so an IP has one budget however it is refused. Over
    the limit the answer becomes the 429 it would have been. Requests a throttle already counted (a wrong
    password on the login endpoint) pass through, and valid tokens never get here: their cost is unchanged.
    """
    django_request = getattr(request, "_request", request)
    if django_request is None or getattr(django_request, "rate_counted", False):
        return exc
    django_request.rate_counted = True
    result = hit("anon", f"ip:{client_ip(request)}", _rates()["anon"])
    if result is None:
        return exc
    _remember(django_request, result)
    return exc if result.allowed else Throttled(wait=result.reset)


# --- Login -----------------------------------------------------------------------------------------
# The rule (README, "Rate limits"), shared by POST /api/auth/token/ and the Django admin's login form:
#   1. every attempt from one client IP: THROTTLE_RATE_LOGIN (10/min), whatever the account or outcome;
#   2. failed logins for one account from one IP: THROTTLE_RATE_LOGIN_ACCOUNT_IP (10/hour);
#   3. failed logins for one account from all IPs: THROTTLE_RATE_LOGIN_ACCOUNT (100/hour), except that an IP where
#      the account logged in successfully within LOGIN_TRUSTED_DAYS (30) is not held by this one: only by 1 and 2.
# An attempt takes its place in 2 and 3 before the password is checked and gives it back when the password is
# right: so successes never count, and a thousand attempts in flight at once cannot pass the limits either.
# 1 and 2 stop an attacker on one IP without touching the owner elsewhere; 3 bounds an attacker rotating IPs
# (100 guesses per account per hour, plus 10 per IP the owner logged in from); the exemption is what lets the
# owner in from the places they use while such an attack holds 3 shut. That is OWASP's "device cookie" scheme,
# keyed by (account, IP) so it also works for API clients that keep no cookies. A growing delay shared by all
# IPs would not help the owner (the attacker takes each slot as it opens), and one per IP would not bound an
# attacker with many IPs. Nothing here depends on whether the account exists: the answers are identical.


def login_account_ident(email: object) -> str | None:
    """The per-account login counter's key: the normalised email, hashed so no address sits in the cache."""
    if not isinstance(email, str) or not email.strip():
        return None
    # surrogatepass: a lone surrogate in JSON is a str Python cannot encode strictly; it still gets its own key.
    digest = hashlib.sha256(email.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"account:{digest}"


@dataclass
class LoginAttempt:
    """One login attempt under way. ``refused`` is the limit that refused it (answer 429 with Retry-After
    ``refused.reset``), or None: check the password, then call ``login_succeeded`` if it was right. A wrong
    password needs no call, the attempt already counts as a failure."""

    refused: RateLimitResult | None = None
    account: str | None = None
    ip: str = ""
    held: list[tuple[str, str, str, int | None]] = field(default_factory=list)


def _trusted_key(account: str, ip: str) -> str:
    return f"login-trusted:{account}:{ip}"


def _is_trusted(account: str, ip: str) -> bool:
    try:
        # The value is the expiry on the same clock as the windows; the cache's own timeout only cleans up.
        return (cache.get(_trusted_key(account, ip)) or 0) > time.time()
    except Exception:
        logger.exception("Rate-limit cache unreachable; treating the login source as new")
        return False


def login_attempt_check(request: HttpRequest, email: object) -> LoginAttempt:
    """Count one login attempt for ``email`` from ``request``'s client (the rule above). Takes a Django or DRF
    request; every login form (API token, Django admin, web pages) calls this before checking a password."""
    rates = _rates()
    django_request = getattr(request, "_request", request)
    attempt = LoginAttempt(account=login_account_ident(email), ip=client_ip(request))

    limits = [("login", f"ip:{attempt.ip}", rates["login"])]
    if attempt.account is not None:
        limits += [
            ("login-account-ip", f"{attempt.account}:ip:{attempt.ip}", rates["login_account_ip"]),
            ("login-account", attempt.account, rates["login_account"]),
        ]
    for scope, ident, rate in limits:
        result = hit(scope, ident, rate)
        if result is None:
            continue
        if result.allowed:
            if scope != "login":  # the per-account limits count failures: a right password gives its place back
                attempt.held.append((scope, ident, rate, result.token))
            _remember(django_request, result)
        elif scope == "login-account" and attempt.account is not None and _is_trusted(attempt.account, attempt.ip):
            continue  # rule 3 does not hold a place the account logged in from
        else:
            _give_back_places(attempt)
            attempt.refused = result
            _remember(django_request, result)
            return attempt
    return attempt


def _give_back_places(attempt: LoginAttempt) -> None:
    for scope, ident, rate, token in attempt.held:
        give_back(scope, ident, rate, token)
    attempt.held.clear()


def login_succeeded(attempt: LoginAttempt) -> None:
    """The password was right: give back the attempt's places in the failure counters, and trust its IP for the
    account (rule 3) for LOGIN_TRUSTED_DAYS."""
    _give_back_places(attempt)
    if attempt.account is None:
        return
    trusted_for = settings.LOGIN_TRUSTED_DAYS * 86400
    try:
        cache.set(_trusted_key(attempt.account, attempt.ip), time.time() + trusted_for, timeout=trusted_for)
    except Exception:
        logger.exception("Rate-limit cache unreachable; the login source is not remembered")


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
