"""`count` is exact up to PAGINATION_COUNT_CAP rows and a lower bound above it; `next` is always right."""

import pytest

from tests.factories import CandidateFactory

USERS = "/api/users/"


@pytest.fixture
def eleven_users(admin, settings):
    settings.PAGINATION_COUNT_CAP = 5
    CandidateFactory.create_batch(10)  # 11 users with the admin


def test_a_list_at_or_under_the_cap_is_counted_exactly(admin_client, admin, settings):
    settings.PAGINATION_COUNT_CAP = 5
    CandidateFactory.create_batch(4)
    assert admin_client.get(USERS).json()["count"] == 5


def test_a_list_over_the_cap_reports_one_more_than_the_cap(admin_client, eleven_users):
    body = admin_client.get(USERS, {"page_size": 2}).json()
    assert body["count"] == 6
    assert len(body["results"]) == 2
    assert "page=2" in body["next"]


def test_paging_past_the_cap_still_finds_the_page_and_its_next_link(admin_client, eleven_users):
    body = admin_client.get(USERS, {"page_size": 2, "page": 4}).json()
    assert len(body["results"]) == 2
    assert body["count"] == 9  # at least one row past page 4
    assert "page=5" in body["next"]


def test_the_real_last_page_has_no_next_link_even_past_the_cap(admin_client, eleven_users):
    body = admin_client.get(USERS, {"page_size": 2, "page": 6}).json()
    assert len(body["results"]) == 1
    assert body["count"] == 11
    assert body["next"] is None


def test_page_last_counts_exactly(admin_client, eleven_users):
    body = admin_client.get(USERS, {"page_size": 2, "page": "last"}).json()
    assert body["count"] == 11
    assert len(body["results"]) == 1


def test_an_absurd_page_number_is_not_found_not_an_error(admin_client):
    response = admin_client.get("/api/users/", {"page": "288311146352930990325760"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
