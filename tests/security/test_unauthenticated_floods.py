"""Requests refused for their token are throttled like any anonymous request: DRF authenticates before it
throttles, so without this a flood of missing, garbage, forged or revoked tokens was never counted (and each
revoked one cost a user-row read). They share the anonymous per-IP budget; a valid token costs what it did."""

from datetime import timedelta

import pytest
import time_machine
from django.db.models import F
from django.utils import timezone
from rest_framework.test import APIClient

from ims.accounts.models import User
from ims.accounts.services import tokens_for_user
from ims.core import throttling
from tests.security.helpers import signed_token

pytestmark = pytest.mark.throttle

ME = "/api/users/me/"
ADMIN_ONLY = "/api/users/"
REFRESH = "/api/auth/token/refresh/"


def anon_limit(settings, rate: str = "3/hour", num_proxies: int = 0) -> None:
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": rate}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates, "NUM_PROXIES": num_proxies}


def client_with(token: str | None, remote_addr: str = "192.0.2.10") -> APIClient:
    client = APIClient(REMOTE_ADDR=remote_addr)
    if token is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def revoked_token(user: User) -> str:
    token = tokens_for_user(user)["access"]
    User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
    return token


def expired_token(user: User) -> str:
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        return tokens_for_user(user)["access"]


BAD_TOKENS = {
    "no token": lambda user: None,
    "garbage": lambda user: "not-a-jwt",
    "wrong signature": lambda user: signed_token({"user_id": str(user.pk), "token_type": "access"}, key="x" * 40),
    "expired": expired_token,
    "revoked": revoked_token,
}


@pytest.mark.parametrize("kind", BAD_TOKENS)
@pytest.mark.parametrize("path", [ME, ADMIN_ONLY])
def test_a_flood_of_bad_tokens_from_one_ip_gets_429_after_the_anonymous_limit(settings, candidate, kind, path):
    anon_limit(settings, "3/hour")
    client = client_with(BAD_TOKENS[kind](candidate))
    responses = [client.get(path) for _ in range(5)]
    assert [response.status_code for response in responses] == [401, 401, 401, 429, 429]
    for response, remaining in zip(responses[:3], ["2", "1", "0"], strict=True):
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] in {"not_authenticated", "token_not_valid", "user_inactive", "token_revoked"}
        assert response["X-RateLimit-Limit"] == "3"
        assert response["X-RateLimit-Remaining"] == remaining
        assert response["X-RateLimit-Reset"].isdigit()
    for response in responses[3:]:
        assert response["Content-Type"] == "application/json"
        body = response.json()
        assert body["code"] == "throttled"
        assert response["Retry-After"].isdigit() and int(response["Retry-After"]) == body["retry_after"] > 0
        assert response["X-RateLimit-Limit"] == "3"
        assert response["X-RateLimit-Remaining"] == "0"


def test_bad_tokens_and_other_anonymous_requests_share_one_budget_per_ip(settings, db):
    anon_limit(settings, "3/hour")
    assert client_with("garbage").get(ME).status_code == 401
    assert client_with(None).get(ME).status_code == 401
    # An open endpoint, counted by the role throttle itself: the same counter.
    assert client_with(None).post(REFRESH, {"refresh": "not-a-token"}).status_code == 401
    assert client_with(None).post(REFRESH, {"refresh": "not-a-token"}).status_code == 429
    assert client_with("garbage").get(ME).status_code == 429
    # Another IP has its own budget.
    assert client_with("garbage", remote_addr="192.0.2.11").get(ME).status_code == 401


def test_spoofed_x_forwarded_for_does_not_escape_the_count_of_bad_tokens(settings, db):
    anon_limit(settings, "2/hour", num_proxies=0)
    client = client_with("garbage")
    statuses = [client.get(ME, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)]
    assert statuses == [401, 401, 429]


def test_a_401_after_the_throttles_ran_is_counted_once(settings, db):
    # A bad refresh token is refused by the view, after the role throttle counted the request.
    anon_limit(settings, "3/hour")
    statuses = [client_with(None).post(REFRESH, {"refresh": "not-a-token"}).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_a_valid_token_is_counted_once_by_its_role_and_never_against_the_anonymous_budget(
    settings, monkeypatch, candidate
):
    anon_limit(settings, "3/hour")
    slides = []
    store = throttling.windows()
    original = store.slide

    def counting_slide(key, *args):
        slides.append(key)
        return original(key, *args)

    monkeypatch.setattr(store, "slide", counting_slide)
    client = client_with(tokens_for_user(candidate)["access"])
    for _ in range(5):
        assert client.get(ME).status_code == 200
    # One window per request (the hot path's single round trip), and it is the candidate's own.
    assert slides == [f"throttle:candidate:user:{candidate.pk}"] * 5
    assert client_with("garbage").get(ME)["X-RateLimit-Remaining"] == "2"
