"""The pipeline: every allowed move works and is recorded; every other move is a 409 with the allowed list."""

import pytest

from ims.jobs.models import TRANSITIONS, ApplicationEvent, ApplicationStatus, RejectionReason
from tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db

STATUSES = ApplicationStatus.values
ALLOWED = [(a, b) for a in STATUSES for b in STATUSES if b in TRANSITIONS[a]]
REFUSED = [(a, b) for a in STATUSES for b in STATUSES if b not in TRANSITIONS[a]]


def _payload(from_status: str, to_status: str) -> dict:
    payload = {"status": to_status}
    if to_status == "rejected":
        payload["reason"] = "not_qualified"
    if from_status == "rejected":
        payload["note"] = "Hiring manager asked for a second look."
    return payload


def test_the_pipeline_is_exactly_as_promised():
    assert set(ALLOWED) == {
        ("applied", "screening"),
        ("applied", "interviewing"),
        ("applied", "selected"),
        ("applied", "rejected"),
        ("applied", "withdrawn"),
        ("screening", "interviewing"),
        ("screening", "selected"),
        ("screening", "rejected"),
        ("screening", "withdrawn"),
        ("interviewing", "selected"),
        ("interviewing", "rejected"),
        ("interviewing", "withdrawn"),
        ("rejected", "screening"),
    }


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
@pytest.mark.parametrize("method", ["patch", "put"])
def test_admin_moves_an_application_along_an_allowed_step_and_it_is_recorded(
    admin_client, admin, from_status, to_status, method
):
    application = ApplicationFactory(status=from_status, job=JobFactory(openings=5))

    response = getattr(admin_client, method)(
        f"/api/applications/{application.pk}/", _payload(from_status, to_status), format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == to_status
    application.refresh_from_db()
    assert application.status == to_status
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_status, event.to_status, event.actor) == (from_status, to_status, admin)
    assert response.json()["events"][-1]["to_status"] == to_status


@pytest.mark.parametrize(("from_status", "to_status"), REFUSED)
def test_every_other_move_is_a_409_listing_the_allowed_next_statuses(admin_client, from_status, to_status):
    application = ApplicationFactory(status=from_status, job=JobFactory(openings=5))

    response = admin_client.patch(
        f"/api/applications/{application.pk}/", _payload(from_status, to_status), format="json"
    )

    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "invalid_transition"
    assert body["allowed"] == list(TRANSITIONS[from_status])
    assert "status" in body["errors"]
    application.refresh_from_db()
    assert application.status == from_status
    assert not ApplicationEvent.objects.filter(application=application).exists()


@pytest.mark.parametrize("reason", RejectionReason.values)
def test_rejecting_records_each_reason_and_an_optional_note(admin_client, reason):
    application = ApplicationFactory(status="screening")

    response = admin_client.patch(
        f"/api/applications/{application.pk}/",
        {"status": "rejected", "reason": reason, "note": "Thanks for your time."},
        format="json",
    )

    assert response.status_code == 200
    event = ApplicationEvent.objects.get(application=application)
    assert (event.reason, event.note) == (reason, "Thanks for your time.")


@pytest.mark.parametrize("reason", [None, "", "bad_vibes"])
def test_rejecting_without_a_valid_reason_is_a_400_naming_reason(admin_client, reason):
    application = ApplicationFactory(status="screening")
    payload = {"status": "rejected"} if reason is None else {"status": "rejected", "reason": reason}

    response = admin_client.patch(f"/api/applications/{application.pk}/", payload, format="json")

    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    application.refresh_from_db()
    assert application.status == "screening"


def test_a_reason_is_not_kept_on_moves_other_than_rejecting(admin_client):
    application = ApplicationFactory()

    admin_client.patch(
        f"/api/applications/{application.pk}/", {"status": "screening", "reason": "other"}, format="json"
    )

    assert ApplicationEvent.objects.get(application=application).reason == ""


def test_reopening_a_rejected_application_needs_a_note(admin_client):
    application = ApplicationFactory(status="rejected")

    without_note = admin_client.patch(f"/api/applications/{application.pk}/", {"status": "screening"}, format="json")
    assert without_note.status_code == 400
    assert "note" in without_note.json()["errors"]

    with_note = admin_client.patch(
        f"/api/applications/{application.pk}/", {"status": "screening", "note": "Re-evaluated."}, format="json"
    )
    assert with_note.status_code == 200
    assert ApplicationEvent.objects.get(application=application).note == "Re-evaluated."


def test_only_an_admin_reopens_a_rejected_application(candidate):
    from ims.core.exceptions import Forbidden
    from ims.jobs.services import application_transition

    application = ApplicationFactory(status="rejected", candidate=candidate)

    with pytest.raises(Forbidden):
        application_transition(application=application, to_status="screening", actor=candidate, note="please")


def test_an_unknown_status_is_a_400_naming_status(admin_client):
    application = ApplicationFactory()

    response = admin_client.patch(f"/api/applications/{application.pk}/", {"status": "hired"}, format="json")

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_the_detail_returns_every_event_in_order(admin_client, candidate_client, candidate):
    job = JobFactory()
    application_id = candidate_client.post("/api/applications/", {"job": job.pk}, format="json").json()["id"]
    url = f"/api/applications/{application_id}/"
    admin_client.patch(url, {"status": "screening"}, format="json")
    admin_client.patch(url, {"status": "rejected", "reason": "other"}, format="json")
    admin_client.patch(url, {"status": "screening", "note": "Second look"}, format="json")
    admin_client.patch(url, {"status": "interviewing"}, format="json")

    events = admin_client.get(url).json()["events"]

    assert [(e["from_status"], e["to_status"]) for e in events] == [
        ("", "applied"),
        ("applied", "screening"),
        ("screening", "rejected"),
        ("rejected", "screening"),
        ("screening", "interviewing"),
    ]
    assert events[2]["reason"] == "other"
    assert events[3]["note"] == "Second look"
    assert events[0]["actor"]["id"] == candidate.pk


def test_status_changes_notify_the_candidate(admin_client, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "ims.notifications.outbox.notify_application_status_changed",
        lambda *, application: calls.append((application.pk, application.status)),
    )
    application = ApplicationFactory()

    admin_client.patch(f"/api/applications/{application.pk}/", {"status": "screening"}, format="json")

    assert calls == [(application.pk, "screening")]


@pytest.mark.parametrize("to_status", ["rejected", "selected"])
def test_leaving_the_pipeline_cancels_scheduled_interviews(admin_client, to_status):
    from tests.factories import InterviewFactory

    interview = InterviewFactory()
    payload = {"status": to_status, "reason": "failed_interview"}

    response = admin_client.patch(f"/api/applications/{interview.application_id}/", payload, format="json")

    assert response.status_code == 200
    interview.refresh_from_db()
    assert interview.status == "cancelled"
