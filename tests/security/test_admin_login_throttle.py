"""The Django admin's login form is under the same login rule and counters as POST /api/auth/token/
(test_login_brute_force.py has the rule in full): the attacker is stopped, the admin still gets in."""

import pytest
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.throttle


def set_rates(settings, num_proxies: int = 0, **rates: str) -> None:
    merged = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": merged, "NUM_PROXIES": num_proxies}


@pytest.fixture
def small_login_rate(settings):
    set_rates(settings, login="3/hour", login_account="3/hour")


def admin_login(email: str, password: str, remote_addr: str = "10.0.0.1", xff: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": xff} if xff else {}
    return Client(REMOTE_ADDR=remote_addr).post(
        "/admin/login/?next=/admin/", {"username": email, "password": password}, **extra
    )


def test_admin_site_login_is_throttled_per_account_across_ips(admin, small_login_rate):
    statuses = [admin_login(admin.email, "wrong", remote_addr=f"10.0.0.{n + 1}").status_code for n in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]


def test_admin_site_login_is_throttled_per_ip_across_accounts(db, small_login_rate):
    client = Client(REMOTE_ADDR="10.9.9.9")
    statuses = [
        client.post("/admin/login/", {"username": f"nobody{n}@example.com", "password": "x"}).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_admin_can_still_log_in_to_the_admin_site_under_the_limit(admin, small_login_rate):
    response = Client().post("/admin/login/?next=/admin/", {"username": admin.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_admin_logs_in_from_another_ip_while_an_attacker_on_one_ip_hammers_the_admin_site(admin):
    statuses = [admin_login(admin.email, "wrong", remote_addr="203.0.113.66").status_code for _ in range(30)]
    assert statuses == [200] * 10 + [429] * 20
    response = admin_login(admin.email, PASSWORD, remote_addr="192.0.2.200")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_admin_logs_in_from_a_known_place_while_a_rotating_attacker_holds_the_account(settings, admin):
    set_rates(settings, num_proxies=1)
    assert admin_login(admin.email, PASSWORD, xff="203.0.113.5").status_code == 302
    attack = [admin_login(admin.email, "wrong", xff=f"198.51.100.{n}").status_code for n in range(110)]
    assert attack == [200] * 100 + [429] * 10
    assert admin_login(admin.email, PASSWORD, xff="203.0.113.99").status_code == 429
    response = admin_login(admin.email, PASSWORD, xff="203.0.113.5")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_wrong_password_posted_from_a_logged_in_session_still_counts(settings, admin, interviewer):
    # Only a redirect after login() gives an attempt back; a session that is already logged in does not.
    set_rates(settings, login_account_ip="2/hour")
    client = Client(REMOTE_ADDR="10.0.0.7")
    client.force_login(admin)
    statuses = [
        client.post("/admin/login/", {"username": interviewer.email, "password": "wrong"}).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
