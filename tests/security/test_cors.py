"""CORS: only the configured origins may read API responses from a browser; everyone else gets no
Access-Control-Allow-Origin at all. Tokens travel in the Authorization header, so credentials (cookies)
are never allowed cross-origin."""

import json

import pytest

from tests.security.helpers import run_in_production

APP = "https://app.example.com"


@pytest.fixture
def allowed(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP]


def preflight(client, origin: str, path: str = "/api/auth/token/"):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )


def test_a_preflight_from_a_configured_origin_is_allowed(allowed, anon_client, db):
    response = preflight(anon_client, APP)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "authorization" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_a_request_from_a_configured_origin_can_read_the_response(allowed, candidate_client):
    response = candidate_client.get("/api/users/me/", HTTP_ORIGIN=APP)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example.net",
        "http://app.example.com",
        "https://app.example.com.evil.test",
        "https://evilapp.example.com",
        "null",
    ],
)
def test_any_other_origin_gets_no_cors_headers(allowed, candidate_client, origin):
    assert "Access-Control-Allow-Origin" not in preflight(candidate_client, origin)
    response = candidate_client.get("/api/users/me/", HTTP_ORIGIN=origin)
    assert "Access-Control-Allow-Origin" not in response


def test_without_configured_origins_no_origin_is_allowed(settings, anon_client, db):
    settings.CORS_ALLOWED_ORIGINS = []
    assert "Access-Control-Allow-Origin" not in preflight(anon_client, APP)


def test_cors_only_applies_to_the_api_not_the_django_admin(allowed, anon_client, db):
    response = anon_client.get("/admin/login/", HTTP_ORIGIN=APP)
    assert "Access-Control-Allow-Origin" not in response


def test_the_allowed_origins_come_from_the_environment(tmp_path):
    code = (
        "import json, django; django.setup(); from django.conf import settings;"
        "print(json.dumps([settings.CORS_ALLOWED_ORIGINS, getattr(settings, 'CORS_ALLOW_ALL_ORIGINS', False),"
        " getattr(settings, 'CORS_ALLOW_CREDENTIALS', False)]))"
    )
    result = run_in_production(
        ["-c", code], tmp_path, CORS_ALLOWED_ORIGINS="https://app.example.com,https://admin.example.com"
    )
    assert result.returncode == 0, result.stderr
    origins, allow_all, credentials = json.loads(result.stdout.strip().splitlines()[-1])
    assert origins == ["https://app.example.com", "https://admin.example.com"]
    assert allow_all is False
    assert credentials is False


@pytest.mark.parametrize("path", ["/api/application-rounds/1/", "/api/interview-rounds/0/", "/api/jobs/"])
def test_a_preflight_is_answered_by_the_cors_middleware_before_the_api_reads_anything(
    allowed, anon_client, db, django_assert_num_queries, path
):
    with django_assert_num_queries(0):
        response = preflight(anon_client, APP, path)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert "PUT" in response["Access-Control-Allow-Methods"]
