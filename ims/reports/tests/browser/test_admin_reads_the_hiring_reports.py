"""An admin opens the reports, picks a period, and sees the charts and their tables change in place; the page has no
serious or critical axe-core violation, keeps its CSP and does not scroll sideways at 375 px. With
IMS_SCREENSHOTS=1 it saves the README's screenshots (docs/screenshot-reports-*.png)."""

import os

import pytest
from playwright.sync_api import expect

from ims.ui.tests.browser.conftest import DOCS, axe_serious, scroll_width
from ims.ui.tests.helpers import verified
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def funnel_row(page, stage: str):
    table = page.get_by_role("table", name="Applications per stage, all jobs")
    return table.get_by_role("row", name=stage)


def test_admin_reads_the_hiring_reports(page, site, csp_violations, history, admin):
    verified(admin)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/app/**")

    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Hiring reports", level=1)).to_be_visible()
    # The default period (the last 90 days) holds none of March's history.
    expect(page.get_by_text("No applications came in during this period.").first).to_be_visible()

    page.get_by_label("From", exact=True).fill("2026-03-01")
    page.get_by_label("To", exact=True).fill("2026-03-04")
    page.get_by_role("button", name="Show reports").click()
    expect(page.get_by_text("From 1 Mar 2026 to 4 Mar 2026 (UTC)")).to_be_visible()
    expect(funnel_row(page, "Applied")).to_contain_text("4")
    expect(page.get_by_role("img", name="Bar chart: applications that reached each stage")).to_be_visible()
    assert page.url.endswith("from=2026-03-01&to=2026-03-04&job=&department=&employment_type=")

    page.get_by_label("To", exact=True).fill("2026-03-31")
    page.get_by_role("button", name="Show reports").click()
    expect(page.get_by_text("From 1 Mar 2026 to 31 Mar 2026 (UTC)")).to_be_visible()
    expect(funnel_row(page, "Applied")).to_contain_text("6")
    expect(funnel_row(page, "Selected")).to_contain_text("3")
    expect(page.locator("figure.ims-chart svg")).to_have_count(7)
    time_in_stage = page.get_by_role("table", name="Days in each stage")
    expect(time_in_stage.get_by_role("row", name="Interviewing")).to_contain_text("8.96")
    # Still the same document: htmx swapped the results in, the form kept what was typed.
    expect(page.get_by_label("To", exact=True)).to_have_value("2026-03-31")

    assert axe_serious(page) == []
    shots = os.environ.get("IMS_SCREENSHOTS") == "1"
    if shots:
        DOCS.mkdir(exist_ok=True)
        page.screenshot(path=str(DOCS / "screenshot-reports-desktop.png"))
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    expect(funnel_row(page, "Applied")).to_contain_text("6")
    assert scroll_width(page) <= 375
    if shots:
        page.get_by_role("heading", name="Funnel").scroll_into_view_if_needed()
        page.screenshot(path=str(DOCS / "screenshot-reports-mobile.png"))
    assert csp_violations == []
