"""GET /api/applications/ and /api/jobs/<id>/applications/: admins see applications with filters."""

import pytest

from tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db

FIELDS = {"id", "job", "candidate", "status", "cover_letter", "has_resume", "applied_at", "updated_at"}


def test_admin_lists_all_applications_in_the_promised_shape(admin_client):
    application = ApplicationFactory()

    response = admin_client.get("/api/applications/")

    assert response.status_code == 200
    row = response.json()["results"][0]
    assert set(row) == FIELDS
    assert row["job"] == {"id": application.job.pk, "title": application.job.title, "department": "Engineering"}
    assert row["candidate"]["id"] == application.candidate_id
    assert row["candidate"]["email"] == application.candidate.email


def test_other_roles_cannot_list_all_applications(interviewer_client, candidate_client, anon_client):
    ApplicationFactory()

    assert interviewer_client.get("/api/applications/").status_code == 403
    assert candidate_client.get("/api/applications/").status_code == 403
    assert anon_client.get("/api/applications/").status_code == 401


def test_applications_filter_by_status_job_and_candidate(admin_client, candidate):
    job = JobFactory()
    screening = ApplicationFactory(job=job, status="screening")
    mine = ApplicationFactory(candidate=candidate)
    ApplicationFactory(status="rejected")

    def ids(query):
        response = admin_client.get(f"/api/applications/?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("status=screening") == {screening.pk}
    assert ids(f"job={job.pk}") == {screening.pk}
    assert ids(f"candidate={candidate.pk}") == {mine.pk}
    assert ids("status=screening&status=applied") == {screening.pk, mine.pk}


def test_an_unknown_status_filter_is_a_400(admin_client):
    response = admin_client.get("/api/applications/?status=hired")

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_applications_order_by_applied_at(admin_client):
    first = ApplicationFactory()
    second = ApplicationFactory()

    oldest_first = [r["id"] for r in admin_client.get("/api/applications/?ordering=applied_at").json()["results"]]
    newest_first = [r["id"] for r in admin_client.get("/api/applications/?ordering=-applied_at").json()["results"]]

    assert oldest_first == [first.pk, second.pk]
    assert newest_first == [second.pk, first.pk]


def test_admin_lists_one_jobs_applications_by_status(admin_client):
    job = JobFactory()
    applied = ApplicationFactory(job=job)
    rejected = ApplicationFactory(job=job, status="rejected")
    ApplicationFactory()

    everything = admin_client.get(f"/api/jobs/{job.pk}/applications/").json()["results"]
    only_rejected = admin_client.get(f"/api/jobs/{job.pk}/applications?status=rejected").json()["results"]

    assert {r["id"] for r in everything} == {applied.pk, rejected.pk}
    assert [r["id"] for r in only_rejected] == [rejected.pk]


def test_a_jobs_applications_are_admin_only_and_unknown_jobs_are_404(
    admin_client, interviewer_client, candidate_client, anon_client
):
    job = JobFactory()

    assert admin_client.get("/api/jobs/999999/applications/").status_code == 404
    assert interviewer_client.get(f"/api/jobs/{job.pk}/applications/").status_code == 403
    assert candidate_client.get(f"/api/jobs/{job.pk}/applications/").status_code == 403
    assert anon_client.get(f"/api/jobs/{job.pk}/applications/").status_code == 401
