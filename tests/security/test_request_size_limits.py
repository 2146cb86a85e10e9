"""Request bodies are bounded: an oversized body is a JSON 413 before any parser reads it, never a 500 and
never parsed into memory. JSON and form bodies are limited by DATA_UPLOAD_MAX_MEMORY_SIZE (a form body is
refused anyway, with a 415, but not read first); multipart bodies (apply) may carry one resume
(RESUME_MAX_BYTES) on top."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

LOGIN = "/api/auth/token/"
APPLY = "/api/applications/"  # the one endpoint that takes multipart (a resume upload)


def json_of_size(size: int) -> str:
    """A valid login body of exactly ``size`` bytes (padded inside the password)."""
    empty = json.dumps({"email": "cara@example.com", "password": ""})
    return json.dumps({"email": "cara@example.com", "password": "x" * (size - len(empty))})


def assert_json_413(response) -> None:
    assert response.status_code == 413, response.content[:200]
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "request_too_large"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Request-ID"]


def test_a_json_body_over_the_limit_is_a_json_413(settings, anon_client, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    assert_json_413(anon_client.post(LOGIN, json_of_size(1025), content_type="application/json"))


def test_a_json_body_at_the_limit_is_read_normally(settings, anon_client, candidate):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = anon_client.post(LOGIN, json_of_size(1024), content_type="application/json")
    assert response.status_code == 401  # parsed and answered by the view: a wrong password


def test_the_default_limit_stops_a_multi_megabyte_json_body(anon_client, db):
    response = anon_client.post(LOGIN, json_of_size(3 * 1024 * 1024), content_type="application/json")
    assert_json_413(response)


def test_an_authenticated_write_over_the_limit_is_a_413_too(settings, candidate_client):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = candidate_client.patch("/api/users/me/", {"first_name": "x" * 2000}, format="json")
    assert_json_413(response)


def test_a_form_encoded_body_over_the_limit_is_a_json_413(settings, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = "email=cara%40example.com&password=" + "x" * 2000
    response = Client().post(LOGIN, body, content_type="application/x-www-form-urlencoded")
    assert_json_413(response)


def test_a_multipart_body_may_carry_a_resume_but_not_more(settings, candidate_client):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.RESUME_MAX_BYTES = 4096
    small = SimpleUploadedFile("cv.pdf", b"%PDF-1.4 " + b"x" * 3000)
    response = candidate_client.post(APPLY, {"job": "999999", "resume": small}, format="multipart")
    assert response.status_code == 400  # read and answered by the view: no such job
    assert "job" in response.json()["errors"]
    huge = SimpleUploadedFile("cv.pdf", b"%PDF-1.4 " + b"x" * 6000)
    response = candidate_client.post(APPLY, {"job": "999999", "resume": huge}, format="multipart")
    assert_json_413(response)


def test_multipart_fields_over_the_limit_are_a_json_413_when_the_parser_finds_them(settings, candidate_client):
    # Small enough overall to pass the up-front check (it allows room for a resume), but the text fields
    # alone exceed DATA_UPLOAD_MAX_MEMORY_SIZE: Django's parser raises RequestDataTooBig while reading.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.RESUME_MAX_BYTES = 4096
    response = candidate_client.post(APPLY, {"job": "1", "cover_letter": "x" * 2000}, format="multipart")
    assert_json_413(response)


def test_too_many_multipart_fields_is_a_json_400_not_a_500(settings, candidate_client):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = candidate_client.post(APPLY, {f"f{n}": "1" for n in range(50)}, format="multipart")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "too_many_fields"


@pytest.mark.parametrize("length", ["", "abc", "-1"])
def test_a_missing_or_nonsense_content_length_is_not_a_500(anon_client, db, length):
    response = anon_client.post(LOGIN, json_of_size(200), content_type="application/json", CONTENT_LENGTH=length)
    assert response.status_code in {400, 401}
    assert response["Content-Type"] == "application/json"
