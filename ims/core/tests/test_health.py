def test_liveness_answers_without_auth_or_io(anon_client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anon_client.get("/api/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_reports_every_dependency(anon_client, db):
    response = anon_client.get("/api/health/")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}


def test_every_response_carries_a_request_id(anon_client):
    response = anon_client.get("/api/health/live", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    assert len(anon_client.get("/api/health/live")["X-Request-ID"]) == 32
