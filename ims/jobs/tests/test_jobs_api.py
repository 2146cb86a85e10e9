"""/api/jobs/ and /api/jobs/<id>/: admins manage jobs; closing is recorded; jobs with applications stay."""

import pytest

from ims.jobs.models import ApplicationStatus, Job
from tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db

NEW_JOB = {
    "title": "Backend engineer",
    "description": "Python and PostgreSQL.",
    "department": "Engineering",
    "location": "Berlin",
    "employment_type": "full_time",
    "openings": 2,
}


def test_admin_creates_a_job_and_is_recorded_as_its_creator(admin_client, admin):
    response = admin_client.post("/api/jobs/", {**NEW_JOB, "created_by": 999, "application_count": 7}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "Backend engineer"
    assert body["openings"] == 2
    assert body["is_open"] is True
    assert body["closed_at"] is None
    assert body["application_count"] == 0
    assert body["created_by"]["id"] == admin.pk
    assert Job.objects.get(pk=body["id"]).created_by == admin


def test_job_defaults_are_full_time_one_opening_and_open(admin_client):
    response = admin_client.post("/api/jobs/", {"title": "T", "description": "D", "department": "Ops"}, format="json")

    assert response.status_code == 201
    assert response.json()["employment_type"] == "full_time"
    assert response.json()["openings"] == 1
    assert response.json()["is_open"] is True


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**NEW_JOB, "openings": 0}, "openings"),
        ({**NEW_JOB, "employment_type": "freelance"}, "employment_type"),
        ({k: v for k, v in NEW_JOB.items() if k != "title"}, "title"),
        ({**NEW_JOB, "department": ""}, "department"),
    ],
)
def test_creating_a_job_with_bad_input_is_a_400_naming_the_field(admin_client, payload, field):
    response = admin_client.post("/api/jobs/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Job.objects.exists()


def test_only_admins_manage_jobs(interviewer_client, candidate_client, anon_client):
    job = JobFactory()
    for client, expected in ((interviewer_client, 403), (candidate_client, 403), (anon_client, 401)):
        assert client.get("/api/jobs/").status_code == expected
        assert client.post("/api/jobs/", NEW_JOB, format="json").status_code == expected
        assert client.get(f"/api/jobs/{job.pk}/").status_code == expected
        assert client.patch(f"/api/jobs/{job.pk}/", {"title": "x"}, format="json").status_code == expected
        assert client.delete(f"/api/jobs/{job.pk}/").status_code == expected
    assert Job.objects.get(pk=job.pk).title == job.title


def test_job_urls_answer_without_trailing_slash(admin_client):
    job = JobFactory()
    assert admin_client.get("/api/jobs").status_code == 200
    assert admin_client.get(f"/api/jobs/{job.pk}").status_code == 200


def test_admin_lists_jobs_with_application_counts(admin_client):
    job = JobFactory()
    ApplicationFactory.create_batch(3, job=job)
    JobFactory()

    response = admin_client.get("/api/jobs/")

    assert response.status_code == 200
    counts = {row["id"]: row["application_count"] for row in response.json()["results"]}
    assert counts[job.pk] == 3
    assert response.json()["count"] == 2


def test_jobs_filter_by_department_employment_type_and_is_open(admin_client):
    engineering = JobFactory(department="Engineering", employment_type="contract")
    JobFactory(department="Sales")
    closed = JobFactory(department="Engineering", is_open=False)

    def ids(query):
        response = admin_client.get(f"/api/jobs/?{query}")
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids("department=engineering") == {engineering.pk, closed.pk}
    assert ids("employment_type=contract") == {engineering.pk}
    assert ids("is_open=false") == {closed.pk}
    assert ids("is_open=true&department=Engineering") == {engineering.pk}


def test_jobs_search_title_description_department_and_location(admin_client):
    by_title = JobFactory(title="Data scientist")
    by_description = JobFactory(description="You will build data pipelines")
    by_location = JobFactory(location="Datteln")
    JobFactory(title="Chef", description="Cooking", department="Kitchen", location="Rome")

    response = admin_client.get("/api/jobs/?search=dat")

    assert {row["id"] for row in response.json()["results"]} == {by_title.pk, by_description.pk, by_location.pk}


def test_jobs_ordering_by_title_and_openings(admin_client):
    b = JobFactory(title="B", openings=3)
    a = JobFactory(title="A", openings=1)
    c = JobFactory(title="C", openings=2)

    assert [r["id"] for r in admin_client.get("/api/jobs/?ordering=title").json()["results"]] == [a.pk, b.pk, c.pk]
    assert [r["id"] for r in admin_client.get("/api/jobs/?ordering=-openings").json()["results"]] == [b.pk, c.pk, a.pk]


def test_invalid_filter_value_is_a_400_naming_it(admin_client):
    response = admin_client.get("/api/jobs/?employment_type=freelance")

    assert response.status_code == 400
    assert "employment_type" in response.json()["errors"]


def test_admin_reads_and_edits_a_job(admin_client):
    job = JobFactory(title="Old")

    assert admin_client.get(f"/api/jobs/{job.pk}/").json()["title"] == "Old"
    response = admin_client.patch(f"/api/jobs/{job.pk}/", {"title": "New", "openings": 4}, format="json")

    assert response.status_code == 200
    job.refresh_from_db()
    assert (job.title, job.openings) == ("New", 4)


def test_put_without_is_open_keeps_a_closed_job_closed(admin_client):
    job = JobFactory(is_open=False)
    payload = {"title": "T", "description": "D", "department": "Ops"}

    response = admin_client.put(f"/api/jobs/{job.pk}/", payload, format="json")

    assert response.status_code == 200
    assert response.json()["is_open"] is False


def test_closing_a_job_records_when_and_reopening_clears_it(admin_client):
    job = JobFactory()

    closed = admin_client.patch(f"/api/jobs/{job.pk}/", {"is_open": False}, format="json")
    assert closed.status_code == 200
    assert closed.json()["is_open"] is False
    assert closed.json()["closed_at"] is not None

    reopened = admin_client.patch(f"/api/jobs/{job.pk}/", {"is_open": True}, format="json")
    assert reopened.json()["is_open"] is True
    assert reopened.json()["closed_at"] is None


def test_a_full_job_cannot_be_reopened_without_more_openings(admin_client):
    job = JobFactory(openings=1, is_open=False)
    ApplicationFactory(job=job, status=ApplicationStatus.SELECTED)

    refused = admin_client.patch(f"/api/jobs/{job.pk}/", {"is_open": True}, format="json")
    assert refused.status_code == 409
    assert "is_open" in refused.json()["errors"]

    allowed = admin_client.patch(f"/api/jobs/{job.pk}/", {"is_open": True, "openings": 2}, format="json")
    assert allowed.status_code == 200
    assert allowed.json()["is_open"] is True


def test_openings_cannot_go_below_the_number_already_selected(admin_client):
    job = JobFactory(openings=3)
    ApplicationFactory.create_batch(2, job=job, status=ApplicationStatus.SELECTED)

    response = admin_client.patch(f"/api/jobs/{job.pk}/", {"openings": 1}, format="json")

    assert response.status_code == 400
    assert "openings" in response.json()["errors"]


def test_lowering_openings_to_the_selected_count_closes_the_job(admin_client):
    job = JobFactory(openings=3)
    ApplicationFactory(job=job, status=ApplicationStatus.SELECTED)

    response = admin_client.patch(f"/api/jobs/{job.pk}/", {"openings": 1}, format="json")

    assert response.status_code == 200
    assert response.json()["is_open"] is False
    assert response.json()["closed_at"] is not None


def test_admin_deletes_a_job_without_applications(admin_client):
    job = JobFactory()

    assert admin_client.delete(f"/api/jobs/{job.pk}/").status_code == 204
    assert not Job.objects.filter(pk=job.pk).exists()


def test_a_job_with_applications_cannot_be_deleted(admin_client):
    application = ApplicationFactory()

    response = admin_client.delete(f"/api/jobs/{application.job_id}/")

    assert response.status_code == 409
    assert "close it" in response.json()["detail"]
    assert Job.objects.filter(pk=application.job_id).exists()


def test_unknown_job_is_a_404(admin_client):
    assert admin_client.get("/api/jobs/999999/").status_code == 404
    assert admin_client.patch("/api/jobs/999999/", {"title": "x"}, format="json").status_code == 404
    assert admin_client.delete("/api/jobs/999999/").status_code == 404
