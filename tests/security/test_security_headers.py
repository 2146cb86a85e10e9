"""Security headers on API responses, and HTTPS enforcement, with the production settings.

HSTS and the HTTPS redirect depend on DEBUG being off (settings computed at import), so those responses
are produced in a child process with a production environment; the rest hold in every configuration.
"""

import json

import pytest

from tests.security.helpers import run_in_production

# Requests made by Django's test client inside a production-configured process; prints status + headers.
PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="ims.example.com")
out = {}
for name, path, secure in [
    ("https_api", "/api/users/me/", True),
    ("http_api", "/api/users/me/", False),
    ("http_health", "/api/health/live", False),
]:
    response = client.get(path, secure=secure)
    out[name] = {"status": response.status_code, "headers": dict(response.headers)}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    result = run_in_production(["-c", PROBE], tmp_path_factory.mktemp("prod"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_api_responses_over_https_carry_hsts_for_a_year_with_subdomains_and_preload(production):
    response = production["https_api"]
    assert response["status"] == 401
    assert response["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_api_responses_forbid_sniffing_framing_and_cross_origin_leaks(production):
    headers = production["https_api"]["headers"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] in {
        "strict-origin-when-cross-origin",
        "strict-origin",
        "same-origin",
        "no-referrer",
    }
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_api_requests_are_redirected_to_https(production):
    response = production["http_api"]
    assert response["status"] == 301
    assert response["headers"]["Location"] == "https://ims.example.com/api/users/me/"


def test_the_health_check_answers_over_plain_http_for_load_balancers(production):
    assert production["http_health"]["status"] == 200


@pytest.mark.parametrize("path", ["/api/users/me/", "/api/health/live", "/api/does-not-exist/"])
def test_every_response_carries_the_headers_in_any_configuration(anon_client, db, path):
    response = anon_client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_json_error_bodies_are_served_as_json_never_as_sniffable_html(anon_client, db):
    response = anon_client.get("/api/users/<script>alert(1)</script>/")
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
