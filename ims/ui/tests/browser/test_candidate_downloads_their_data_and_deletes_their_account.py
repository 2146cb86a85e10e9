"""A candidate downloads their data from the profile page (JSON, then the ZIP), then deletes their account:
the password is asked, a wrong one is refused next to the field, then they are signed out on a goodbye page
and can never sign in again. Every page: axe-core clean, no sideways scroll at 375 px."""

import json
import zipfile

import pytest

from ims.privacy.models import AuditAction, AuditEntry
from ims.ui.tests.browser.conftest import axe_serious, scroll_width
from ims.ui.tests.browser.test_every_page_is_accessible_and_fits_a_phone import sign_in
from ims.ui.tests.helpers import verified
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _fits_and_passes_axe(page) -> None:
    assert axe_serious(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert scroll_width(page) <= 375
    page.set_viewport_size({"width": 1280, "height": 800})


def test_candidate_downloads_their_data_and_deletes_their_account(page, site, csp_violations, candidate, tmp_path):
    verified(candidate)
    factories.ApplicationFactory(candidate=candidate, cover_letter="I like building APIs.")
    sign_in(page, site, candidate.email)

    page.goto(site + "/app/profile/")
    _fits_and_passes_axe(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data (JSON)").click()
    path = tmp_path / "export.json"
    download_info.value.save_as(path)
    document = json.loads(path.read_text())
    assert document["profile"]["email"] == candidate.email
    assert "I like building APIs." in path.read_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data with resumes (ZIP)").click()
    download_info.value.save_as(tmp_path / "export.zip")
    assert "export.json" in zipfile.ZipFile(tmp_path / "export.zip").namelist()
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, actor=candidate).count() == 2

    page.get_by_role("link", name="Delete my account").click()
    page.wait_for_url(site + "/app/profile/delete/")
    _fits_and_passes_axe(page)
    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    assert page.locator("#id_password_error").inner_text() == "Your password was entered incorrectly."

    page.get_by_label("Your password").fill(factories.PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(site + "/account-deleted/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your account has been deleted"
    _fits_and_passes_axe(page)

    page.goto(site + "/app/profile/")
    assert "/accounts/login/" in page.url  # the session is over
    page.get_by_label("Email").fill("cara@example.com")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert "/accounts/login/" in page.url
    assert csp_violations == []
