"""The rate-limit window slides: no P seconds ever let more than N requests through, whatever their timing, and
Retry-After / X-RateLimit-Reset say exactly how long to wait. Each test runs on the embedded file cache and on
Redis (the same algorithm twice: Python over the cache API, a Lua script in Redis)."""

import random
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache.backends.filebased import FileBasedCache
from django.utils import timezone

from ims.core import throttling

pytestmark = pytest.mark.throttle

ME = "/api/users/me/"


@pytest.fixture(params=["file cache", pytest.param("redis", marks=pytest.mark.redis)])
def store(request, monkeypatch, tmp_path):
    if request.param == "redis":
        chosen = throttling.RedisWindows(django_settings.REDIS_URL)
    else:
        chosen = throttling.CacheWindows(FileBasedCache(str(tmp_path / "throttle-cache"), {}))
    monkeypatch.setattr(throttling, "windows", lambda: chosen)
    return chosen


@pytest.fixture
def next_minute():
    """The start of a minute a little ahead: tokens minted now are still valid there."""
    return timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=2)


def test_ten_requests_at_0_59_and_ten_at_1_00_do_not_all_pass(store, candidate_client, next_minute):
    with time_machine.travel(next_minute - timedelta(seconds=1), tick=False) as clock:
        before = [candidate_client.get(ME).status_code for _ in range(10)]
        clock.move_to(next_minute)
        after = [candidate_client.get(ME) for _ in range(10)]
    assert before == [200] * 10
    assert [response.status_code for response in after] == [429] * 10
    # The ten from 0:59 stop counting at 1:59.
    assert {response["Retry-After"] for response in after} == {"59"}
    assert {response["X-RateLimit-Remaining"] for response in after} == {"0"}


def test_a_request_counts_for_exactly_one_window_then_makes_room(store, candidate_client, next_minute):
    start = next_minute + timedelta(seconds=12)
    with time_machine.travel(start, tick=False) as clock:
        assert [candidate_client.get(ME).status_code for _ in range(10)] == [200] * 10
        clock.move_to(start + timedelta(seconds=59.9))
        assert candidate_client.get(ME).status_code == 429
        clock.move_to(start + timedelta(seconds=60))
        response = candidate_client.get(ME)
    assert response.status_code == 200
    assert response["X-RateLimit-Remaining"] == "9"  # all ten freed at once, one used again


def test_retry_after_is_exactly_as_long_as_the_wait(store, candidate_client, next_minute):
    start = next_minute + timedelta(seconds=5.3)
    with time_machine.travel(start, tick=False) as clock:
        for n in range(10):
            clock.move_to(start + timedelta(seconds=4 * n))  # 0:05.3, 0:09.3, ... 0:41.3
            assert candidate_client.get(ME).status_code == 200
        clock.move_to(start + timedelta(seconds=50))
        refused = candidate_client.get(ME)
        assert refused.status_code == 429
        wait = int(refused["Retry-After"])
        assert wait == 10  # the request from 0:05.3 counts until 1:05.3; it is 0:55.3
        assert refused.json()["retry_after"] == wait
        clock.move_to(start + timedelta(seconds=50 + wait - 1))
        assert candidate_client.get(ME).status_code == 429
        clock.move_to(start + timedelta(seconds=50 + wait))
        allowed = candidate_client.get(ME)
    assert allowed.status_code == 200
    # Remaining grows again when the request from 0:09.3 stops counting, at 1:09.3: 4 seconds later.
    assert allowed["X-RateLimit-Reset"] == "4"


def test_the_reset_header_of_a_first_request_is_the_whole_window(store, candidate_client):
    response = candidate_client.get(ME)
    assert response["X-RateLimit-Reset"] == "60"
    assert response["X-RateLimit-Remaining"] == "9"


def _timings(seed: int, count: int = 400) -> list[float]:
    """Bursts, lulls and steady trickles, with requests piling up around minute boundaries."""
    rng = random.Random(seed)
    moments, now = [], 0.0
    while len(moments) < count:
        kind = rng.choice(["burst", "trickle", "lull", "boundary"])
        if kind == "burst":
            moments += [now + rng.uniform(0, 0.5) for _ in range(rng.randint(3, 15))]
            now += 0.5
        elif kind == "trickle":
            for _ in range(rng.randint(5, 20)):
                now += rng.uniform(0.5, 8)
                moments.append(now)
        elif kind == "lull":
            now += rng.uniform(10, 70)
        else:
            edge = (now // 60 + 1) * 60
            moments += [edge - rng.uniform(0, 1) for _ in range(rng.randint(5, 12))]
            moments += [edge + rng.uniform(0, 1) for _ in range(rng.randint(5, 12))]
            now = edge + 1
    return sorted(round(moment, 3) for moment in moments[:count])  # whole milliseconds, as the window counts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_sixty_seconds_ever_let_more_than_the_limit_through(store, next_minute, seed):
    limit, period = 10, 60.0
    allowed, refused = [], []
    with time_machine.travel(next_minute, tick=False) as clock:
        for moment in _timings(seed):
            clock.move_to(next_minute + timedelta(seconds=moment))
            result = throttling.hit("candidate", "user:timing", f"{limit}/min")
            (allowed if result.allowed else refused).append(moment)
    assert len(allowed) > 100 and len(refused) > 50  # the timings really did push against the limit
    # Safety: in every window [t, t + 60) there are at most ten, with no approximation slack.
    for first in allowed:
        assert sum(first <= t < first + period for t in allowed) <= limit, first
    # Strictness: a request was refused only when ten had passed within its last 61 seconds (a request keeps its
    # place at most one bucket, 1/60 of the window, longer than the window itself).
    for moment in refused:
        assert sum(moment - period - period / 60 < t <= moment for t in allowed) >= limit, moment


def test_a_client_that_keeps_retrying_gets_its_full_rate(store, next_minute):
    # Refused requests are not counted: hammering once a second still lets ten through each minute.
    passed_per_minute = [0, 0, 0]
    with time_machine.travel(next_minute, tick=False) as clock:
        for second in range(180):
            clock.move_to(next_minute + timedelta(seconds=second))
            if throttling.hit("anon", "ip:192.0.2.1", "10/min").allowed:
                passed_per_minute[second // 60] += 1
    assert passed_per_minute == [10, 10, 10]


def test_give_back_uncounts_exactly_one_request(store, next_minute):
    with time_machine.travel(next_minute, tick=False):
        results = [throttling.hit("login-account", "account:x", "3/hour") for _ in range(3)]
        assert not throttling.hit("login-account", "account:x", "3/hour").allowed
        throttling.give_back("login-account", "account:x", "3/hour", results[1].token)
        again = throttling.hit("login-account", "account:x", "3/hour")
        assert again.allowed and again.remaining == 0
        assert not throttling.hit("login-account", "account:x", "3/hour").allowed


def test_state_stays_small_whatever_the_rate(store, next_minute):
    # A lifted rate (benchmarks use 1,000,000/min) keeps at most one bucket per second of the window.
    with time_machine.travel(next_minute, tick=False) as clock:
        for n in range(600):
            clock.move_to(next_minute + timedelta(seconds=n * 0.25))
            assert throttling.hit("admin", "user:busy", "1000000/min").allowed
    key = "throttle:admin:user:busy"
    if isinstance(store, throttling.RedisWindows):
        state = store.client.eval("return cmsgpack.unpack(redis.call('GET', KEYS[1]))", 1, key)
    else:
        state = store.backend.get(key)
    assert len(state) <= 61
    assert sum(count for _, count, _ in state) == 600 - 4 * 90  # the last 60 s: 240 requests
