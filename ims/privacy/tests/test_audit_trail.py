"""The audit trail: written without ever failing the request, read by admins only, never edited or deleted."""

import logging
from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from ims.privacy.audit import audit_record
from ims.privacy.models import AuditAction, AuditEntry
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def _entry(**fields) -> AuditEntry:
    return AuditEntry.objects.create(**{"action": AuditAction.CANDIDATE_VIEW, **fields})


def test_an_entry_records_actor_action_object_candidate_and_time(admin, candidate):
    entry = audit_record(action=AuditAction.EXPORT, actor=admin, obj=candidate, candidate=candidate)

    entry.refresh_from_db()
    assert (entry.actor_id, entry.candidate_id, entry.action) == (admin.pk, candidate.pk, "export")
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(candidate.pk))
    assert entry.at is not None


def test_an_entry_written_during_a_request_carries_its_ip_and_request_id(admin_client, candidate):
    response = admin_client.get(f"/api/users/{candidate.pk}/", REMOTE_ADDR="203.0.113.7", HTTP_X_REQUEST_ID="req-42")

    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.ip, entry.request_id) == ("203.0.113.7", "req-42")


def test_a_failed_audit_write_is_logged_and_never_fails_the_surrounding_transaction(
    admin, candidate, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(AuditEntry.objects, "create", broken)
    with caplog.at_level(logging.ERROR, logger="ims.privacy.audit"), transaction.atomic():
        assert audit_record(action=AuditAction.EXPORT, actor=admin, candidate=candidate) is None
        # The transaction is still usable: the failure stayed inside its savepoint.
        CandidateFactory(email="after@example.com")

    assert CandidateFactory._meta.model.objects.filter(email="after@example.com").exists()
    (record,) = [r for r in caplog.records if r.name == "ims.privacy.audit"]
    assert record.exc_info is not None
    assert "export" in record.getMessage() and str(candidate.pk) in record.getMessage()


@pytest.mark.postgres
def test_a_statement_the_database_refuses_inside_the_audit_write_leaves_the_transaction_usable(caplog):
    # A real failed INSERT (the action is longer than its column), not a mocked one.
    with caplog.at_level(logging.ERROR, logger="ims.privacy.audit"), transaction.atomic():
        assert audit_record(action="x" * 100) is None
        CandidateFactory(email="still@example.com")

    assert CandidateFactory._meta.model.objects.filter(email="still@example.com").exists()
    assert any(r.name == "ims.privacy.audit" for r in caplog.records)


def test_admins_list_the_trail_newest_first(admin_client, admin, candidate):
    older = _entry(actor=admin, candidate=candidate, at=datetime(2026, 1, 1, tzinfo=UTC))
    newer = _entry(actor=admin, candidate=candidate, at=datetime(2026, 2, 1, tzinfo=UTC))

    response = admin_client.get("/api/audit/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [newer.pk, older.pk]
    row = response.json()["results"][0]
    assert (row["actor"], row["candidate"], row["action"]) == (admin.pk, candidate.pk, "candidate_view")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor={interviewer}", ["by_interviewer"]),
        ("candidate={other}", ["about_other"]),
        ("action=export", ["export"]),
        ("from=2026-03-01", ["by_interviewer", "about_other", "export"]),
        ("to=2026-02-01T00:00:00Z", ["january"]),
        ("from=2026-03-01T00:00:00%2B23:00&to=2026-03-01T12:00:00Z", ["export"]),
    ],
)
def test_admins_filter_the_trail_by_actor_candidate_action_and_date(
    admin_client, admin, interviewer, candidate, other_candidate, query, expected
):
    names = {
        "january": _entry(actor=admin, candidate=candidate, at=datetime(2026, 1, 15, tzinfo=UTC)),
        "by_interviewer": _entry(actor=interviewer, candidate=candidate, at=datetime(2026, 3, 2, tzinfo=UTC)),
        "about_other": _entry(actor=admin, candidate=other_candidate, at=datetime(2026, 3, 3, tzinfo=UTC)),
        "export": _entry(
            actor=admin, candidate=candidate, action=AuditAction.EXPORT, at=datetime(2026, 3, 1, 1, tzinfo=UTC)
        ),
    }
    ids = {entry.pk: name for name, entry in names.items()}

    url = "/api/audit/?" + query.format(interviewer=interviewer.pk, other=other_candidate.pk)
    response = admin_client.get(url)

    assert response.status_code == 200, response.content
    assert sorted(ids[row["id"]] for row in response.json()["results"]) == sorted(expected)


@pytest.mark.parametrize("query", ["actor=abc", "action=lunch", "from=yesterday", "candidate=-1"])
def test_a_bad_filter_is_a_400_naming_it(admin_client, query):
    response = admin_client.get(f"/api/audit/?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["errors"]


def test_nobody_but_admins_reads_the_trail(client_for, candidate, interviewer, anon_client):
    _entry(actor=candidate, candidate=candidate)

    assert client_for(candidate).get("/api/audit/").status_code == 403
    assert client_for(interviewer).get("/api/audit/").status_code == 403
    assert anon_client.get("/api/audit/").status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_offers_no_way_to_write_edit_or_delete_an_entry(admin_client, admin, method):
    entry = _entry(actor=admin)

    for url in ("/api/audit/", f"/api/audit/{entry.pk}/"):
        response = getattr(admin_client, method)(url, {"action": "export"}, format="json")
        assert response.status_code in (404, 405), (url, response.status_code)

    entry.refresh_from_db()
    assert entry.action == "candidate_view"
    assert AuditEntry.objects.count() == 1


def test_the_django_admin_shows_entries_but_cannot_add_change_or_delete_them(client, admin, candidate):
    entry = _entry(actor=admin, candidate=candidate)
    client.force_login(admin)

    assert client.get("/admin/privacy/auditentry/").status_code == 200
    assert client.get(f"/admin/privacy/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/privacy/auditentry/add/").status_code == 403
    assert client.post(f"/admin/privacy/auditentry/{entry.pk}/change/", {"action": "export"}).status_code == 403
    assert client.post(f"/admin/privacy/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    client.post("/admin/privacy/auditentry/", bulk)

    entry.refresh_from_db()
    assert entry.action == "candidate_view"
    assert AuditEntry.objects.count() == 1


@pytest.mark.postgres
def test_postgresql_refuses_to_update_or_delete_an_entry_whoever_asks(admin):
    entry = _entry(actor=admin)

    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="export")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_auditentry")

    assert AuditEntry.objects.filter(pk=entry.pk, action="candidate_view").exists()
