import pytest

from ims.accounts.tests.helpers import bearer, claims, login
from tests.factories import CandidateFactory


def test_anyone_logs_in_with_email_and_password_and_gets_an_access_and_refresh_token(candidate):
    response = login("cara@example.com")
    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    assert bearer(response.json()["access"]).get("/api/users/me/").json()["email"] == "cara@example.com"


def test_tokens_carry_the_role_and_the_token_version(interviewer):
    body = login("ivan@example.com").json()
    for token in (body["access"], body["refresh"]):
        payload = claims(token)
        assert payload["role"] == "interviewer"
        assert payload["ver"] == interviewer.token_version
        assert payload["user_id"] == str(interviewer.pk)


def test_login_email_is_matched_case_insensitively_and_trimmed(candidate):
    assert login("  CARA@Example.COM ").status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [("nobody@example.com", "correct horse battery staple 42"), ("cara@example.com", "wrong password here")],
    ids=["unknown email", "wrong password"],
)
def test_unknown_email_and_wrong_password_give_the_same_401_body(candidate, email, password):
    inactive = CandidateFactory(email="gone@example.com", is_active=False)
    expected = login(inactive.email).json()
    response = login(email, password)
    assert response.status_code == 401
    assert response.json() == expected
    assert response.json()["code"] == "no_active_account"
    assert "password" not in response.json().get("errors", {})


def test_a_deactivated_user_cannot_log_in(db):
    CandidateFactory(email="gone@example.com", is_active=False)
    response = login("gone@example.com")
    assert response.status_code == 401
    assert "access" not in response.json()


@pytest.mark.parametrize("missing", ["email", "password"])
def test_login_without_a_field_is_a_400_naming_it(anon_client, candidate, missing):
    payload = {"email": "cara@example.com", "password": "x"}
    del payload[missing]
    response = anon_client.post("/api/auth/token/", payload)
    assert response.status_code == 400
    assert missing in response.json()["errors"]


def test_a_broken_authorization_header_does_not_block_login(candidate):
    client = bearer("not-a-token")
    assert login("cara@example.com", client=client).status_code == 200


def test_login_only_accepts_post(anon_client, db):
    response = anon_client.get("/api/auth/token/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
