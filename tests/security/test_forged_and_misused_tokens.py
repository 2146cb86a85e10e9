"""Token abuse: forged, tampered, expired and misused JWTs are a JSON 401, never a 500 and never a login.

Already covered in ims/accounts/tests: garbage tokens, refresh twice, an access token offered for refresh,
deactivation through the API, password change, logout, ten parallel refreshes.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from ims.accounts.models import User
from ims.accounts.services import tokens_for_user
from tests.security.helpers import claims_of, signed_token, unsigned_token

ADMIN_ONLY = "/api/users/"
ME = "/api/users/me/"
REFRESH = "/api/auth/token/refresh/"


def with_bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def assert_json_401(response, code: str = "token_not_valid") -> None:
    assert response.status_code == 401, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == code
    assert response["WWW-Authenticate"].startswith("Bearer")


def escalated_claims(candidate, admin) -> dict:
    """A candidate's real access-token claims, edited to say they are the admin."""
    claims = claims_of(tokens_for_user(candidate)["access"])
    return {**claims, "user_id": str(admin.pk), "role": "admin", "ver": admin.token_version}


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_an_unsigned_alg_none_token_is_refused(candidate, admin, alg):
    token = unsigned_token(escalated_claims(candidate, admin), alg=alg)
    for path in (ADMIN_ONLY, ME):
        assert_json_401(with_bearer(token).get(path))
        assert_json_401(with_bearer(token.rstrip(".")).get(path))


def test_a_token_signed_with_another_key_is_refused(candidate, admin):
    token = signed_token(escalated_claims(candidate, admin), key="not-the-servers-key-" * 3)
    assert_json_401(with_bearer(token).get(ADMIN_ONLY))


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_a_token_signed_with_the_servers_key_but_another_algorithm_is_refused(candidate):
    # The algorithm is pinned to HS256 whatever the token header asks for.
    claims = claims_of(tokens_for_user(candidate)["access"])
    for algorithm in ("HS384", "HS512"):
        assert_json_401(with_bearer(signed_token(claims, algorithm=algorithm)).get(ME))


def test_an_edited_payload_under_the_original_signature_is_refused(candidate, admin):
    header, _, signature = tokens_for_user(candidate)["access"].split(".")
    _, forged_payload, _ = unsigned_token(escalated_claims(candidate, admin)).split(".")
    assert_json_401(with_bearer(f"{header}.{forged_payload}.{signature}").get(ADMIN_ONLY))


def test_an_access_token_stops_working_when_it_expires(settings, candidate):
    access = tokens_for_user(candidate)["access"]
    lifetime = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"]
    with time_machine.travel(timezone.now() + lifetime - timedelta(seconds=5), tick=False):
        assert with_bearer(access).get(ME).status_code == 200
    with time_machine.travel(timezone.now() + lifetime + timedelta(seconds=5), tick=False):
        assert_json_401(with_bearer(access).get(ME))


def test_a_refresh_token_cannot_be_refreshed_once_it_expires(settings, candidate):
    refresh = tokens_for_user(candidate)["refresh"]
    with time_machine.travel(timezone.now() + settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"] + timedelta(seconds=5)):
        assert_json_401(APIClient().post(REFRESH, {"refresh": refresh}))


def test_a_token_without_an_expiry_is_refused_even_when_signed_with_the_servers_key(candidate):
    claims = claims_of(tokens_for_user(candidate)["access"])
    del claims["exp"]
    assert_json_401(with_bearer(signed_token(claims)).get(ME))


@pytest.mark.parametrize("persona", ["admin", "candidate"])
def test_a_refresh_token_is_not_accepted_as_an_access_token(request, persona):
    refresh = tokens_for_user(request.getfixturevalue(persona))["refresh"]
    assert_json_401(with_bearer(refresh).get(ME))
    assert_json_401(with_bearer(refresh).get(ADMIN_ONLY))


def test_a_blacklisted_refresh_token_is_refused_for_refreshing_and_as_a_bearer_token(candidate):
    pair = tokens_for_user(candidate)
    assert with_bearer(pair["access"]).post("/api/auth/logout/", {"refresh": pair["refresh"]}).status_code == 205
    assert_json_401(APIClient().post(REFRESH, {"refresh": pair["refresh"]}))
    assert_json_401(with_bearer(pair["refresh"]).get(ME))


def test_a_refresh_token_blacklisted_by_rotation_cannot_mint_tokens_again(candidate):
    first = tokens_for_user(candidate)["refresh"]
    assert APIClient().post(REFRESH, {"refresh": first}).status_code == 200
    response = APIClient().post(REFRESH, {"refresh": first})
    assert_json_401(response)
    assert "access" not in response.json()


def test_a_token_of_a_user_deactivated_outside_the_api_stops_working_at_once(candidate):
    # Deactivated in the database directly (a shell, a migration): no token-version bump, the is_active
    # check alone must refuse the token.
    pair = tokens_for_user(candidate)
    assert with_bearer(pair["access"]).get(ME).status_code == 200
    User.objects.filter(pk=candidate.pk).update(is_active=False)
    assert_json_401(with_bearer(pair["access"]).get(ME), code="user_inactive")
    assert_json_401(APIClient().post(REFRESH, {"refresh": pair["refresh"]}))


def test_a_token_of_a_deleted_user_is_refused(db):
    from tests.factories import CandidateFactory

    user = CandidateFactory()
    pair = tokens_for_user(user)
    user.delete()
    assert_json_401(with_bearer(pair["access"]).get(ME), code="user_inactive")
    assert_json_401(APIClient().post(REFRESH, {"refresh": pair["refresh"]}))


def test_a_token_without_a_user_id_is_refused(candidate):
    claims = claims_of(tokens_for_user(candidate)["access"])
    del claims["user_id"]
    assert_json_401(with_bearer(signed_token(claims)).get(ME))


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Bearer a b", "Bearer " + "A" * 10_000, "Bearer ..", "Bearer \u00e9\u00e8.x.y"],
    ids=["no token", "empty token", "two tokens", "huge token", "empty parts", "latin-1 bytes"],
)
def test_a_malformed_authorization_header_is_a_json_401(db, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(ME)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] in {"authentication_failed", "token_not_valid", "bad_authorization_header"}
