"""Inputs an attacker sent that reached a 500 (issue 11, item 8): each is now a 400 naming the field.

Numbers are read by one helper (ims.core.parsing): ASCII digits only, within the 64-bit id range; JSON
numbers that are not whole (1e400 is a float, infinity) are refused; dates and times that would overflow
when the server adds to them are refused; a JSON body nested deeper than the parser allows is refused
before it is decoded.
"""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.contract.world import build_world


@pytest.fixture
def world(db):
    return build_world()


def assert_400_naming(response, field: str) -> None:
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert field in body.get("errors", {}), body


def _paginated_lists(world) -> list[str]:
    """Every GET operation of the schema that takes ?page=, with real ids in its path."""
    ids = {
        "/api/applications/{id}/": world.a.application.pk,
        "/api/jobs/{id}/": world.a.job.pk,
        "/api/application-rounds/{id}/": world.a.done_interview.pk,  # its feedback's versions
    }
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = []
    for path, methods in schema["paths"].items():
        parameters = methods.get("get", {}).get("parameters", [])
        if not any(p["name"] == "page" and p["in"] == "query" for p in parameters):
            continue
        for prefix, pk in ids.items():
            path = path.replace(prefix, prefix.replace("{id}", str(pk)))
        assert "{" not in path, path
        paths.append(path)
    return paths


def _client_allowed_on(world, client_for, path: str):
    user = world.a.candidate if path.endswith("/me/") and "interviews" not in path else world.admin
    if path == "/api/interviews/me/":
        user = world.a.interviewer
    return client_for(user)


@pytest.mark.parametrize("number", ["%C2%B2", "%D9%A3", "-1", "abc", "1.0", "%EF%BC%91"])
def test_a_page_that_is_not_ascii_digits_or_last_is_a_400_on_every_paginated_list(world, client_for, number):
    paths = _paginated_lists(world)
    assert len(paths) >= 12
    for path in paths:
        response = _client_allowed_on(world, client_for, path).get(f"{path}?page={number}")
        assert_400_naming(response, "page")


def test_a_page_of_thousands_of_digits_is_simply_not_found(world, client_for):
    response = client_for(world.admin).get("/api/users/?page=" + "9" * 5000)
    assert response.status_code == 404, response.content[:300]


def test_the_last_page_is_still_accepted(world, client_for):
    assert client_for(world.admin).get("/api/users/?page=last").status_code == 200


@pytest.mark.parametrize("name", ["job", "interviewer"])
@pytest.mark.parametrize("value", ["%C2%B2", "%D9%A3", "1e3", "-1", "0", "9223372036854775808"])
def test_a_unicode_digit_or_out_of_range_id_on_upcoming_interviews_is_a_400(world, client_for, name, value):
    assert_400_naming(client_for(world.admin).get(f"/api/interviews/upcoming/?{name}={value}"), name)


def test_the_largest_64_bit_id_on_upcoming_interviews_finds_nothing(world, client_for):
    response = client_for(world.admin).get("/api/interviews/upcoming/?job=9223372036854775807")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["count"] == 0


@pytest.mark.parametrize("query", ["to=9999-12-31", "from=9999-12-32", "to=%D9%A3%D9%A3%D9%A3%D9%A3-01-01"])
def test_a_date_the_server_cannot_extend_by_a_day_is_a_400_on_upcoming_interviews(world, client_for, query):
    assert_400_naming(client_for(world.admin).get(f"/api/interviews/upcoming/?{query}"), query.split("=")[0])


@pytest.mark.parametrize(
    "query", ["from=0001-01-01", "from=9999-12-31", "to=9999-12-30", "to=9999-12-31T23:59:59Z", "to=0001-01-01"]
)
def test_extreme_dates_that_fit_are_answered_on_upcoming_interviews(world, client_for, query):
    assert client_for(world.admin).get(f"/api/interviews/upcoming/?{query}").status_code == 200


@pytest.mark.parametrize("value", ["1e30", "%C2%B2", "%D9%A3", "9223372036854775808", "1.5", "0"])
def test_an_out_of_range_or_unicode_recipient_filter_on_notifications_is_a_400(world, client_for, value):
    assert_400_naming(client_for(world.admin).get(f"/api/notifications/?recipient={value}"), "recipient")


def test_a_recipient_filter_on_notifications_still_filters(world, client_for):
    response = client_for(world.admin).get(f"/api/notifications/?recipient={world.a.candidate.pk}")
    assert response.status_code == 200
    assert {n["recipient"]["id"] for n in response.json()["results"]} == {world.a.candidate.pk}


@pytest.mark.parametrize("value", ["%D9%A3", "%C2%B2"])
def test_a_unicode_digit_in_an_application_filter_is_a_400(world, client_for, value):
    assert_400_naming(client_for(world.admin).get(f"/api/applications/?job={value}"), "job")


