"""Brute force on login, and the lockout it must not become.

The rule (README, "Rate limits"; ims/core/throttling.py): every attempt per client IP (THROTTLE_RATE_LOGIN,
10/min); failed logins per account and IP (THROTTLE_RATE_LOGIN_ACCOUNT_IP, 10/hour); failed logins per account from
all IPs (THROTTLE_RATE_LOGIN_ACCOUNT, 100/hour), which does not hold an IP the account logged in from within
LOGIN_TRUSTED_DAYS. The client IP is REMOTE_ADDR, or X-Forwarded-For through exactly NUM_PROXIES proxies, so a
client cannot choose it. Successful logins never count against the per-account limits.

Tests that name no rates run with the real defaults. Already covered in ims/core/tests/test_throttling.py: one
IP against many accounts, X-Forwarded-For ignored / trusted through NUM_PROXIES on the anonymous rate. The Django
admin's login form: test_admin_login_throttle.py.
"""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ims.core import throttling
from tests.factories import PASSWORD, CandidateFactory

pytestmark = pytest.mark.throttle

LOGIN = "/api/auth/token/"
WRONG = "not the password"
LONG_S, DOTLESS_I = "\u017f", "\u0131"


def limit(
    settings,
    *,
    login: str | None = None,
    account_ip: str | None = None,
    account: str | None = None,
    anon: str = "1000/hour",
    num_proxies: int = 0,
) -> None:
    """Set the named rates; the others keep their real defaults, except anon (lifted unless named)."""
    named = {"login": login, "login_account_ip": account_ip, "login_account": account, "anon": anon}
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **{k: v for k, v in named.items() if v}}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates, "NUM_PROXIES": num_proxies}


def attempt(email: str, password: str = WRONG, *, remote_addr: str = "192.0.2.1", xff: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": xff} if xff is not None else {}
    return APIClient(REMOTE_ADDR=remote_addr).post(LOGIN, {"email": email, "password": password}, **extra)


def rotating_attack(email: str, count: int, *, first: int = 0) -> list[int]:
    """``count`` wrong passwords, each from its own real address behind one proxy (NUM_PROXIES=1)."""
    return [
        attempt(email, remote_addr="10.0.0.1", xff=f"198.51.{n // 250}.{n % 250}").status_code
        for n in range(first, first + count)
    ]


# --- The attacker is stopped ----------------------------------------------------------------------------


def test_an_attacker_on_one_ip_gets_ten_guesses_an_hour_at_one_account(settings, candidate):
    limit(settings)
    start = timezone.now()
    statuses = []
    with time_machine.travel(start, tick=False) as clock:
        for minute in range(60):  # three guesses a minute: under the per-IP 10/min, so only the pair limit bites
            clock.move_to(start + timedelta(minutes=minute))
            statuses += [attempt("cara@example.com").status_code for _ in range(3)]
        assert statuses.count(401) == 10
        assert statuses[:10] == [401] * 10
        # The right password from that IP is refused too: the limit is taken before the password is checked.
        assert attempt("cara@example.com", PASSWORD).status_code == 429
        clock.move_to(start + timedelta(minutes=60, seconds=1))
        assert attempt("cara@example.com", PASSWORD).status_code == 200


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
    # Spoofed X-Forwarded-For without a proxy is one IP (the pair limit); real rotating IPs meet the account limit.
    limit(settings, account_ip="5/hour", account="5/hour", num_proxies=num_proxies)
    statuses = [attempt("cara@example.com", **source(n)).status_code for n in range(7)]
    assert statuses == [401] * 5 + [429] * 2


def test_an_attacker_rotating_ips_gets_at_most_a_hundred_guesses_an_hour_at_one_account(settings, candidate):
    limit(settings, num_proxies=1)
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)  # buckets of an hour: minutes
    guesses = []
    with time_machine.travel(start, tick=False) as clock:
        for n in range(450):  # one new address every 20 seconds for two and a half hours
            clock.move_to(start + timedelta(seconds=20 * n))
            status = rotating_attack("cara@example.com", 1, first=n)[0]
            assert status in (401, 429)
            if status == 401:
                guesses.append(20 * n)
    # A hundred at once, then nothing until the first ones stop counting (the first minute's newest, t=40 s, plus
    # an hour); then the budget refills as guesses age out, but no hour ever holds more than a hundred.
    assert guesses[:101] == [*range(0, 2000, 20), 3640]
    for first in guesses:
        assert sum(first <= t < first + 3600 for t in guesses) <= 100


def test_attempts_in_flight_hold_their_place_so_a_burst_cannot_pass_the_account_limit(settings, rf, db):
    # A thousand parallel guesses all reach the check before any password is checked: each takes a place first.
    limit(settings, account="3/hour")
    attempts = [
        throttling.login_attempt_check(rf.post(LOGIN, REMOTE_ADDR=f"192.0.2.{n}"), "cara@example.com") for n in range(5)
    ]
    assert [a.refused is None for a in attempts] == [True, True, True, False, False]
    # A right password gives its place back.
    throttling.login_succeeded(attempts[0])
    later = throttling.login_attempt_check(rf.post(LOGIN, REMOTE_ADDR="192.0.2.9"), "cara@example.com")
    assert later.refused is None


# --- The owner still gets in ----------------------------------------------------------------------------


