"""Brute force on login: attempts are counted per account (whatever IP or X-Forwarded-For they come from)
and per client IP (which a client cannot choose by sending X-Forwarded-For), on top of the anonymous rate.

Already covered in ims/core/tests/test_throttling.py: one account from rotating REMOTE_ADDRs, one IP against
many accounts, X-Forwarded-For ignored / trusted through NUM_PROXIES on the anonymous rate.

The login limits count every attempt, successful ones included: the throttles run before the password is
checked, so they cannot know the outcome, and counting only failures would need a second write after the
check. A person logging in more than THROTTLE_RATE_LOGIN times a minute is not a real use; a script that
logs in on every call should keep its refresh token instead.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from ims.core.tests.factories import PASSWORD, CandidateFactory

pytestmark = pytest.mark.throttle

LOGIN = "/api/auth/token/"
WRONG = "not the password"
LONG_S, DOTLESS_I = "\u017f", "\u0131"


def limit(settings, *, login: str = "1000/hour", anon: str = "1000/hour", num_proxies: int = 0) -> None:
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login": login, "anon": anon}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates, "NUM_PROXIES": num_proxies}


def attempt(email: str, password: str = WRONG, *, remote_addr: str = "192.0.2.1", xff: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": xff} if xff is not None else {}
    return APIClient(REMOTE_ADDR=remote_addr).post(LOGIN, {"email": email, "password": password}, **extra)


@pytest.mark.parametrize(
    ("num_proxies", "source"),
    [
        (0, lambda n: {"remote_addr": "192.0.2.1", "xff": f"198.51.100.{n}"}),
        (0, lambda n: {"remote_addr": f"192.0.2.{n}", "xff": f"198.51.100.{n}"}),
        (1, lambda n: {"remote_addr": "10.0.0.1", "xff": f"198.51.100.{n}"}),
        (2, lambda n: {"remote_addr": "10.0.0.1", "xff": f"198.51.100.{n}, 10.0.0.2"}),
    ],
    ids=["spoofed xff", "rotating ip and xff", "xff through one proxy", "xff through two proxies"],
)
def test_failed_logins_for_one_account_are_throttled_from_rotating_forwarded_addresses(
    settings, candidate, num_proxies, source
):
    limit(settings, login="5/hour", num_proxies=num_proxies)
    statuses = [attempt("cara@example.com", **source(n)).status_code for n in range(7)]
    assert statuses == [401] * 5 + [429] * 2


def test_once_an_account_is_throttled_even_the_right_password_gets_no_tokens_until_the_window_ends(settings, candidate):
    limit(settings, login="5/hour")
    for n in range(5):
        attempt("cara@example.com", remote_addr=f"192.0.2.{n}")
    response = attempt("cara@example.com", PASSWORD, remote_addr="192.0.2.99")
    assert response.status_code == 429
    assert "access" not in response.json()
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 3600
    with time_machine.travel(timezone.now() + timedelta(seconds=retry_after + 1)):
        assert attempt("cara@example.com", PASSWORD, remote_addr="192.0.2.99").status_code == 200


def test_the_account_limit_ignores_case_and_surrounding_spaces_in_the_email(settings, candidate):
    limit(settings, login="3/hour")
    variants = ["cara@example.com", "CARA@EXAMPLE.COM", "  Cara@Example.com ", "cArA@example.COM"]
    statuses = [attempt(email, remote_addr=f"192.0.2.{n}").status_code for n, email in enumerate(variants)]
    assert statuses == [401, 401, 401, 429]


def test_a_unicode_lookalike_of_an_email_neither_logs_in_nor_escapes_the_account_limit(settings, db):
    # On PostgreSQL UPPER() turns the long s into 'S' and the dotless i into 'I': a case-insensitive lookup
    # would let each of these spellings log in to sam.smith@ while counting against another throttle key.
    CandidateFactory(email="sam.smith@example.com")
    limit(settings, login="3/hour")
    lookalikes = [
        f"{LONG_S}am.smith@example.com",
        f"sam.{LONG_S}mith@example.com",
        f"sam.sm{DOTLESS_I}th@example.com",
        f"{LONG_S}am.{LONG_S}m{DOTLESS_I}th@example.com",
    ]
    for n, email in enumerate(lookalikes):
        assert attempt(email, PASSWORD, remote_addr=f"192.0.2.{n}").status_code == 401, email
    statuses = [attempt("sam.smith@example.com", remote_addr=f"192.0.2.{n + 10}").status_code for n in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_login_attempts_from_one_ip_are_throttled_however_x_forwarded_for_is_spoofed(settings, db):
    limit(settings, login="5/hour", num_proxies=0)
    statuses = [
        attempt(f"user{n}@example.com", remote_addr="192.0.2.7", xff=f"198.51.100.{n}").status_code for n in range(7)
    ]
    assert statuses == [401] * 5 + [429] * 2
    assert attempt("someone@example.com", remote_addr="192.0.2.8").status_code == 401


def test_the_anonymous_limit_on_login_cannot_be_bypassed_by_spoofing_x_forwarded_for(settings, db):
    limit(settings, anon="3/hour", num_proxies=0)
    statuses = [
        attempt(f"user{n}@example.com", remote_addr="192.0.2.7", xff=f"198.51.100.{n}").status_code for n in range(5)
    ]
    assert statuses == [401] * 3 + [429] * 2


def test_behind_one_proxy_only_the_address_it_appended_counts_not_what_the_client_prepended(settings, db):
    limit(settings, anon="3/hour", num_proxies=1)
    # The client forges the left part of the header; the proxy appends the address it really saw.
    statuses = [
        attempt(f"user{n}@example.com", remote_addr="10.0.0.1", xff=f"198.51.100.{n}, 203.0.113.5").status_code
        for n in range(5)
    ]
    assert statuses == [401] * 3 + [429] * 2
    # Another real client behind the same proxy has its own counter.
    assert attempt("someone@example.com", remote_addr="10.0.0.1", xff="203.0.113.6").status_code == 401


def test_successful_logins_count_towards_the_login_limits_too(settings, candidate):
    limit(settings, login="3/hour")
    statuses = [attempt("cara@example.com", PASSWORD, remote_addr=f"192.0.2.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
