"""An unknown URL under /api/ is a JSON 404 whatever the mode: under DEBUG Django's HTML 404 page never appears."""

import pytest

UNKNOWN = ["/api/does-not-exist/", "/api/does-not-exist", "/api", "/api/users/abc/", "/api/jobs/1/nothing-here"]


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
@pytest.mark.parametrize("path", UNKNOWN)
def test_an_unknown_api_url_is_a_json_404_in_every_mode(anon_client, db, settings, debug, path):
    settings.DEBUG = debug
    response = anon_client.get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_to_an_unknown_api_url_is_a_json_404_not_a_csrf_or_method_error(admin_client, settings, debug, method):
    settings.DEBUG = debug
    admin_client.handler.enforce_csrf_checks = True
    response = getattr(admin_client, method)("/api/does-not-exist/", {"a": 1})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_known_api_urls_still_answer_with_and_without_their_slash(admin_client):
    assert admin_client.get("/api/jobs").status_code == 200
    assert admin_client.get("/api/jobs/").status_code == 200


def test_a_known_non_api_page_is_not_caught(anon_client, db):
    response = anon_client.get("/admin/login/")
    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]