def test_the_owner_on_another_ip_logs_in_while_an_attacker_on_one_ip_hammers_the_account(settings, candidate):
    limit(settings)
    statuses = [attempt("cara@example.com", remote_addr="203.0.113.66").status_code for _ in range(30)]
    assert statuses == [401] * 10 + [429] * 20
    # The owner has never logged in from here before.
    response = attempt("cara@example.com", PASSWORD, remote_addr="192.0.2.200")
    assert response.status_code == 200
    assert "access" in response.json()


def test_the_owner_logs_in_from_a_place_they_used_before_while_a_rotating_attacker_holds_the_account(
    settings, candidate
):
    limit(settings, num_proxies=1)
    home = {"remote_addr": "10.0.0.1", "xff": "203.0.113.5"}
    assert attempt("cara@example.com", PASSWORD, **home).status_code == 200
    assert rotating_attack("cara@example.com", 120) == [401] * 100 + [429] * 20
    # From a new place the account is shut for now (any new address could be the attacker's)...
    new_place = attempt("cara@example.com", PASSWORD, remote_addr="10.0.0.1", xff="203.0.113.77")
    assert new_place.status_code == 429
    assert 0 < int(new_place["Retry-After"]) <= 3600
    # ...but from home the owner gets in, during the attack and again after it.
    assert attempt("cara@example.com", PASSWORD, **home).status_code == 200
    assert rotating_attack("cara@example.com", 10, first=500) == [429] * 10
    assert attempt("cara@example.com", PASSWORD, **home).status_code == 200


def test_failures_from_the_owners_ip_still_count(settings, candidate):
    # Someone sharing the owner's address (an office NAT) is not exempt from the per account and IP limit.
    limit(settings, num_proxies=1)
    home = {"remote_addr": "10.0.0.1", "xff": "203.0.113.5"}
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert attempt("cara@example.com", PASSWORD, **home).status_code == 200
        rotating_attack("cara@example.com", 100)
        clock.move_to(start + timedelta(minutes=2))  # a new minute for the per-IP limit, which counts the login
        statuses = [attempt("cara@example.com", **home).status_code for _ in range(11)]
        assert statuses == [401] * 10 + [429]
        assert attempt("cara@example.com", PASSWORD, **home).status_code == 429


def test_a_place_stays_trusted_for_login_trusted_days_after_each_login_there(settings, candidate):
    limit(settings, account="2/hour", num_proxies=1)
    settings.LOGIN_TRUSTED_DAYS = 3
    home = {"remote_addr": "10.0.0.1", "xff": "203.0.113.5"}
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert attempt("cara@example.com", PASSWORD, **home).status_code == 200
        clock.move_to(start + timedelta(days=3, minutes=-1))
        assert rotating_attack("cara@example.com", 3) == [401, 401, 429]
        assert attempt("cara@example.com", PASSWORD, **home).status_code == 200
        clock.move_to(start + timedelta(days=6, minutes=1))  # three days and two minutes after that login
        assert rotating_attack("cara@example.com", 3, first=10) == [401, 401, 429]
        assert attempt("cara@example.com", PASSWORD, **home).status_code == 429


def test_successful_logins_never_count_towards_the_account_limits(settings, candidate):
    limit(settings, account_ip="3/hour", account="3/hour")
    same_ip = [attempt("cara@example.com", PASSWORD).status_code for _ in range(5)]
    other_ips = [attempt("cara@example.com", PASSWORD, remote_addr=f"192.0.2.{n}").status_code for n in range(10, 15)]
    assert same_ip == [200] * 5
    assert other_ips == [200] * 5
    assert [attempt("cara@example.com").status_code for _ in range(4)] == [401, 401, 401, 429]


def test_successful_logins_still_count_towards_the_per_ip_limit(settings, candidate):
    limit(settings, login="3/hour")
    statuses = [attempt("cara@example.com", PASSWORD).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


# --- Keys and addresses ---------------------------------------------------------------------------------


def test_once_an_account_is_held_a_new_place_gets_no_tokens_even_with_the_right_password_until_it_opens(
    settings, candidate
):
    limit(settings, account="5/hour")
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
    limit(settings, account="3/hour")
    variants = ["cara@example.com", "CARA@EXAMPLE.COM", "  Cara@Example.com ", "cArA@example.COM"]
    statuses = [attempt(email, remote_addr=f"192.0.2.{n}").status_code for n, email in enumerate(variants)]
    assert statuses == [401, 401, 401, 429]


def test_a_unicode_lookalike_of_an_email_neither_logs_in_nor_escapes_the_account_limit(settings, db):
    # On PostgreSQL UPPER() turns the long s into 'S' and the dotless i into 'I': a case-insensitive lookup
    # would let each of these spellings log in to sam.smith@ while counting against another throttle key.
    CandidateFactory(email="sam.smith@example.com")
    limit(settings, account="3/hour")
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


def test_the_api_and_the_admin_site_share_one_count(settings, candidate):
    limit(settings, account_ip="4/hour")
    admin_site = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(2):
        assert admin_site.post("/admin/login/", {"username": "cara@example.com", "password": WRONG}).status_code == 200
    assert [attempt("cara@example.com").status_code for _ in range(3)] == [401, 401, 429]
    refused = admin_site.post("/admin/login/", {"username": "cara@example.com", "password": PASSWORD})
    assert refused.status_code == 429
