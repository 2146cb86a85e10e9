"""Every list endpoint runs the same number of SQL queries for 1 row and for 50 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ApplicationFactory, InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db


def _queries(client, url: str, expected_rows: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == expected_rows
    return len(captured.captured_queries)


def _same_for_1_and_50(client, url: str, make_one) -> None:
    make_one()
    one = _queries(client, url, 1)
    for _ in range(49):
        make_one()
    fifty = _queries(client, url, 50)
    assert one == fifty, f"{url}: {one} queries for 1 row, {fifty} for 50"


def test_jobs_list_is_n_plus_1_free(admin_client):
    _same_for_1_and_50(admin_client, "/api/jobs/?page_size=100", lambda: ApplicationFactory().job)


def test_open_jobs_list_is_n_plus_1_free(candidate_client):
    _same_for_1_and_50(candidate_client, "/api/jobs/open/?page_size=100", JobFactory)


def test_application_counts_list_is_n_plus_1_free(admin_client):
    _same_for_1_and_50(admin_client, "/api/jobs/application-counts/?page_size=100", lambda: ApplicationFactory().job)


def test_applications_list_is_n_plus_1_free(admin_client):
    _same_for_1_and_50(admin_client, "/api/applications/?page_size=100", ApplicationFactory)


def test_a_jobs_applications_list_is_n_plus_1_free(admin_client):
    job = JobFactory()
    _same_for_1_and_50(
        admin_client, f"/api/jobs/{job.pk}/applications/?page_size=100", lambda: ApplicationFactory(job=job)
    )


def test_my_applications_with_upcoming_interviews_are_n_plus_1_free(candidate_client, candidate):
    def make_one():
        InterviewFactory(application=ApplicationFactory(candidate=candidate, status="interviewing"))

    _same_for_1_and_50(candidate_client, "/api/applications/me/?page_size=100", make_one)


def test_application_detail_events_do_not_grow_the_query_count(admin_client):
    application = ApplicationFactory()
    url = f"/api/applications/{application.pk}/"
    admin_client.patch(url, {"status": "screening"}, format="json")
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    admin_client.patch(url, {"status": "rejected", "reason": "other"}, format="json")
    admin_client.patch(url, {"status": "screening", "note": "again"}, format="json")
    admin_client.patch(url, {"status": "interviewing"}, format="json")
    with CaptureQueriesContext(connection) as many:
        admin_client.get(url)

    assert len(few.captured_queries) == len(many.captured_queries)
