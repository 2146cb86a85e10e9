"""The OpenAPI schema documents every jobs and applications endpoint with its bodies and error statuses."""

import pytest

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/jobs/": {"get", "post"},
    "/api/jobs/{id}/": {"get", "put", "patch", "delete"},
    "/api/jobs/open/": {"get"},
    "/api/jobs/{id}/applications/": {"get"},
    "/api/jobs/application-counts/": {"get"},
    "/api/applications/": {"get", "post"},
    "/api/applications/{id}/": {"get", "put", "patch", "delete"},
    "/api/applications/{id}/select/": {"put", "post"},
    "/api/applications/{id}/withdraw/": {"post"},
    "/api/applications/{id}/resume/": {"get"},
    "/api/applications/me/": {"get"},
}


@pytest.fixture
def schema(anon_client):
    response = anon_client.get("/api/schema/?format=json", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    import json

    return json.loads(response.content)


def test_schema_is_served_to_admins_and_visitors(admin_client, anon_client):
    assert admin_client.get("/api/schema/").status_code == 200
    assert anon_client.get("/api/schema/").status_code == 200


def test_schema_has_every_endpoint_and_method(schema):
    for path, methods in PATHS.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), (path, set(schema["paths"][path]))


def test_schema_documents_error_statuses(schema):
    apply = schema["paths"]["/api/applications/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "409"} <= set(apply)
    change = schema["paths"]["/api/applications/{id}/"]["patch"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(change)
    delete_job = schema["paths"]["/api/jobs/{id}/"]["delete"]["responses"]
    assert {"204", "404", "409"} <= set(delete_job)


def test_schema_documents_request_bodies_including_the_resume_upload(schema):
    body = schema["paths"]["/api/applications/"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
    status_change = schema["paths"]["/api/applications/{id}/"]["patch"]["requestBody"]["content"]
    assert "application/json" in status_change


def test_schema_documents_the_filters(schema):
    params = {p["name"] for p in schema["paths"]["/api/applications/"]["get"]["parameters"]}
    assert {"status", "job", "candidate", "ordering", "page"} <= params
    job_params = {p["name"] for p in schema["paths"]["/api/jobs/"]["get"]["parameters"]}
    assert {"department", "employment_type", "is_open", "search", "ordering"} <= job_params
