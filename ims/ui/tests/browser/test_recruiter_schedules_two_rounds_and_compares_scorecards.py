"""The recruiter's journey on the candidate page: schedule two rounds with two interviewers, see a deliberately
overlapping slot refused inline with the availability strip showing why, then compare the scorecards side by
side. axe-core clean and no sideways scrolling at 375 px on each page. With IMS_SCREENSHOTS=1 it also saves
the README's screenshot of the candidate page with scorecards."""

import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from ims.interviews import services
from ims.interviews.models import Interview
from ims.ui.tests.browser.conftest import DOCS, axe_serious, scroll_width
from ims.ui.tests.browser.test_every_page_is_accessible_and_fits_a_phone import PDF, sign_in
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def problems_on(page, label) -> list[str]:
    """axe's serious/critical findings at desktop width, then sideways scrolling at 375 px, on the current page."""
    found = [f"{label}: {violation}" for violation in axe_serious(page)]
    size = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 900})
    if scroll_width(page) > 375:
        found.append(f"{label}: scrolls sideways at 375 px ({scroll_width(page)} px)")
    page.set_viewport_size(size)
    return found


def test_recruiter_schedules_two_rounds_and_compares_scorecards(page, site, csp_violations, admin, candidate):
    admin.timezone = "Europe/Berlin"
    admin.save()
    candidate.timezone = "America/New_York"
    candidate.save()
    ivan = factories.InterviewerFactory(first_name="Ivan", last_name="Interviewer", timezone="Asia/Kolkata")
    olga = factories.InterviewerFactory(first_name="Olga", last_name="Other", timezone="Europe/London")
    factories.RoundTypeFactory(name="Technical", default_duration=60, criteria=["Coding", "Design"])
    factories.RoundTypeFactory(name="Culture", default_duration=45, criteria=["Values"])
    application = factories.ApplicationFactory(
        candidate=candidate,
        status="screening",
        job__title="Backend Engineer",
        cover_letter="I like building APIs.",
        resume=SimpleUploadedFile("cv.pdf", PDF),
        resume_content_type="application/pdf",
        resume_filename="cv.pdf",
    )
    day = (timezone.now() + timedelta(days=3)).date().isoformat()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, site, admin.email)
    problems: list[str] = []

    with page.expect_response(lambda response: "/resume/inline/" in response.url) as framed:
        page.goto(f"{site}/app/applications/{application.pk}/")
    # The browser loaded the PDF into the frame (the page's CSP and the response's frame-ancestors allow it).
    assert framed.value.status == 200
    assert framed.value.headers["content-type"] == "application/pdf"
    expect(page.get_by_role("heading", name="Cara Candidate", level=1)).to_be_visible()
    expect(page.get_by_title("Resume of Cara Candidate")).to_be_visible()
    problems += problems_on(page, "candidate page, no scorecards")

    # First round: Technical with Ivan at 10:00.
    page.get_by_role("link", name="Schedule interview").click()
    page.get_by_label("Round type").select_option(label="Technical (60 min)")
    page.get_by_label("Interviewer").select_option(label="Ivan Interviewer")
    page.get_by_label("Date").fill(day)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Start time").dispatch_event("change")
    strip = page.locator("#availability")
    expect(strip).to_contain_text("The time you chose")
    expect(strip).to_contain_text("Ivan Interviewer: ")  # the time in Ivan's zone
    problems += problems_on(page, "schedule page")
    page.get_by_role("button", name="Schedule interview").click()
    expect(page.get_by_role("status")).to_contain_text("Interview scheduled for")

    # Second round: Culture with Olga at 10:30 clashes with the candidate's Technical round.
    page.get_by_role("link", name="Schedule interview").click()
    page.get_by_label("Round type").select_option(label="Culture (45 min)")
    page.get_by_label("Interviewer").select_option(label="Olga Other")
    page.get_by_label("Date").fill(day)
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("Start time").dispatch_event("change")
    # Before submitting, the strip already shows the candidate's round at that time.
    expect(strip).to_contain_text("Cara Candidate (candidate)")
    expect(strip).to_contain_text("clashes with the time you chose")
    page.get_by_role("button", name="Schedule interview").click()
    error = page.locator("#id_time_error")
    expect(error).to_contain_text("This time overlaps with Technical at")
    expect(error).to_contain_text("the candidate Cara Candidate")
    expect(page.locator("#availability")).to_contain_text("10:00\u201311:00")
    problems += problems_on(page, "schedule page with the refusal")
    assert Interview.objects.count() == 1

    page.get_by_label("Start time").fill("11:00")
    page.get_by_role("button", name="Schedule interview").click()
    expect(page.get_by_role("status")).to_contain_text("Interview scheduled for")
    assert Interview.objects.count() == 2

    # Moving and cancelling start from the candidate page; both pages pass the same checks.
    page.get_by_role("link", name="Reschedule Culture").click()
    expect(page.get_by_role("heading", name="Reschedule the Culture interview")).to_be_visible()
    expect(page.get_by_label("Start time")).to_have_value("11:00")
    problems += problems_on(page, "reschedule page")
    page.go_back()
    page.get_by_role("link", name="Cancel Culture").click()
    expect(page.get_by_role("heading", name="Cancel the Culture interview?")).to_be_visible()
    problems += problems_on(page, "cancel page")
    page.get_by_role("link", name="Keep it").click()

    # Both rounds happen; the interviewers submit their scorecards (through the services).
    earlier = timezone.now() - timedelta(days=1)
    for n, interview in enumerate(Interview.objects.order_by("scheduled_at")):
        start = earlier + timedelta(hours=2 * n)
        Interview.objects.filter(pk=interview.pk).update(
            scheduled_at=start, ends_at=start + timedelta(minutes=interview.duration)
        )
    technical = Interview.objects.get(round_type__name="Technical")
    culture = Interview.objects.get(round_type__name="Culture")
    services.feedback_submit(
        interview=technical,
        interviewer=ivan,
        rating=5,
        comments="Strong on system design.",
        recommendation="strong_yes",
        criteria_scores={"Coding": 5, "Design": 4},
        private_notes="Would fit the platform team.",
    )
    services.feedback_submit(
        interview=culture,
        interviewer=olga,
        rating=3,
        comments="Prefers working alone.",
        recommendation="no",
        criteria_scores={"Values": 3},
    )

    page.goto(f"{site}/app/applications/{application.pk}/")
    grid = page.get_by_role("table", name="Scorecards side by side: one column per round")
    expect(grid.get_by_role("columnheader", name="Technical")).to_be_visible()
    expect(grid.get_by_role("columnheader", name="Culture")).to_be_visible()
    expect(grid.get_by_role("row", name="Recommendation")).to_contain_text("Strong yes")
    expect(grid.get_by_role("row", name="Recommendation")).to_contain_text("No")
    expect(grid.get_by_role("row", name="Private notes")).to_contain_text("Would fit the platform team.")
    expect(grid.get_by_role("row", name="Coding")).to_contain_text("5 / 5")
    expect(page.get_by_text("Strong yes: 1")).to_be_visible()
    expect(page.get_by_text("Average rating 4.0 out of 5 over 2 scorecards")).to_be_visible()
    problems += problems_on(page, "candidate page with scorecards")
    if os.environ.get("IMS_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        page.locator("#scorecards-title").scroll_into_view_if_needed()
        page.screenshot(path=str(DOCS / "screenshot-candidate-page-desktop.png"))

    assert problems == []
    assert csp_violations == []
