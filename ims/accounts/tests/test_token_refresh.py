import threading

import pytest
from django.db import connection
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from ims.accounts.models import Role
from ims.accounts.tests.helpers import bearer, claims, refresh, tokens
from tests.factories import CandidateFactory


def test_refreshing_returns_a_new_pair_and_blacklists_the_refresh_token_used(candidate):
    old = tokens("cara@example.com")
    response = refresh(old["refresh"])
    assert response.status_code == 200
    new = response.json()
    assert set(new) == {"access", "refresh"}
    assert new["refresh"] != old["refresh"]
    assert claims(new["refresh"])["jti"] != claims(old["refresh"])["jti"]
    assert BlacklistedToken.objects.filter(token__jti=claims(old["refresh"])["jti"]).exists()
    assert bearer(new["access"]).get("/api/users/me/").status_code == 200


def test_a_refresh_token_cannot_be_used_twice(candidate):
    old = tokens("cara@example.com")
    assert refresh(old["refresh"]).status_code == 200
    response = refresh(old["refresh"])
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_the_rotated_refresh_token_works_once_more(candidate):
    first = tokens("cara@example.com")
    second = refresh(first["refresh"]).json()
    third = refresh(second["refresh"])
    assert third.status_code == 200


def test_an_access_token_is_not_accepted_as_a_refresh_token(candidate):
    response = refresh(tokens("cara@example.com")["access"])
    assert response.status_code == 401


def test_garbage_is_a_401_and_a_missing_refresh_is_a_400_naming_it(anon_client, db):
    assert refresh("garbage").status_code == 401
    response = anon_client.post("/api/auth/token/refresh/", {})
    assert response.status_code == 400
    assert "refresh" in response.json()["errors"]


def test_a_deactivated_user_cannot_refresh(candidate):
    pair = tokens("cara@example.com")
    candidate.is_active = False
    candidate.save()
    assert refresh(pair["refresh"]).status_code == 401


def test_a_refresh_token_from_before_a_token_version_bump_is_refused(candidate):
    pair = tokens("cara@example.com")
    candidate.token_version += 1
    candidate.save()
    assert refresh(pair["refresh"]).status_code == 401


def test_refresh_puts_the_current_role_into_the_new_tokens(candidate):
    pair = tokens("cara@example.com")
    candidate.role = Role.INTERVIEWER
    candidate.save()
    new = refresh(pair["refresh"]).json()
    assert claims(new["access"])["role"] == "interviewer"
    assert claims(new["refresh"])["role"] == "interviewer"
    assert claims(new["access"])["ver"] == candidate.token_version


def test_refresh_ignores_a_stale_authorization_header(candidate):
    pair = tokens("cara@example.com")
    client = bearer("stale.broken.token")
    assert client.post("/api/auth/token/refresh", {"refresh": pair["refresh"]}).status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_parallel_refreshes_of_one_token_give_at_most_one_new_pair():
    CandidateFactory(email="race@example.com")
    token = tokens("race@example.com")["refresh"]
    barrier = threading.Barrier(10)
    statuses: list[int] = []

    def worker():
        try:
            barrier.wait()
            statuses.append(refresh(token).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statuses) == 10
    assert statuses.count(200) <= 1
    assert set(statuses) <= {200, 401}
    assert statuses.count(200) == 1
