"""/app/people/: admins list people, invite interviewers and admins, change roles, deactivate and reactivate,
all through the accounts services (audited; there is always an admin left)."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ims.accounts.models import Role, User
from ims.privacy.models import AuditAction, AuditEntry
from ims.ui.tests.helpers import page_client
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_role_and_status_and_searches_names_and_emails(admin, interviewer, candidate):
    factories.InterviewerFactory(first_name="Quinn", email="quinn@example.com", is_active=False)
    client = page_client(admin)

    body = client.get("/app/people/").content.decode()
    assert "ivan@example.com" in body and "cara@example.com" in body and "quinn@example.com" in body
    body = client.get("/app/people/?role=interviewer").content.decode()
    assert "ivan@example.com" in body and "cara@example.com" not in body
    body = client.get("/app/people/?status=inactive").content.decode()
    assert "quinn@example.com" in body and "ivan@example.com" not in body
    body = client.get("/app/people/?q=cara").content.decode()
    assert "cara@example.com" in body and "ivan@example.com" not in body
    body = client.get("/app/people/?q=nobody-at-all").content.decode()
    assert "Nobody matches" in body


def test_htmx_gets_only_the_results(admin):
    response = page_client(admin).get("/app/people/?role=admin", HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content and b"admin@example.com" in response.content


def test_the_list_takes_the_same_queries_for_5_people_as_for_25(admin):
    client = page_client(admin)
    client.get("/app/people/")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/app/people/").status_code == 200
        return len(ctx.captured_queries)

    factories.CandidateFactory.create_batch(4)
    few = count()
    factories.CandidateFactory.create_batch(20)
    assert count() == few


def test_an_admin_invites_an_interviewer_who_is_emailed_a_set_password_link(
    admin, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://ims.example.com"
    client = page_client(admin)
    body = {"email": "Nina@Example.com", "first_name": "Nina", "last_name": "New", "role": "interviewer"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/app/people/invite/", body)

    assert response.status_code == 302
    invited = User.objects.get(email="nina@example.com")
    assert invited.role == Role.INTERVIEWER and invited.is_active and not invited.has_usable_password()
    assert response["Location"] == f"/app/people/{invited.pk}/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina@example.com"]
    assert "invited you" in message.body and "as Interviewer" in message.body
    link = re.search(r"https://ims\.example\.com/accounts/password/reset/key/\S+", message.body)
    assert link, message.body
    page = client.get(response["Location"]).content.decode()
    assert "has been invited" in page and "Invited, has not chosen a password yet" in page


def test_the_emailed_link_sets_the_password_and_then_stops_working(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page_client(admin).post("/app/people/invite/", {"email": "nina@example.com", "role": "admin"})
    path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    browser = page_client()
    form_page = browser.get(path, follow=True)
    assert form_page.status_code == 200
    password = "a long new password 1"
    done = browser.post(form_page.redirect_chain[-1][0], {"password1": password, "password2": password})
    assert done.status_code == 302
    assert User.objects.get(email="nina@example.com").check_password(password)
    assert browser.login(email="nina@example.com", password=password)
    again = page_client().get(path, follow=True)
    assert b'name="password1"' not in again.content  # the token was bound to the old (unusable) password


def test_an_invitation_to_a_taken_email_is_refused_next_to_the_email(admin, interviewer):
    response = page_client(admin).post("/app/people/invite/", {"email": "IVAN@example.com", "role": "interviewer"})
    assert response.status_code == 200
    assert b'id="id_email_error"' in response.content and b"A user with this email already exists." in response.content
    assert not mail.outbox


def test_candidates_cannot_be_invited(admin):
    response = page_client(admin).post("/app/people/invite/", {"email": "c@example.com", "role": "candidate"})
    assert b'id="id_role_error"' in response.content
    assert not User.objects.filter(email="c@example.com").exists()


def test_a_failing_mail_server_costs_the_invitation_email_not_the_account(
    admin, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "ims.accounts.tests.test_people_pages.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = page_client(admin).post("/app/people/invite/", {"email": "nina@example.com", "role": "admin"})
    assert response.status_code == 302
    assert User.objects.filter(email="nina@example.com").exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")


def test_the_invitation_can_be_sent_again_until_a_password_is_chosen(admin):
    invited = factories.InterviewerFactory(email="nina@example.com")
    invited.set_unusable_password()
    invited.save()
    client = page_client(admin)
    assert client.post(f"/app/people/{invited.pk}/invitation/").status_code == 302
    assert len(mail.outbox) == 1
    user_with_password = factories.InterviewerFactory()
    client.post(f"/app/people/{user_with_password.pk}/invitation/")
    assert len(mail.outbox) == 1


def test_an_admin_changes_a_role_and_it_is_audited(admin, interviewer):
    client = page_client(admin)
    response = client.post(f"/app/people/{interviewer.pk}/role/", {"role-role": "admin"})
    assert response.status_code == 302
    interviewer.refresh_from_db()
    assert interviewer.role == Role.ADMIN
    entry = AuditEntry.objects.get(action=AuditAction.ROLE_CHANGE)
    assert (entry.actor_id, entry.object_id, entry.extra) == (
        admin.pk,
        str(interviewer.pk),
        {"from": "interviewer", "to": "admin"},
    )


def test_an_admin_cannot_change_their_own_role_or_deactivate_themselves(admin):
    client = page_client(admin)
    page = client.get(f"/app/people/{admin.pk}/").content.decode()
    assert "This is you." in page and "Change role" not in page
    response = client.post(f"/app/people/{admin.pk}/role/", {"role-role": "interviewer"})
    assert response.status_code == 200 and b"You cannot change your own role" in response.content
    response = client.post(f"/app/people/{admin.pk}/active/", {"active": "0"}, follow=True)
    assert b"You cannot deactivate your own account." in response.content
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN and admin.is_active


def test_deactivating_and_reactivating_is_audited_and_idempotent(admin, interviewer):
    client = page_client(admin)
    url = f"/app/people/{interviewer.pk}/active/"
    client.post(url, {"active": "0"})
    client.post(url, {"active": "0"})  # a second admin's click: nothing more happens
    interviewer.refresh_from_db()
    assert not interviewer.is_active
    assert AuditEntry.objects.filter(action=AuditAction.DEACTIVATION).count() == 1
    client.post(url, {"active": "1"})
    client.post(url, {"active": "1"})
    interviewer.refresh_from_db()
    assert interviewer.is_active
    assert AuditEntry.objects.filter(action=AuditAction.REACTIVATION).count() == 1


def test_an_erased_candidate_cannot_be_reactivated(admin, candidate):
    from ims.privacy.services import user_erase_by_admin

    user_erase_by_admin(user=candidate, actor=admin)
    response = page_client(admin).post(f"/app/people/{candidate.pk}/active/", {"active": "1"}, follow=True)
    assert b"This account was erased" in response.content
    assert not User.objects.get(pk=candidate.pk).is_active


def test_an_admin_demoted_meanwhile_cannot_demote_the_last_other_admin(admin):
    """Two admins demoting each other: the second request's actor is no longer an admin under the lock."""
    from ims.accounts import services

    other = factories.AdminFactory()
    # The in-memory row of a request that authenticated before the demotion committed: it still says admin.
    stale_admin = User.objects.get(pk=admin.pk)
    services.user_update(user=admin, actor=other, data={"role": "interviewer"})
    assert stale_admin.role == Role.ADMIN
    from ims.core.exceptions import Forbidden

    with pytest.raises(Forbidden):
        services.user_update(user=other, actor=stale_admin, data={"role": "interviewer"})
    with pytest.raises(Forbidden):
        services.user_deactivate(user=other, actor=stale_admin)
    assert User.objects.filter(role=Role.ADMIN, is_active=True).count() == 1
