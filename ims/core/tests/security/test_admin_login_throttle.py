import pytest
from django.test import Client

from ims.core.tests.factories import PASSWORD


@pytest.fixture
def small_login_rate(settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login": "3/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.mark.throttle
def test_admin_site_login_is_throttled_per_account_across_ips(admin, small_login_rate):
    statuses = []
    for n in range(5):
        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        response = client.post("/admin/login/", {"username": admin.email, "password": "wrong"})
        statuses.append(response.status_code)
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]


@pytest.mark.throttle
def test_admin_site_login_is_throttled_per_ip_across_accounts(db, small_login_rate):
    client = Client(REMOTE_ADDR="10.9.9.9")
    statuses = [
        client.post("/admin/login/", {"username": f"nobody{n}@example.com", "password": "x"}).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.throttle
def test_admin_can_still_log_in_to_the_admin_site_under_the_limit(admin, small_login_rate):
    response = Client().post("/admin/login/?next=/admin/", {"username": admin.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
