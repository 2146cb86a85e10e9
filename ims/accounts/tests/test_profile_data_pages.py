"""The profile page's "Download my data" and "Delete my account" (issue 17), through the privacy services."""

import io
import json
import zipfile

import pytest
from django.contrib.auth import SESSION_KEY

from ims.accounts.models import User
from ims.privacy.models import AuditAction, AuditEntry, Erasure
from ims.ui.tests.helpers import page_client
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_candidate_sees_both_buttons_on_their_profile(candidate):
    body = page_client(candidate).get("/app/profile/").content.decode()
    assert "Download my data (JSON)" in body and "Download my data with resumes (ZIP)" in body
    assert 'href="/app/profile/delete/"' in body


def test_staff_do_not_see_them(admin, interviewer):
    for user in (admin, interviewer):
        body = page_client(user).get("/app/profile/").content.decode()
        assert "Download my data" not in body and "/app/profile/delete/" not in body


def test_a_candidate_downloads_their_data_as_json_and_the_export_is_audited(candidate, other_candidate):
    factories.ApplicationFactory(candidate=candidate, cover_letter="my own letter")
    factories.ApplicationFactory(candidate=other_candidate, cover_letter="someone else's letter")

    response = page_client(candidate).get("/app/profile/export/?format=json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="ims-export-{candidate.pk}.json"'
    assert response["Cache-Control"] == "private, no-store"
    document = json.loads(response.content)
    assert document["profile"]["email"] == candidate.email
    assert "my own letter" in response.content.decode()
    assert "someone else" not in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.actor_id, entry.candidate_id, entry.extra) == (candidate.pk, candidate.pk, {"format": "json"})


def test_a_candidate_downloads_their_data_as_a_zip(candidate):
    response = page_client(candidate).get("/app/profile/export/?format=zip")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "export.json" in names
    assert AuditEntry.objects.get(action=AuditAction.EXPORT).extra == {"format": "zip"}


def test_an_unknown_format_is_a_404_and_nothing_is_audited(candidate):
    assert page_client(candidate).get("/app/profile/export/?format=xml").status_code == 404
    assert not AuditEntry.objects.exists()


def test_deleting_asks_for_the_password_and_a_confirmation_and_a_wrong_one_deletes_nothing(candidate):
    client = page_client(candidate)
    response = client.get("/app/profile/delete/")
    assert response.status_code == 200
    assert b'type="password"' in response.content and b'autocomplete="current-password"' in response.content

    response = client.post("/app/profile/delete/", {"password": "not my password", "confirm": "on"})
    assert response.status_code == 200
    assert b'id="id_password_error"' in response.content
    assert b"Your password was entered incorrectly." in response.content

    response = client.post("/app/profile/delete/", {"password": PASSWORD})
    assert response.status_code == 200
    assert b"Tick the box to confirm" in response.content
    assert not Erasure.objects.exists()
    assert User.objects.get(pk=candidate.pk).is_active


def test_a_candidate_deletes_their_account_is_signed_out_and_lands_on_a_goodbye_page(candidate):
    factories.ApplicationFactory(candidate=candidate, cover_letter="my own letter")
    client = page_client(candidate)

    response = client.post("/app/profile/delete/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302 and response["Location"] == "/account-deleted/"
    assert SESSION_KEY not in client.session
    goodbye = client.get("/account-deleted/")
    assert goodbye.status_code == 200 and b"Your account has been deleted" in goodbye.content
    erased = User.objects.get(pk=candidate.pk)
    assert not erased.is_active and erased.email.endswith("@erased.invalid")
    assert erased.erasure.reason == "self"
    assert client.get("/app/profile/").status_code == 302  # signed out: to the login page
    assert not client.login(email="cara@example.com", password=PASSWORD)


def test_the_forms_need_the_csrf_token(candidate):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(candidate)
    assert client.post("/app/profile/delete/", {"password": PASSWORD, "confirm": "on"}).status_code == 403
    assert not Erasure.objects.exists()