# JSON numbers: json.loads reads 1e400 as float("inf") and 1e30 as a float; neither names a row.
HUGE_NUMBERS = ["1e400", "-1e400", "1e30", "9223372036854775808", "-9223372036854775809", "1.5", "true", '"\\u0663"']


@pytest.mark.parametrize("number", HUGE_NUMBERS)
def test_applying_with_a_job_id_that_is_not_a_64_bit_whole_number_is_a_400(world, client_for, number):
    response = client_for(world.b.candidate).post(
        "/api/applications/", f'{{"job": {number}}}', content_type="application/json"
    )
    assert_400_naming(response, "job")


@pytest.mark.parametrize("number", HUGE_NUMBERS)
@pytest.mark.parametrize("field", ["interviewer", "round_type"])
def test_booking_a_round_with_an_id_that_is_not_a_64_bit_whole_number_is_a_400(world, client_for, field, number):
    body = {"round_type": world.round_type.pk, "interviewer": world.a.interviewer.pk}
    body |= {"scheduled_at": "2031-05-01T10:00:00Z"}
    raw = json.dumps(body).replace(f'"{field}": {body[field]}', f'"{field}": {number}')
    response = client_for(world.admin).post(
        f"/api/applications/{world.a.application.pk}/rounds/", raw, content_type="application/json"
    )
    assert_400_naming(response, field)


@pytest.mark.parametrize("number", HUGE_NUMBERS)
def test_changing_a_rounds_interviewer_to_an_id_that_is_not_a_64_bit_whole_number_is_a_400(world, client_for, number):
    response = client_for(world.admin).patch(
        f"/api/application-rounds/{world.a.interview.pk}/",
        f'{{"interviewer": {number}}}',
        content_type="application/json",
    )
    assert_400_naming(response, "interviewer")


@pytest.mark.parametrize("when", ["9999-12-31T23:30:00Z", "9999-12-31T20:00:00Z", "9999-12-31T23:59:59.999999Z"])
def test_scheduling_a_round_whose_end_the_calendar_cannot_hold_is_a_400_on_scheduled_at(world, client_for, when):
    body = {"round_type": world.round_type.pk, "interviewer": world.a.interviewer.pk, "scheduled_at": when}
    response = client_for(world.admin).post(f"/api/applications/{world.a.application.pk}/rounds/", body, format="json")
    assert_400_naming(response, "scheduled_at")


@pytest.mark.parametrize("when", ["9999-12-31T23:30:00Z", "9999-12-31T20:00:00Z"])
def test_rescheduling_a_round_to_an_end_the_calendar_cannot_hold_is_a_400_on_scheduled_at(world, client_for, when):
    response = client_for(world.admin).patch(
        f"/api/application-rounds/{world.a.interview.pk}/", {"scheduled_at": when}, format="json"
    )
    assert_400_naming(response, "scheduled_at")


def test_scheduling_far_in_the_future_still_works(world, client_for):
    body = {"round_type": world.round_type.pk, "interviewer": world.a.interviewer.pk}
    body |= {"scheduled_at": "9999-12-29T10:00:00Z", "duration": 480}
    response = client_for(world.admin).post(f"/api/applications/{world.a.application.pk}/rounds/", body, format="json")
    assert response.status_code == 201, response.content[:300]


@pytest.mark.parametrize("email", ["\ud800@x.com", "a\udfff@example.com"])
def test_a_lone_surrogate_in_the_login_email_is_a_400_on_email(db, anon_client, email):
    raw = json.dumps({"email": email, "password": "whatever"})  # ensure_ascii: "\ud800" travels as an escape
    response = anon_client.post("/api/auth/token/", raw, content_type="application/json")
    assert_400_naming(response, "email")


@pytest.mark.parametrize("opening", ["[", '{"a":', '[{"a":'])
def test_a_json_body_nested_50000_deep_is_a_400_not_a_recursion_error(db, anon_client, opening):
    response = anon_client.post("/api/auth/token/", opening * 50_000, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["detail"] == "JSON nested too deeply"


def test_a_json_body_nested_within_the_limit_is_read(db, anon_client):
    body = '{"email": "x@example.com", "password": "p", "extra": ' + "[" * 60 + "]" * 60 + "}"
    response = anon_client.post("/api/auth/token/", body, content_type="application/json")
    assert response.status_code == 401, response.content[:300]


def test_brackets_inside_json_strings_do_not_count_as_nesting(db, anon_client):
    body = json.dumps({"email": "x@example.com", "password": "[" * 3000 + '\\"{' * 300})
    response = anon_client.post("/api/auth/token/", body, content_type="application/json")
    assert response.status_code == 401, response.content[:300]
