"""One refresh token used many times at once (a stolen copy racing its owner): at most one use succeeds,
every other one is a JSON 4xx, nothing is a 500. PostgreSQL only: SQLite serialises writers anyway."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from ims.accounts.services import tokens_for_user
from tests.factories import CandidateFactory
from tests.security.helpers import claims_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_at_once(actions) -> list:
    """Run each action in its own thread (own DB connection), released together by a barrier."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def worker(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as exc:  # reported as a result, so the assertion shows it
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n, action)) for n, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_ten_parallel_refreshes_give_one_new_pair_and_json_401s_for_the_rest():
    user = CandidateFactory()
    refresh = tokens_for_user(user)["refresh"]

    def refresh_once():
        return APIClient().post("/api/auth/token/refresh/", {"refresh": refresh})

    responses = run_at_once([refresh_once] * 10)
    statuses = [getattr(r, "status_code", r) for r in responses]
    assert statuses.count(200) == 1, statuses
    assert statuses.count(401) == 9, statuses
    for response in responses:
        assert response["Content-Type"] == "application/json"
        if response.status_code == 401:
            assert response.json()["code"] == "token_not_valid"
            assert "access" not in response.json()
    assert BlacklistedToken.objects.filter(token__jti=claims_of(refresh)["jti"]).count() == 1


@pytest.mark.parametrize("round_", range(4))
def test_refreshes_racing_a_logout_of_the_same_token_let_at_most_one_of_them_through(round_):
    # Several rounds: a lock-ordering bug between the two paths shows up as a deadlock (a 503) only in
    # some interleavings.
    user = CandidateFactory()
    pair = tokens_for_user(user)

    def refresh_once():
        return APIClient().post("/api/auth/token/refresh/", {"refresh": pair["refresh"]})

    def logout_once():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
        return client.post("/api/auth/logout/", {"refresh": pair["refresh"]})

    responses = run_at_once([refresh_once, logout_once] * 5)
    statuses = [getattr(r, "status_code", r) for r in responses]
    assert all(isinstance(status, int) and status < 500 for status in statuses), statuses
    assert statuses.count(200) + statuses.count(205) == 1, statuses
    assert set(statuses) <= {200, 205, 400, 401}, statuses
    assert all(r["Content-Type"] == "application/json" for r in responses if r.status_code != 205)
    assert BlacklistedToken.objects.filter(token__jti=claims_of(pair["refresh"])["jti"]).count() == 1
