"""Every error is JSON with `{detail, code}` (+ `errors` per field), including 404, 405, 415, 500 and 503."""

import json

import pytest
from django.db import OperationalError
from rest_framework.test import APIClient

from ims.accounts.api import views as account_views
from ims.core.middleware import DatabaseUnavailableMiddleware


@pytest.mark.parametrize("path", ["/api/does-not-exist/", "/api", "/api/users/abc/"])
def test_an_unknown_url_is_a_json_404(anon_client, db, path):
    response = anon_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_an_unknown_url_outside_the_api_is_the_web_apps_404_page(anon_client, db):
    # Since the web app (issue 13) the site's own addresses are pages: a person gets a page, not JSON.
    response = anon_client.get("/nowhere")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_wrong_method_is_a_json_405(admin_client):
    response = admin_client.delete("/api/users/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "DELETE" in response.json()["detail"]


def test_malformed_json_is_a_json_400(anon_client, db):
    response = anon_client.post("/api/auth/token/", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_an_unsupported_media_type_is_a_json_415(anon_client, db):
    response = anon_client.post("/api/auth/token/", data="<xml/>", content_type="application/xml")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_a_validation_error_names_every_bad_field(anon_client, db):
    response = anon_client.post("/api/users/create", {"email": "nope"})
    body = response.json()
    assert response.status_code == 400
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"email", "password"}
    assert isinstance(body["errors"]["email"], list)
    assert body["detail"]


def test_an_unexpected_error_is_a_json_500_without_internals(admin, monkeypatch):
    def boom(user):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(account_views.selectors, "users_visible_to", boom)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(admin)
    response = client.get("/api/users/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error.", "code": "server_error"}
    assert "secret" not in response.content.decode()


def test_a_database_outage_is_a_json_503_with_retry_after(admin, monkeypatch):
    def down(user):
        raise OperationalError("connection refused")

    monkeypatch.setattr(account_views.selectors, "users_visible_to", down)
    client = APIClient()
    client.force_authenticate(admin)
    response = client.get("/api/users/")
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"
    assert response["Retry-After"] == "5"


DATABASE_DOWN = {"detail": "The database is unavailable. Please retry shortly.", "code": "service_unavailable"}


def test_a_database_outage_outside_the_api_views_is_the_same_json_503(rf, admin, monkeypatch):
    def down(user):
        raise OperationalError("connection refused")

    monkeypatch.setattr(account_views.selectors, "users_visible_to", down)
    client = APIClient()
    client.force_authenticate(admin)
    from_the_api = client.get("/api/users/")
    from_the_middleware = DatabaseUnavailableMiddleware(lambda request: None).process_exception(
        rf.get("/admin/"), OperationalError("connection refused")
    )

    assert from_the_api.json() == DATABASE_DOWN
    assert from_the_middleware.status_code == 503
    assert json.loads(from_the_middleware.content) == DATABASE_DOWN
    assert from_the_middleware["Retry-After"] == from_the_api["Retry-After"] == "5"


def test_an_expired_or_forged_token_is_a_json_401(anon_client, db):
    anon_client.credentials(HTTP_AUTHORIZATION="Bearer abc.def.ghi")
    response = anon_client.get("/api/users/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"
