import logging

import pytest

from ims.core.api import views as health_views
from ims.core.log import RequestIDFilter


def test_liveness_answers_without_auth_or_io(anon_client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anon_client.get("/api/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_liveness_answers_with_a_trailing_slash_too(anon_client):
    assert anon_client.get("/api/health/live/").status_code == 200


def test_health_reports_every_dependency(anon_client, db):
    response = anon_client.get("/api/health/")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}


@pytest.mark.parametrize("dependency", ["database", "cache", "broker"])
def test_health_is_503_naming_the_dependency_that_is_down(anon_client, db, monkeypatch, dependency):
    def down():
        raise ConnectionError(f"{dependency} unreachable")

    monkeypatch.setattr(health_views, f"_check_{dependency}", down)
    response = anon_client.get("/api/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"][dependency].startswith("down")
    assert dependency in body["detail"]
    others = {name for name in ("database", "cache", "broker") if name != dependency}
    assert all(body["checks"][name] == "ok" for name in others)


def test_every_response_carries_a_request_id(anon_client):
    response = anon_client.get("/api/health/live", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    assert len(anon_client.get("/api/health/live")["X-Request-ID"]) == 32


def test_errors_and_api_responses_carry_the_request_id_too(anon_client, candidate_client):
    assert anon_client.get("/api/nowhere", HTTP_X_REQUEST_ID="req-404")["X-Request-ID"] == "req-404"
    assert candidate_client.get("/api/users/me/", HTTP_X_REQUEST_ID="req-me")["X-Request-ID"] == "req-me"


def test_an_unsafe_incoming_request_id_is_replaced(anon_client):
    response = anon_client.get("/api/health/live", HTTP_X_REQUEST_ID="evil\r\nSet-Cookie: x=1")
    assert response["X-Request-ID"] != "evil\r\nSet-Cookie: x=1"
    assert len(response["X-Request-ID"]) == 32


def test_log_lines_written_during_a_request_carry_its_id(anon_client, db, caplog):
    caplog.handler.addFilter(RequestIDFilter())
    with caplog.at_level(logging.WARNING):
        anon_client.get("/api/nowhere", HTTP_X_REQUEST_ID="trace-42")
    assert any(getattr(record, "request_id", None) == "trace-42" for record in caplog.records)
