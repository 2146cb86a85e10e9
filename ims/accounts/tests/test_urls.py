"""Every accounts URL answers with and without its trailing slash, and is in the OpenAPI schema."""

import pytest

from ims.accounts.tests.helpers import tokens
from tests.factories import PASSWORD


@pytest.mark.parametrize("slash", ["", "/"])
def test_every_accounts_endpoint_answers_with_and_without_a_trailing_slash(admin, admin_client, candidate, slash):
    pair = tokens("cara@example.com")
    cases = [
        ("post", "/api/auth/token", {"email": "admin@example.com", "password": PASSWORD}, 200),
        ("post", "/api/auth/token/refresh", {"refresh": pair["refresh"]}, 200),
        ("post", "/api/users/create", {"email": "n@example.com", "password": "a fine passphrase 11"}, 201),
        ("get", "/api/users", None, 200),
        ("get", "/api/users/me", None, 200),
        ("patch", "/api/users/me", {"first_name": "A"}, 200),
        ("get", f"/api/users/{candidate.pk}", None, 200),
        ("patch", f"/api/users/{candidate.pk}", {"last_name": "B"}, 200),
        ("delete", f"/api/users/{candidate.pk}", None, 204),
    ]
    for method, path, payload, expected in cases:
        response = getattr(admin_client, method)(path + slash, payload)
        assert response.status_code == expected, (method, path + slash, response.content)

    own = tokens("admin@example.com")
    response = admin_client.post("/api/auth/logout" + slash, {"refresh": own["refresh"]})
    assert response.status_code == 205
    response = admin_client.post(
        "/api/auth/password" + slash, {"old_password": PASSWORD, "new_password": "another fine passphrase 12"}
    )
    assert response.status_code == 204


def test_every_accounts_endpoint_is_in_the_openapi_schema(anon_client, db):
    response = anon_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    expected = {
        "/api/auth/token/": {"post"},
        "/api/auth/token/refresh/": {"post"},
        "/api/auth/logout/": {"post"},
        "/api/auth/password/": {"post"},
        "/api/users/": {"get"},
        "/api/users/create/": {"post"},
        "/api/users/me/": {"get", "put", "patch"},
        "/api/users/{id}/": {"get", "put", "patch", "delete"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    assert {"201", "400", "403", "409"} <= set(paths["/api/users/create/"]["post"]["responses"])
    assert "401" in paths["/api/auth/token/"]["post"]["responses"]
    assert "jwtAuth" in response.json()["components"]["securitySchemes"]
