"""Role-based rate limiting: per-role rates, 429 + headers, identity by user or IP, shared counters."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from rest_framework.test import APIClient

from ims.core import throttling

pytestmark = pytest.mark.throttle

ME = "/api/users/me/"
ANON = "/api/auth/token/refresh/"  # open to anonymous callers, throttled by the role throttle only


def set_rates(settings, num_proxies: int | None = None, **rates: str) -> None:
    merged = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates}
    rest = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": merged}
    if num_proxies is not None:
        rest["NUM_PROXIES"] = num_proxies
    settings.REST_FRAMEWORK = rest


def anon_post(client: APIClient, **extra):
    return client.post(ANON, {"refresh": "not-a-token"}, **extra)


def test_the_default_rates_are_the_seeds_per_minute_rates():
    assert django_settings.THROTTLE_RATES["admin"] == "100/min"
    assert django_settings.THROTTLE_RATES["interviewer"] == "50/min"
    assert django_settings.THROTTLE_RATES["candidate"] == "10/min"
    assert django_settings.THROTTLE_RATES["anon"] == "10/min"


@pytest.mark.parametrize(("persona", "limit"), [("admin", 100), ("interviewer", 50), ("candidate", 10)])
def test_each_role_is_told_its_own_limit(request, persona, limit):
    response = request.getfixturevalue(f"{persona}_client").get(ME)
    assert response.status_code == 200
    assert response["X-RateLimit-Limit"] == str(limit)
    assert response["X-RateLimit-Remaining"] == str(limit - 1)
    assert 1 <= int(response["X-RateLimit-Reset"]) <= 60


def test_anonymous_callers_are_told_the_anonymous_limit(anon_client, db):
    response = anon_post(anon_client)
    assert response.status_code == 401
    assert response["X-RateLimit-Limit"] == "10"


def test_a_candidate_gets_429_with_json_and_an_integer_retry_after_once_over_the_limit(settings, candidate_client):
    set_rates(settings, candidate="3/hour")
    remaining = []
    for _ in range(3):
        response = candidate_client.get(ME)
        assert response.status_code == 200
        remaining.append(response["X-RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]
    response = candidate_client.get(ME)
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled"
    assert isinstance(body["retry_after"], int) and body["retry_after"] > 0
    assert int(response["Retry-After"]) > 0
    assert response["Retry-After"].isdigit()
    assert response["X-RateLimit-Limit"] == "3"
    assert response["X-RateLimit-Remaining"] == "0"
    assert response["X-RateLimit-Reset"].isdigit()


@pytest.mark.parametrize(("persona", "rate"), [("admin", 5), ("interviewer", 4), ("candidate", 3)])
def test_each_role_gets_exactly_its_own_rate(request, settings, persona, rate):
    set_rates(settings, admin="5/hour", interviewer="4/hour", candidate="3/hour")
    client = request.getfixturevalue(f"{persona}_client")
    statuses = [client.get(ME).status_code for _ in range(rate + 2)]
    assert statuses == [200] * rate + [429, 429]


def test_users_are_counted_separately(settings, candidate_client, other_candidate_client):
    set_rates(settings, candidate="2/hour")
    for _ in range(2):
        candidate_client.get(ME)
    assert candidate_client.get(ME).status_code == 429
    assert other_candidate_client.get(ME).status_code == 200


def test_a_role_change_moves_the_user_to_the_new_roles_rate(settings, candidate, candidate_client):
    set_rates(settings, candidate="1/hour", interviewer="5/hour")
    candidate_client.get(ME)
    assert candidate_client.get(ME).status_code == 429
    candidate.role = "interviewer"
    candidate.save()
    assert candidate_client.get(ME)["X-RateLimit-Limit"] == "5"


def test_anonymous_callers_are_keyed_by_ip_and_x_forwarded_for_is_ignored_without_proxies(settings, db):
    set_rates(settings, num_proxies=0, anon="2/hour")
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    for n in range(2):
        assert anon_post(client, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code == 401
    assert anon_post(client, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429
    assert anon_post(APIClient(REMOTE_ADDR="203.0.113.8")).status_code == 401


def test_x_forwarded_for_is_trusted_through_the_configured_number_of_proxies(settings, db):
    set_rates(settings, num_proxies=1, anon="1/hour")
    proxy = APIClient(REMOTE_ADDR="10.0.0.1")
    assert anon_post(proxy, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 401
    assert anon_post(proxy, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert anon_post(proxy, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 401


def test_the_anonymous_rate_also_applies_to_login(settings, candidate):
    set_rates(settings, anon="2/hour", login="1000/hour")
    client = APIClient()
    payload = {"email": "cara@example.com", "password": "wrong password"}
    assert [client.post("/api/auth/token/", payload).status_code for _ in range(3)] == [401, 401, 429]


def test_failed_logins_on_one_account_are_limited_whatever_ip_they_come_from(settings, candidate):
    set_rates(settings, anon="1000/hour", login_account="3/hour")
    payload = {"email": "cara@example.com", "password": "wrong password"}
    for n in range(3):
        assert APIClient(REMOTE_ADDR=f"192.0.2.{n}").post("/api/auth/token/", payload).status_code == 401
    response = APIClient(REMOTE_ADDR="192.0.2.50").post("/api/auth/token/", {**payload, "email": "CARA@example.com"})
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    # Another account from that IP is not affected.
    assert (
        APIClient(REMOTE_ADDR="192.0.2.50").post("/api/auth/token/", {**payload, "email": "x@example.com"}).status_code
        == 401
    )


def test_login_attempts_from_one_ip_are_limited_across_accounts(settings, db):
    set_rates(settings, anon="1000/hour", login="3/hour")
    client = APIClient(REMOTE_ADDR="192.0.2.9")
    statuses = [
        client.post("/api/auth/token/", {"email": f"u{n}@example.com", "password": "x"}).status_code for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429]


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: throttling.CacheWindows(caches.create_connection("default")), id="cache"),
        pytest.param(lambda: throttling.RedisWindows(django_settings.REDIS_URL), id="redis", marks=pytest.mark.redis),
    ],
)
def test_counters_are_shared_between_two_separately_built_clients(settings, monkeypatch, candidate_client, build):
    set_rates(settings, candidate="3/hour")
    first, second = build(), build()
    assert first is not second
    monkeypatch.setattr(throttling, "windows", lambda: first)
    assert [candidate_client.get(ME).status_code for _ in range(2)] == [200, 200]
    monkeypatch.setattr(throttling, "windows", lambda: second)
    response = candidate_client.get(ME)
    assert response.status_code == 200
    assert response["X-RateLimit-Remaining"] == "0"
    assert candidate_client.get(ME).status_code == 429


@pytest.mark.redis
def test_with_redis_every_hit_goes_through_one_client_built_once_per_process_from_redis_url():
    store = throttling.windows()
    assert isinstance(store, throttling.RedisWindows)
    assert throttling.windows() is store
    assert store.client.get_connection_kwargs()["db"] == int(django_settings.REDIS_URL.rsplit("/", 1)[1])


def _var_dir_env() -> dict[str, str]:
    """A child process shares this one's file cache (conftest puts it in a folder of the test run's own) through
    IMS_VAR_DIR; with Redis, through REDIS_URL, already in the environment."""
    default = django_settings.CACHES["default"]
    if not default["BACKEND"].endswith("FileBasedCache"):
        return {}
    return {"IMS_VAR_DIR": str(Path(default["LOCATION"]).parent)}


def test_counters_are_shared_with_another_process(settings, candidate, candidate_client):
    set_rates(settings, candidate="3/hour")
    code = (
        "import django; django.setup();"
        "from ims.core.throttling import hit;"
        f"results = [hit('candidate', 'user:{candidate.pk}', '3/hour') for _ in range(3)];"
        "assert all(r is not None for r in results), results"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ims.settings", **_var_dir_env()}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=django_settings.BASE_DIR, timeout=60)  # noqa: S603
    assert candidate_client.get(ME).status_code == 429


class _BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache is down")

        return fail


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(lambda: throttling.CacheWindows(_BrokenCache()), id="cache"),
        # Nothing listens on port 1: a real connection refused, so no Redis server is needed.
        pytest.param(lambda: throttling.RedisWindows("redis://127.0.0.1:1/0"), id="redis"),
    ],
)
def test_the_api_keeps_serving_and_logs_when_the_cache_is_unreachable(
    settings, monkeypatch, caplog, candidate_client, broken
):
    set_rates(settings, candidate="1/hour")
    store = broken()
    monkeypatch.setattr(throttling, "windows", lambda: store)
    with caplog.at_level(logging.ERROR, logger="ims.core.throttling"):
        statuses = [candidate_client.get(ME).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert "Rate-limit cache unreachable" in caplog.text
    assert "X-RateLimit-Limit" not in candidate_client.get(ME)


def test_a_cache_that_reads_but_cannot_write_does_not_fail_the_request(monkeypatch, candidate_client):
    class ReadsButCannotWrite:
        def get(self, *args, **kwargs):
            return None

        def set(self, *args, **kwargs):
            raise ConnectionError("cache is down")

    store = throttling.CacheWindows(ReadsButCannotWrite())
    monkeypatch.setattr(throttling, "windows", lambda: store)
    assert candidate_client.get(ME).status_code == 200


def test_unthrottled_endpoints_carry_no_rate_limit_headers(anon_client):
    assert "X-RateLimit-Limit" not in anon_client.get("/api/health/live")


@pytest.mark.parametrize(
    ("rate", "expected"), [("100/min", (100, 60)), ("5/s", (5, 1)), ("7/hour", (7, 3600)), ("2/day", (2, 86400))]
)
def test_rates_are_parsed_like_drf_rate_strings(rate, expected):
    assert throttling.parse_rate(rate) == expected
