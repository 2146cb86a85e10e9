"""An admin creates a round type with criteria and guidance on /app/rounds/, edits it, tries to delete one that
interviews use (refused, offered deactivation), deactivates it, and deletes an unused one. Each page: axe-core
clean, no sideways scroll at 375 px."""

import pytest

from ims.interviews.models import RoundType
from ims.ui.tests.browser.test_admin_invites_an_interviewer_who_sets_a_password import fits_and_passes_axe
from ims.ui.tests.browser.test_every_page_is_accessible_and_fits_a_phone import sign_in
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_keeps_round_types_with_criteria_and_guidance(page, site, csp_violations, admin):
    used = factories.InterviewFactory(round_type=factories.RoundTypeFactory(name="Coding")).round_type
    sign_in(page, site, admin.email)

    page.get_by_role("link", name="Rounds").first.click()
    page.wait_for_url(site + "/app/rounds/")
    fits_and_passes_axe(page)
    page.get_by_role("link", name="New round type").click()
    fits_and_passes_axe(page)
    page.get_by_label("Name").fill("System design")
    page.get_by_label("Guidance for interviewers").fill("Ask how it scales.\nGood: names the trade-offs.")
    page.get_by_label("Default length (minutes)").fill("45")
    page.get_by_label("Criteria").fill("Trade-offs\nCommunication")
    page.get_by_role("button", name="Create round type").click()
    page.wait_for_url(site + "/app/rounds/")
    assert "Round type “System design” created." in page.locator(".ims-messages").inner_text()
    card = page.get_by_role("region", name="System design")
    assert "Trade-offs" in card.inner_text() and "45 minutes by default" in card.inner_text()
    card.get_by_text("Guidance for interviewers").click()
    assert card.get_by_text("Ask how it scales.").is_visible()
    assert RoundType.objects.get(name="System design").criteria == ["Trade-offs", "Communication"]

    page.get_by_role("link", name="Delete Coding").click()
    fits_and_passes_axe(page)
    page.get_by_role("button", name="Delete round type").click()
    assert "cannot be deleted" in page.get_by_role("alert").inner_text()
    fits_and_passes_axe(page)
    page.get_by_role("button", name="Deactivate instead").click()
    page.wait_for_url(site + "/app/rounds/")
    assert "Deactivated" in page.get_by_role("region", name="Coding").inner_text()
    used.refresh_from_db()
    assert not used.is_active

    page.get_by_role("link", name="Delete System design").click()
    page.get_by_role("button", name="Delete round type").click()
    page.wait_for_url(site + "/app/rounds/")
    assert not RoundType.objects.filter(name="System design").exists()
    assert csp_violations == []
