"""Regressions for what the schema fuzzer found: out-of-range ids in filters were 500s, and responses that
broke their documented schema."""

import pytest

from tests.contract.world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("query", ["job=-5.3e192", "candidate=99999999999999999999", "job=1.5", "candidate=0"])
def test_an_out_of_range_id_filter_on_applications_is_a_400_not_a_500(world, client_for, query):
    response = client_for(world.admin).get(f"/api/applications/?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("name", ["job", "interviewer"])
def test_an_id_past_64_bits_on_upcoming_interviews_is_a_400_not_a_500(world, client_for, name):
    response = client_for(world.admin).get(f"/api/interviews/upcoming/?{name}=50678309812093550592")
    assert response.status_code == 400, response.content
    assert name in response.json()["errors"]


def test_an_interview_without_a_meeting_link_is_documented_as_text_not_a_uri(world, client_for):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "format" not in schema["components"]["schemas"]["Interview"]["properties"]["meeting_url"]
    response = client_for(world.admin).get(f"/api/application-rounds/{world.a.interview.pk}/")
    assert response.json()["meeting_url"] == ""


def test_patching_an_application_documents_status_as_required(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    body = schema["paths"]["/api/applications/{id}/"]["patch"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/ApplicationStatusChangeRequest"}
    assert "status" in schema["components"]["schemas"]["ApplicationStatusChangeRequest"]["required"]


def test_every_error_response_in_the_schema_has_the_error_body(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for code, response in operation["responses"].items():
                if code.startswith("4"):
                    assert response["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/Error"
                    }, (method, path, code)
            if path.startswith("/api/health"):
                continue
            assert {"429", "503"} <= set(operation["responses"]), (method, path)


@pytest.mark.parametrize("query", ["to=1476-07-07T16:41:37%2B22:10", "from=4250-03-21T04:06:51%2B08:53"])
def test_an_offset_postgresql_cannot_store_is_read_as_the_same_instant_in_utc(world, client_for, query):
    response = client_for(world.admin).get(f"/api/interviews/upcoming/?{query}")
    assert response.status_code == 200, response.content


def test_a_time_before_year_one_in_utc_is_a_400(world, client_for):
    response = client_for(world.admin).get("/api/interviews/upcoming/?from=0001-01-01T00:00:00%2B05:00")
    assert response.status_code == 400, response.content


def test_scheduling_with_an_offset_past_15_59_is_stored_as_utc(world, client_for):
    body = {
        "round_type": world.round_type.pk,
        "interviewer": world.a.interviewer.pk,
        "scheduled_at": "2031-05-01T22:00:00+22:10",
    }
    response = client_for(world.admin).post(f"/api/applications/{world.a.application.pk}/rounds/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["scheduled_at"] == "2031-04-30T23:50:00Z"
