"""/api/jobs/open/: every signed-in user sees open jobs, with filters and search, without internal counts."""

import pytest

from tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


def test_every_signed_in_role_sees_only_open_jobs(admin_client, interviewer_client, candidate_client):
    open_job = JobFactory()
    JobFactory(is_open=False)
    for client in (admin_client, interviewer_client, candidate_client):
        response = client.get("/api/jobs/open/")
        assert response.status_code == 200
        assert [row["id"] for row in response.json()["results"]] == [open_job.pk]


def test_anonymous_visitors_are_asked_to_sign_in(anon_client):
    assert anon_client.get("/api/jobs/open/").status_code == 401


def test_open_jobs_show_no_internal_counts_or_creator(candidate_client):
    ApplicationFactory(job=JobFactory())

    row = candidate_client.get("/api/jobs/open").json()["results"][0]

    assert "application_count" not in row
    assert "created_by" not in row
    assert {"id", "title", "description", "department", "location", "employment_type"} <= set(row)


def test_open_jobs_filter_search_and_order(candidate_client):
    python = JobFactory(title="Python developer", department="Engineering", employment_type="contract")
    JobFactory(title="Account manager", department="Sales")

    def ids(query):
        return [row["id"] for row in candidate_client.get(f"/api/jobs/open/?{query}").json()["results"]]

    assert ids("search=python") == [python.pk]
    assert ids("department=Engineering") == [python.pk]
    assert ids("employment_type=contract") == [python.pk]
    assert len(ids("ordering=title")) == 2
