"""Each kind of access to personal data leaves an audit entry naming who, whose data, and which object."""

import pytest

from ims.privacy.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def _only(action: str) -> AuditEntry:
    (entry,) = AuditEntry.objects.filter(action=action)
    return entry


def test_an_admin_downloading_a_resume_is_audited(admin_client, admin, footprint):
    response = admin_client.get(f"/api/applications/{footprint.application.pk}/resume/", REMOTE_ADDR="198.51.100.4")

    assert response.status_code == 200
    entry = _only(AuditAction.RESUME_DOWNLOAD)
    assert (entry.actor_id, entry.candidate_id, entry.ip) == (admin.pk, footprint.candidate.pk, "198.51.100.4")
    assert (entry.object_type, entry.object_id) == ("jobs.application", str(footprint.application.pk))


def test_a_candidate_downloading_their_own_resume_is_audited_too(candidate_client, candidate, footprint):
    assert candidate_client.get(f"/api/applications/{footprint.application.pk}/resume/").status_code == 200

    assert _only(AuditAction.RESUME_DOWNLOAD).actor_id == candidate.pk


def test_a_refused_resume_download_writes_no_entry(other_candidate_client, footprint):
    assert other_candidate_client.get(f"/api/applications/{footprint.application.pk}/resume/").status_code == 404

    assert not AuditEntry.objects.exists()


def test_staff_opening_an_application_page_is_audited_as_a_candidate_view(admin_client, admin, footprint):
    assert admin_client.get(f"/api/applications/{footprint.application.pk}/").status_code == 200

    entry = _only(AuditAction.CANDIDATE_VIEW)
    assert (entry.actor_id, entry.candidate_id) == (admin.pk, footprint.candidate.pk)
    assert (entry.object_type, entry.object_id) == ("jobs.application", str(footprint.application.pk))


def test_a_candidate_opening_their_own_application_is_not_a_staff_view(candidate_client, footprint):
    assert candidate_client.get(f"/api/applications/{footprint.application.pk}/").status_code == 200

    assert not AuditEntry.objects.exists()


def test_an_admin_opening_a_candidates_user_record_is_audited(admin_client, admin, candidate, interviewer):
    assert admin_client.get(f"/api/users/{candidate.pk}/").status_code == 200
    assert admin_client.get(f"/api/users/{interviewer.pk}/").status_code == 200

    entry = _only(AuditAction.CANDIDATE_VIEW)
    assert (entry.actor_id, entry.candidate_id, entry.object_type) == (admin.pk, candidate.pk, "accounts.user")


def test_a_role_change_is_audited_with_the_old_and_new_role(admin_client, admin, candidate):
    response = admin_client.patch(f"/api/users/{candidate.pk}/", {"role": "interviewer"}, format="json")

    assert response.status_code == 200
    entry = _only(AuditAction.ROLE_CHANGE)
    assert (entry.actor_id, entry.object_id, entry.candidate_id) == (admin.pk, str(candidate.pk), candidate.pk)
    assert entry.extra == {"from": "candidate", "to": "interviewer"}


def test_an_update_that_keeps_the_role_is_not_a_role_change(admin_client, candidate):
    admin_client.patch(f"/api/users/{candidate.pk}/", {"role": "candidate", "first_name": "C"}, format="json")

    assert not AuditEntry.objects.filter(action=AuditAction.ROLE_CHANGE).exists()


def test_a_deactivation_is_audited_once(admin_client, admin, interviewer):
    assert admin_client.delete(f"/api/users/{interviewer.pk}/").status_code == 204
    assert admin_client.delete(f"/api/users/{interviewer.pk}/").status_code == 204

    entry = _only(AuditAction.DEACTIVATION)
    assert (entry.actor_id, entry.object_id, entry.candidate_id) == (admin.pk, str(interviewer.pk), None)


def test_role_changes_and_deactivations_in_the_django_admin_are_audited(client, admin, candidate):
    client.force_login(admin)
    form = {
        "email": candidate.email,
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "phone": "",
        "timezone": "UTC",
        "role": "interviewer",
        "date_joined_0": candidate.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": candidate.date_joined.strftime("%H:%M:%S"),
    }

    response = client.post(f"/admin/accounts/user/{candidate.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert _only(AuditAction.ROLE_CHANGE).extra == {"from": "candidate", "to": "interviewer"}
    assert _only(AuditAction.DEACTIVATION).object_id == str(candidate.pk)
