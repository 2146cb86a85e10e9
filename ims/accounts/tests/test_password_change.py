import pytest

from ims.accounts.tests.helpers import bearer, login, refresh, tokens

NEW = "a much better passphrase 2024"


@pytest.mark.parametrize("persona", ["admin", "interviewer", "candidate"])
def test_every_role_can_change_their_password(request, persona):
    user = request.getfixturevalue(persona)
    pair = tokens(user.email)
    response = bearer(pair["access"]).post(
        "/api/auth/password/", {"old_password": "correct horse battery staple 42", "new_password": NEW}
    )
    assert response.status_code == 204
    assert login(user.email, NEW).status_code == 200
    assert login(user.email).status_code == 401


def test_changing_the_password_revokes_every_earlier_access_and_refresh_token(candidate):
    first_session, second_session = tokens("cara@example.com"), tokens("cara@example.com")
    response = bearer(first_session["access"]).post(
        "/api/auth/password", {"old_password": "correct horse battery staple 42", "new_password": NEW}
    )
    assert response.status_code == 204
    for pair in (first_session, second_session):
        assert bearer(pair["access"]).get("/api/users/me/").status_code == 401
        assert refresh(pair["refresh"]).status_code == 401
    fresh = tokens("cara@example.com", NEW)
    assert bearer(fresh["access"]).get("/api/users/me/").status_code == 200


def test_a_wrong_old_password_is_a_400_naming_old_password_and_changes_nothing(candidate, candidate_client):
    response = candidate_client.post("/api/auth/password/", {"old_password": "nope", "new_password": NEW})
    assert response.status_code == 400
    assert "old_password" in response.json()["errors"]
    assert candidate_client.get("/api/users/me/").status_code == 200
    assert login("cara@example.com").status_code == 200


@pytest.mark.parametrize("weak", ["short", "12345678901", "password123", "cara@example.com"])
def test_a_weak_new_password_is_a_400_naming_new_password(candidate, candidate_client, weak):
    response = candidate_client.post(
        "/api/auth/password/", {"old_password": "correct horse battery staple 42", "new_password": weak}
    )
    assert response.status_code == 400
    assert "new_password" in response.json()["errors"]
    assert login("cara@example.com").status_code == 200


@pytest.mark.parametrize("missing", ["old_password", "new_password"])
def test_a_missing_field_is_a_400_naming_it(candidate_client, missing):
    payload = {"old_password": "correct horse battery staple 42", "new_password": NEW}
    del payload[missing]
    response = candidate_client.post("/api/auth/password/", payload)
    assert response.status_code == 400
    assert missing in response.json()["errors"]


def test_changing_the_password_needs_authentication(anon_client, db):
    response = anon_client.post("/api/auth/password/", {"old_password": "x", "new_password": NEW})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
