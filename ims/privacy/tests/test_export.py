"""Export (GDPR articles 15 and 20): everything IMS holds about the candidate, nothing about anyone else."""

import io
import json
import zipfile

import pytest

from ims.privacy.models import AuditAction, AuditEntry
from ims.privacy.tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def _text(document) -> str:
    return json.dumps(document, ensure_ascii=False)


def test_a_candidate_exports_every_kind_of_data_held_about_them(candidate_client, footprint, bystander):
    response = candidate_client.get("/api/users/me/export/")

    assert response.status_code == 200, response.content
    document = response.json()
    assert document["profile"]["email"] == "cara@example.com"
    assert document["profile"]["phone"] == "+14155550123"
    applications = {a["id"]: a for a in document["applications"]}
    assert set(applications) == {footprint.application.pk, footprint.active_application.pk}
    rejected = applications[footprint.application.pk]
    assert rejected["cover_letter"] == "cover letter carastuff"
    assert rejected["resume"]["filename"] == "carastuff CV.pdf"
    assert [(e["to_status"], e["reason"]) for e in rejected["events"]] == [
        ("applied", ""),
        ("rejected", "not_qualified"),
    ]
    assert {i["id"] for i in document["interviews"]} == {footprint.done_interview.pk, footprint.upcoming_interview.pk}
    assert [f["comments"] for f in document["feedback"]] == ["shared comments carastuff"]
    assert [n["id"] for n in document["notifications"]] == [footprint.notification.pk]
    assert document["notifications"][0]["body_text"] == "Dear carastuff-first"


def test_the_export_holds_nothing_the_candidate_may_not_see_nor_anything_about_anyone_else(
    candidate_client, footprint, bystander
):
    text = _text(candidate_client.get("/api/users/me/export/").json())

    assert "ottostuff" not in text  # the other candidate: their profile, applications, feedback, emails
    assert "internal note" not in text  # an admin's note on an event
    assert "private notes" not in text  # the interviewer's private notes
    assert '"recommendation"' not in text and '"criteria_scores"' not in text
    assert "Feedback on carastuff" not in text  # an email to an admin about them is the admin's, not theirs
    assert "SMTP refused" not in text  # delivery errors are for admins
    assert "password" not in text and "token_version" not in text


def test_the_zip_holds_the_json_document_and_every_resume_file(candidate_client, footprint, bystander):
    response = candidate_client.get("/api/users/me/export/?format=zip")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    document = json.loads(archive.read("export.json"))
    path = next(a for a in document["applications"] if a["id"] == footprint.application.pk)["resume"]["file_in_zip"]
    assert sorted(archive.namelist()) == sorted(["export.json", path])
    assert archive.read(path) == PDF_BYTES + b"carastuff"
    assert document["profile"]["email"] == "cara@example.com"


def test_an_admin_exports_a_candidate(admin_client, admin, footprint):
    response = admin_client.get(f"/api/users/{footprint.candidate.pk}/export/")

    assert response.status_code == 200
    assert response.json()["profile"]["id"] == footprint.candidate.pk
    # What the candidate would see, even when an admin asks.
    assert "internal note" not in _text(response.json())


def test_each_export_is_audited_with_who_asked_and_in_which_format(admin_client, admin, candidate_client, footprint):
    candidate_client.get("/api/users/me/export/")
    admin_client.get(f"/api/users/{footprint.candidate.pk}/export/?format=zip")

    entries = AuditEntry.objects.filter(action=AuditAction.EXPORT).order_by("id")
    assert [(e.actor_id, e.candidate_id, e.extra["format"]) for e in entries] == [
        (footprint.candidate.pk, footprint.candidate.pk, "json"),
        (admin.pk, footprint.candidate.pk, "zip"),
    ]


def test_an_admin_cannot_export_someone_who_is_not_a_candidate(admin_client, interviewer):
    response = admin_client.get(f"/api/users/{interviewer.pk}/export/")

    assert response.status_code == 409
    assert response.json()["code"] == "not_a_candidate"
    assert not AuditEntry.objects.exists()


def test_exporting_an_unknown_user_is_a_404(admin_client, db):
    assert admin_client.get("/api/users/999999/export/").status_code == 404


def test_an_unknown_format_is_a_400_naming_it(candidate_client, candidate):
    response = candidate_client.get("/api/users/me/export/?format=pdf")

    assert response.status_code == 400
    assert "format" in response.json()["errors"]


def test_only_candidates_export_themselves_and_only_admins_export_others(
    interviewer_client, candidate_client, other_candidate, anon_client, admin_client
):
    assert interviewer_client.get("/api/users/me/export/").status_code == 403
    assert admin_client.get("/api/users/me/export/").status_code == 403
    assert candidate_client.get(f"/api/users/{other_candidate.pk}/export/").status_code == 403
    assert anon_client.get("/api/users/me/export/").status_code == 401
