"""POST /api/applications/: candidates apply to open jobs, once per job; the first event is written."""

import pytest

from ims.jobs.models import Application, ApplicationEvent
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db


def test_candidate_applies_to_an_open_job(candidate_client, candidate):
    job = JobFactory(title="Designer", department="Product")

    response = candidate_client.post("/api/applications/", {"job": job.pk, "cover_letter": "Hello"}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["job"] == {"id": job.pk, "title": "Designer", "department": "Product"}
    assert body["candidate"] == {"id": candidate.pk, "full_name": "Cara Candidate", "email": "cara@example.com"}
    assert body["status"] == "applied"
    assert body["cover_letter"] == "Hello"
    assert body["has_resume"] is False
    assert body["applied_at"] and body["updated_at"]
    assert [(e["from_status"], e["to_status"]) for e in body["events"]] == [("", "applied")]


def test_applying_writes_the_first_applied_event_by_the_candidate(candidate_client, candidate):
    job = JobFactory()

    candidate_client.post("/api/applications/", {"job": job.pk}, format="json")

    event = ApplicationEvent.objects.get(application__job=job)
    assert (event.from_status, event.to_status, event.actor) == ("", "applied", candidate)


def test_applying_notifies_in_the_same_transaction(candidate_client, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "ims.notifications.outbox.notify_application_received",
        lambda *, application: calls.append(application.pk),
    )
    job = JobFactory()

    response = candidate_client.post("/api/applications/", {"job": job.pk}, format="json")

    assert calls == [response.json()["id"]]


def test_server_owned_fields_in_the_payload_are_ignored(candidate_client, candidate, other_candidate):
    job = JobFactory()
    payload = {
        "job": job.pk,
        "candidate": other_candidate.pk,
        "status": "selected",
        "id": 4242,
        "applied_at": "2000-01-01T00:00:00Z",
    }

    response = candidate_client.post("/api/applications/", payload, format="json")

    assert response.status_code == 201
    application = Application.objects.get()
    assert application.candidate == candidate
    assert application.status == "applied"
    assert application.pk != 4242
    assert application.applied_at.year != 2000


def test_applying_to_a_closed_job_is_a_400_naming_job(candidate_client):
    job = JobFactory(is_open=False)

    response = candidate_client.post("/api/applications/", {"job": job.pk}, format="json")

    assert response.status_code == 400
    assert "job" in response.json()["errors"]
    assert "closed" in response.json()["detail"]
    assert not Application.objects.exists()


@pytest.mark.parametrize("job", [999999, "abc", None])
def test_applying_to_an_unknown_job_is_a_400_naming_job(candidate_client, job):
    response = candidate_client.post("/api/applications/", {"job": job}, format="json")

    assert response.status_code == 400
    assert "job" in response.json()["errors"]


def test_applying_without_a_job_is_a_400_naming_job(candidate_client):
    response = candidate_client.post("/api/applications/", {"cover_letter": "hi"}, format="json")

    assert response.status_code == 400
    assert "job" in response.json()["errors"]


def test_applying_twice_to_one_job_is_a_409_and_no_second_row(candidate_client, candidate):
    job = JobFactory()
    assert candidate_client.post("/api/applications/", {"job": job.pk}, format="json").status_code == 201

    response = candidate_client.post("/api/applications/", {"job": job.pk}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "already_applied"
    assert Application.objects.filter(job=job, candidate=candidate).count() == 1


def test_the_database_constraint_turns_a_missed_duplicate_into_a_409(candidate_client, candidate, monkeypatch):
    """When the friendly pre-check is passed (as in a race), the unique constraint still decides."""
    job = JobFactory()
    ApplicationFactory(job=job, candidate=candidate)
    from django.db.models import QuerySet

    real_exists = QuerySet.exists

    def exists_without_application_check(self):
        if self.model is Application:
            return False
        return real_exists(self)

    monkeypatch.setattr(QuerySet, "exists", exists_without_application_check)

    response = candidate_client.post("/api/applications/", {"job": job.pk}, format="json")

    assert response.status_code == 409
    assert Application.objects.filter(job=job, candidate=candidate).count() == 1


def test_two_candidates_may_apply_to_the_same_job(candidate_client, other_candidate_client):
    job = JobFactory()

    assert candidate_client.post("/api/applications/", {"job": job.pk}, format="json").status_code == 201
    assert other_candidate_client.post("/api/applications/", {"job": job.pk}, format="json").status_code == 201


def test_an_overlong_cover_letter_is_a_400_naming_it(candidate_client):
    job = JobFactory()

    response = candidate_client.post("/api/applications/", {"job": job.pk, "cover_letter": "x" * 5001}, format="json")

    assert response.status_code == 400
    assert "cover_letter" in response.json()["errors"]


def test_only_candidates_apply(admin_client, interviewer_client, anon_client):
    job = JobFactory()

    assert admin_client.post("/api/applications/", {"job": job.pk}, format="json").status_code == 403
    assert interviewer_client.post("/api/applications/", {"job": job.pk}, format="json").status_code == 403
    assert anon_client.post("/api/applications/", {"job": job.pk}, format="json").status_code == 401
    assert not Application.objects.exists()


def test_the_service_refuses_non_candidates_too(admin):
    from ims.core.exceptions import Forbidden
    from ims.jobs.services import application_create

    with pytest.raises(Forbidden):
        application_create(candidate=admin, job=JobFactory())


def test_inactive_candidates_cannot_apply(client_for):
    user = CandidateFactory(is_active=False)

    response = client_for(user).post("/api/applications/", {"job": JobFactory().pk}, format="json")

    assert response.status_code == 401
