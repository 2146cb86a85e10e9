import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CandidateFactory, InterviewerFactory


def test_an_admin_lists_every_user_paginated(admin_client, interviewer, candidate):
    response = admin_client.get("/api/users/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3
    assert {u["email"] for u in body["results"]} == {"admin@example.com", "ivan@example.com", "cara@example.com"}
    assert all("password" not in u for u in body["results"])


def test_the_list_answers_without_a_trailing_slash(admin_client):
    assert admin_client.get("/api/users").status_code == 200


@pytest.mark.parametrize("persona", ["interviewer", "candidate"])
def test_non_admins_cannot_list_users(request, persona):
    response = request.getfixturevalue(f"{persona}_client").get("/api/users/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_anonymous_cannot_list_users(anon_client, db):
    response = anon_client.get("/api/users/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_list_filters_by_role(admin_client, interviewer, other_interviewer, candidate):
    body = admin_client.get("/api/users/?role=interviewer").json()
    assert {u["email"] for u in body["results"]} == {"ivan@example.com", "olga@example.com"}


def test_an_unknown_role_filter_is_a_400_naming_role(admin_client):
    response = admin_client.get("/api/users/?role=king")
    assert response.status_code == 400
    assert "role" in response.json()["errors"]


def test_the_list_filters_by_is_active(admin_client, candidate):
    CandidateFactory(email="gone@example.com", is_active=False)
    inactive = admin_client.get("/api/users/?is_active=false").json()["results"]
    active = admin_client.get("/api/users/?is_active=true").json()["results"]
    assert [u["email"] for u in inactive] == ["gone@example.com"]
    assert "gone@example.com" not in {u["email"] for u in active}


@pytest.mark.parametrize(
    ("term", "expected"), [("IVAN@", "ivan@example.com"), ("olg", "olga@example.com"), ("candid", "cara@example.com")]
)
def test_the_list_searches_email_and_names(admin_client, interviewer, other_interviewer, candidate, term, expected):
    body = admin_client.get("/api/users/", {"search": term}).json()
    assert [u["email"] for u in body["results"]] == [expected]


def test_listing_users_takes_the_same_number_of_queries_for_one_or_fifty_rows(admin_client):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get("/api/users/?page_size=100").status_code == 200
        return len(ctx.captured_queries)

    one = count_queries()
    InterviewerFactory.create_batch(49)
    assert count_queries() == one
