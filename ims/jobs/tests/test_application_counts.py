"""/api/jobs/application-counts/: every job with its total and a count per status, in one query."""

import pytest

from tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


def test_admin_sees_every_job_with_counts_per_status(admin_client):
    job = JobFactory()
    for status in ("applied", "applied", "screening", "rejected", "selected"):
        ApplicationFactory(job=job, status=status)
    empty = JobFactory(is_open=False)

    response = admin_client.get("/api/jobs/application-counts/")

    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert rows[job.pk]["application_count"] == 5
    assert rows[job.pk]["status_counts"] == {
        "applied": 2,
        "screening": 1,
        "interviewing": 0,
        "selected": 1,
        "rejected": 1,
        "withdrawn": 0,
    }
    assert rows[empty.pk]["application_count"] == 0
    assert set(rows[empty.pk]["status_counts"].values()) == {0}


def test_application_counts_filter_by_is_open_and_department(admin_client):
    open_sales = JobFactory(department="Sales")
    closed_sales = JobFactory(department="Sales", is_open=False)
    JobFactory(department="Engineering")

    def ids(query):
        return {row["id"] for row in admin_client.get(f"/api/jobs/application-counts/?{query}").json()["results"]}

    assert ids("department=Sales") == {open_sales.pk, closed_sales.pk}
    assert ids("department=Sales&is_open=false") == {closed_sales.pk}


def test_application_counts_come_from_a_single_aggregate_query(admin_client):
    for _ in range(5):
        ApplicationFactory(job=JobFactory())
    admin_client.get("/api/jobs/application-counts/")  # warm up authentication caches

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get("/api/jobs/application-counts/?page_size=2")  # a full page: it must count
    assert response.status_code == 200
    assert response.json()["count"] == 5
    job_queries = [q["sql"].upper() for q in captured.captured_queries if '"jobs_job"' in q["sql"]]
    assert len(job_queries) == 2  # the page total and the one aggregate query
    total, aggregate = sorted(job_queries, key=lambda sql: "GROUP BY" in sql)
    assert "JOIN" not in total  # counting jobs does not touch applications
    assert "GROUP BY" in aggregate
    assert aggregate.count("COUNT(") == 6  # one count per status; the total is their sum, not a 7th scan
    assert '"JOBS_APPLICATION"' not in "".join(
        q["sql"].upper() for q in captured.captured_queries if '"jobs_job"' not in q["sql"]
    )


def test_a_list_that_fits_on_one_page_is_not_counted_separately(admin_client):
    for _ in range(3):
        ApplicationFactory(job=JobFactory())
    admin_client.get("/api/jobs/application-counts/")

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get("/api/jobs/application-counts/")
    assert response.json()["count"] == 3
    assert len([q for q in captured.captured_queries if '"jobs_job"' in q["sql"]]) == 1


def test_application_counts_are_admin_only(interviewer_client, candidate_client, anon_client):
    assert interviewer_client.get("/api/jobs/application-counts/").status_code == 403
    assert candidate_client.get("/api/jobs/application-counts/").status_code == 403
    assert anon_client.get("/api/jobs/application-counts/").status_code == 401
