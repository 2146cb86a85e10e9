"""The recruiter's board in a real browser: create a job, move a card to screening from the keyboard, bulk-reject
three cards with a reason, and meet the openings conflict; every page axe-clean and no sideways scroll at 375 px.
With IMS_SCREENSHOTS=1 it also saves the README's screenshot of the board."""

import os
import re

import pytest
from playwright.sync_api import expect

from ims.jobs.models import Application, ApplicationEvent, Job
from ims.ui.tests.browser.conftest import DOCS, axe_serious, scroll_width
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, site, email):
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/app/**")


def _problems(page, label) -> list[str]:
    """axe-core at the desktop width, then no sideways scroll at 375 px (the board scrolls inside itself)."""
    problems = [f"{label}: {violation}" for violation in axe_serious(page)]
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    if scroll_width(page) > 375:
        problems.append(f"{label}: scrolls sideways at 375 px ({scroll_width(page)} px)")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    return problems


def test_recruiter_runs_the_pipeline_board(page, site, csp_violations, admin):
    page.set_viewport_size({"width": 1280, "height": 900})
    problems: list[str] = []
    _sign_in(page, site, admin.email)
    expect(page.get_by_role("heading", name="Waiting for action")).to_be_visible()
    problems += _problems(page, "dashboard")

    # Create a job from the jobs list; a wrong field comes back with its error first.
    page.get_by_role("link", name="Jobs", exact=True).click()
    problems += _problems(page, "jobs")
    page.get_by_role("link", name="New job").first.click()
    page.get_by_label("Title").fill("Platform Engineer")
    page.get_by_label("Department").fill("Engineering")
    page.get_by_label("Openings").fill("0")
    page.get_by_label("Description").fill("Run the platform.")
    page.get_by_role("button", name="Create job").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    problems += _problems(page, "job form with errors")
    page.get_by_label("Openings").fill("1")
    page.get_by_role("button", name="Create job").click()
    expect(page.get_by_role("heading", level=1, name="Platform Engineer")).to_be_visible()
    expect(page.get_by_text("No applications yet")).to_be_visible()
    job = Job.objects.get(title="Platform Engineer")
    assert job.created_by == admin and job.openings == 1

    # Candidates apply (part 1's flow is tested elsewhere); one is already selected, one is interviewing.
    names = ["Ana Alves", "Ben Brandt", "Chloe Chen", "Dev Das", "Eva Eriksen"]
    cards = []
    for name in names:
        first, last = name.split()
        candidate = factories.CandidateFactory(first_name=first, last_name=last)
        cards.append(factories.ApplicationFactory(job=job, candidate=candidate))
    Application.objects.filter(pk=cards[4].pk).update(status="selected")
    Application.objects.filter(pk=cards[3].pk).update(status="interviewing")
    page.reload()
    board = page.get_by_role("region", name="Pipeline board")
    expect(board).to_contain_text("Ana Alves")
    problems += _problems(page, "board")

    # Move Ana to screening from the keyboard.
    move = page.get_by_role("button", name="Move Ana Alves to Screening")
    move.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="1 application moved to Screening.")).to_be_visible()
    screening = page.get_by_role("region", name="Screening")
    expect(screening).to_contain_text("Ana Alves")
    # Focus follows the card to its new column, so the keyboard user carries on from there.
    expect(page.locator(f"#card-{cards[0].pk}")).to_be_focused()
    if os.environ.get("IMS_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(DOCS / "screenshot-board-desktop.png"))
    assert Application.objects.get(pk=cards[0].pk).status == "screening"

    # Bulk-reject three cards with a reason.
    for name in ("Ana Alves", "Ben Brandt", "Chloe Chen"):
        page.get_by_label(name, exact=True).check()
    page.get_by_label("Move to").select_option(label="Rejected")
    page.get_by_label("Reason, when rejecting").select_option(label="Not qualified")
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.get_by_text("3 applications moved to Rejected.")).to_be_visible()
    rejected = Application.objects.filter(job=job, status="rejected")
    assert sorted(a.candidate.first_name for a in rejected) == ["Ana", "Ben", "Chloe"]
    assert set(
        ApplicationEvent.objects.filter(application__job=job, to_status="rejected").values_list("reason", flat=True)
    ) == {"not_qualified"}

    # The job's one opening is taken: selecting Dev shows the conflict, and Dev stays where he was.
    page.get_by_role("button", name="Move Dev Das to Selected").click()
    conflict = re.compile(r"All 1 opening\(s\) of this job are filled")
    expect(page.get_by_role("status").filter(has_text=conflict)).to_be_visible()
    assert Application.objects.get(pk=cards[3].pk).status == "interviewing"
    problems += _problems(page, "board after moves")

    # Rejecting one card from its own button asks for the reason first.
    page.get_by_role("link", name="Reject Dev Das").click()
    expect(page.get_by_role("heading", name="Reject 1 application?")).to_be_visible()
    problems += _problems(page, "reject reason")
    page.get_by_role("link", name="Keep them").click()
    expect(board).to_contain_text("Dev Das")

    assert problems == [], "\n".join(problems)
    assert csp_violations == []
