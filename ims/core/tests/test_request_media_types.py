"""Each endpoint reads the media types it documents: JSON everywhere, and multipart too where a file is
uploaded (apply with a resume). Anything else is a 415 naming the accepted types, before the body is read."""

import pytest

from tests import factories


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", "email=cara%40example.com&password=x"),
        (
            "multipart/form-data; boundary=b",
            '--b\r\nContent-Disposition: form-data; name="email"\r\n\r\nx\r\n--b--\r\n',
        ),
        ("text/plain", "email=cara@example.com"),
    ],
)
def test_a_body_that_is_not_json_on_a_json_endpoint_is_a_415_naming_json(anon_client, db, content_type, body):
    response = anon_client.post("/api/auth/token/", body, content_type=content_type)
    assert response.status_code == 415, response.content
    assert response.json()["code"] == "unsupported_media_type"
    assert response.json()["accepted"] == ["application/json"]
    assert "Send application/json." in response.json()["detail"]


def test_a_form_encoded_application_is_a_415_naming_json_and_multipart(candidate_client):
    job = factories.JobFactory()
    response = candidate_client.post(
        "/api/applications/", f"job={job.pk}", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.json()["accepted"] == ["application/json", "multipart/form-data"]
    assert not job.applications.exists()


def test_an_application_is_accepted_as_json_and_as_multipart(candidate_client):
    as_json, as_multipart = factories.JobFactory(), factories.JobFactory()
    assert candidate_client.post("/api/applications/", {"job": as_json.pk}, format="json").status_code == 201
    assert candidate_client.post("/api/applications/", {"job": as_multipart.pk}, format="multipart").status_code == 201


def test_a_json_write_with_a_charset_is_read(candidate_client):
    response = candidate_client.patch(
        "/api/users/me/", '{"first_name": "Cara"}', content_type="application/json; charset=utf-8"
    )
    assert response.status_code == 200, response.content
