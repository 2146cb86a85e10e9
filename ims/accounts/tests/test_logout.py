from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from ims.accounts.tests.helpers import bearer, claims, refresh, tokens


def test_logging_out_blacklists_the_refresh_token_and_answers_205(candidate):
    pair = tokens("cara@example.com")
    response = bearer(pair["access"]).post("/api/auth/logout/", {"refresh": pair["refresh"]})
    assert response.status_code == 205
    assert BlacklistedToken.objects.filter(token__jti=claims(pair["refresh"])["jti"]).exists()
    assert refresh(pair["refresh"]).status_code == 401


def test_logging_out_one_session_keeps_the_others(candidate):
    laptop, phone = tokens("cara@example.com"), tokens("cara@example.com")
    bearer(laptop["access"]).post("/api/auth/logout", {"refresh": laptop["refresh"]})
    assert refresh(phone["refresh"]).status_code == 200


def test_logout_needs_authentication(anon_client, candidate):
    pair = tokens("cara@example.com")
    response = anon_client.post("/api/auth/logout/", {"refresh": pair["refresh"]})
    assert response.status_code == 401
    assert refresh(pair["refresh"]).status_code == 200


def test_a_user_cannot_log_out_someone_elses_refresh_token(candidate, other_candidate, other_candidate_client):
    pair = tokens("cara@example.com")
    response = other_candidate_client.post("/api/auth/logout/", {"refresh": pair["refresh"]})
    assert response.status_code == 400
    assert "refresh" in response.json()["errors"]
    assert refresh(pair["refresh"]).status_code == 200


def test_logout_with_a_bad_or_missing_refresh_token_is_a_400_naming_it(candidate_client):
    for payload in ({}, {"refresh": "garbage"}):
        response = candidate_client.post("/api/auth/logout/", payload)
        assert response.status_code == 400
        assert "refresh" in response.json()["errors"]


def test_logging_out_twice_is_refused_the_second_time(candidate):
    pair = tokens("cara@example.com")
    client = bearer(pair["access"])
    assert client.post("/api/auth/logout/", {"refresh": pair["refresh"]}).status_code == 205
    response = client.post("/api/auth/logout/", {"refresh": pair["refresh"]})
    assert response.status_code == 400
    assert "refresh" in response.json()["errors"]
