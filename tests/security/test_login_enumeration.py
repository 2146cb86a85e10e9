"""Login does not tell whether an email has an account: unknown, known-with-a-wrong-password and deactivated
accounts get the same status, body and headers, also once they are throttled.

Registration necessarily says "this email is taken" (409); that is the seed's contract and is throttled by
the anonymous rate like every anonymous call.
"""

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import PASSWORD, CandidateFactory

LOGIN = "/api/auth/token/"
# Differ by request or by nature, never by account: the request id, and the throttle's seconds-to-reset.
VARYING_HEADERS = {"X-Request-ID", "X-RateLimit-Reset", "Retry-After"}


@pytest.fixture
def accounts(db):
    CandidateFactory(email="known@example.com")
    CandidateFactory(email="gone@example.com", is_active=False)
    CandidateFactory(email="left@example.com", is_active=False)


FAILURES = {
    "unknown email": ("nobody@example.com", PASSWORD),
    "not an email at all": ("nobody", PASSWORD),
    "known email, wrong password": ("known@example.com", "wrong password 123"),
    "deactivated, right password": ("gone@example.com", PASSWORD),
    "deactivated, wrong password": ("left@example.com", "wrong password 123"),
}


def snapshot(response) -> tuple:
    headers = {key: value for key, value in response.headers.items() if key not in VARYING_HEADERS}
    body = {key: value for key, value in response.json().items() if key != "retry_after"}
    return response.status_code, body, headers


def login(email: str, password: str, remote_addr: str):
    return APIClient(REMOTE_ADDR=remote_addr).post(LOGIN, {"email": email, "password": password})


def test_every_kind_of_login_failure_has_the_same_status_body_and_headers(accounts):
    snapshots = {
        name: snapshot(login(email, password, remote_addr=f"192.0.2.{n}"))
        for n, (name, (email, password)) in enumerate(FAILURES.items())
    }
    reference = snapshots["unknown email"]
    assert reference[0] == 401
    assert reference[1] == {
        "detail": "No active account found with the given credentials.",
        "code": "no_active_account",
    }
    for name, seen in snapshots.items():
        assert seen == reference, name


@pytest.mark.throttle
def test_a_throttled_login_looks_the_same_for_known_unknown_and_deactivated_accounts(settings, accounts):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login_account": "2/hour", "anon": "1000/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    snapshots = {}
    # Frozen clock: the 429 message names the seconds to wait, which must not differ by a tick.
    with time_machine.travel(timezone.now(), tick=False):
        for n, (name, (email, password)) in enumerate(FAILURES.items()):
            # Each account from its own addresses, so only the per-account limit can bite.
            for attempt in range(2):
                assert login(email, password, remote_addr=f"198.51.{n}.{attempt}").status_code == 401
            snapshots[name] = snapshot(login(email, password, remote_addr=f"198.51.{n}.9"))
    reference = snapshots["unknown email"]
    assert reference[0] == 429
    assert reference[1]["code"] == "throttled"
    for name, seen in snapshots.items():
        assert seen == reference, name
