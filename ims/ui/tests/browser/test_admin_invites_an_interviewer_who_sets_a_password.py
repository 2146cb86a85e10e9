"""An admin invites an interviewer on /app/people/; the interviewer follows the emailed link, chooses a password
and signs in. The admin's people, invite, person and notifications pages: axe-core clean, no sideways scroll
at 375 px."""

import pytest

from ims.accounts.models import Role, User
from ims.notifications.models import NotificationStatus
from ims.ui.tests.browser.conftest import axe_serious, link_in_last_mail, scroll_width
from ims.ui.tests.browser.test_every_page_is_accessible_and_fits_a_phone import sign_in
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def fits_and_passes_axe(page) -> None:
    assert axe_serious(page) == [], page.url
    page.set_viewport_size({"width": 375, "height": 800})
    assert scroll_width(page) <= 375, page.url
    page.set_viewport_size({"width": 1280, "height": 800})


def test_admin_invites_an_interviewer_who_sets_a_password(page, site, csp_violations, admin, browser):
    factories.NotificationFactory(subject="Your interview", status=NotificationStatus.FAILED, last_error="SMTP down")
    sign_in(page, site, admin.email)

    page.goto(site + "/app/notifications/?status=failed")
    fits_and_passes_axe(page)
    page.get_by_role("button", name="Resend Your interview").click()
    assert "queued to be sent again" in page.locator(".ims-messages").inner_text()

    page.get_by_role("link", name="People").first.click()
    page.wait_for_url(site + "/app/people/")
    fits_and_passes_axe(page)
    page.get_by_role("link", name="Invite someone").first.click()
    fits_and_passes_axe(page)
    page.get_by_label("Email").fill("nina@example.com")
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Role").select_option("interviewer")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_url(site + "/app/people/*/")
    assert "has been invited" in page.locator(".ims-messages").inner_text()
    fits_and_passes_axe(page)

    link = link_in_last_mail("/accounts/password/reset/key/")
    invited = browser.new_context().new_page()
    invited.goto(link)
    invited.get_by_label("New Password", exact=True).fill("a long new password 1")
    invited.get_by_label("New Password (again)").fill("a long new password 1")
    invited.get_by_role("button", name="Change Password").click()
    invited.wait_for_load_state()
    sign_in(invited, site, "nina@example.com", password="a long new password 1")
    assert User.objects.get(email="nina@example.com").role == Role.INTERVIEWER
    assert csp_violations == []
