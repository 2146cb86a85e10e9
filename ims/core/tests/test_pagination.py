"""Every list is `{count, next, previous, results}` with ?page and ?page_size (default 20, max 100)."""

import pytest

from tests.factories import CandidateFactory

USERS = "/api/users/"


@pytest.fixture
def many_users(admin):
    CandidateFactory.create_batch(104)  # 105 users with the admin


def test_the_default_page_size_is_20(admin_client, many_users):
    body = admin_client.get(USERS).json()
    assert body["count"] == 105
    assert len(body["results"]) == 20
    assert body["previous"] is None
    assert "page=2" in body["next"]


def test_page_size_can_be_chosen(admin_client, many_users):
    assert len(admin_client.get(USERS, {"page_size": 7}).json()["results"]) == 7


def test_page_size_is_capped_at_100(admin_client, many_users):
    body = admin_client.get(USERS, {"page_size": 500}).json()
    assert len(body["results"]) == 100
    assert len(admin_client.get(USERS, {"page_size": 500, "page": 2}).json()["results"]) == 5


@pytest.mark.parametrize("page_size", ["0", "-3", "abc"])
def test_a_meaningless_page_size_falls_back_to_the_default(admin_client, many_users, page_size):
    response = admin_client.get(USERS, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 20


def test_the_last_page_has_no_next_link(admin_client, many_users):
    body = admin_client.get(USERS, {"page": 6}).json()
    assert len(body["results"]) == 5
    assert body["next"] is None
    assert "page=5" in body["previous"]


@pytest.mark.parametrize("page", ["7", "0", "99999999999999999999"])
def test_a_page_past_the_list_is_a_json_404(admin_client, many_users, page):
    response = admin_client.get(USERS, {"page": page})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("page", ["-1", "abc", "²"])
def test_a_page_that_is_not_a_number_is_a_json_400_naming_page(admin_client, many_users, page):
    response = admin_client.get(USERS, {"page": page})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"] == {"page": ["Give a page number (1, 2, ...) or last."]}


def _count_queries(captured) -> int:
    return sum("COUNT(" in q["sql"].upper() for q in captured.captured_queries)


def test_a_page_shorter_than_the_page_size_gives_the_count_without_a_count_query(admin_client, many_users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        body = admin_client.get(USERS, {"page": 6}).json()
    assert body["count"] == 105
    assert _count_queries(captured) == 0


def test_a_full_page_is_counted(admin_client, many_users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        body = admin_client.get(USERS, {"page": 2}).json()
    assert body["count"] == 105
    assert _count_queries(captured) == 1


def test_a_full_last_page_has_no_next_link(admin_client, many_users):
    body = admin_client.get(USERS, {"page": 3, "page_size": 35}).json()
    assert len(body["results"]) == 35
    assert body["count"] == 105
    assert body["next"] is None


def test_an_empty_list_is_one_empty_page(admin_client):
    body = admin_client.get(USERS, {"role": "interviewer"}).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}
    assert admin_client.get(USERS, {"role": "interviewer", "page": 2}).status_code == 404
