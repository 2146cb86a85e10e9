"""The interviewer's journey on a phone (375 px): my schedule, open the kit, read the resume, save a draft,
submit the scorecard, edit it. axe-core clean and no sideways scrolling on the schedule and the kit. With
IMS_SCREENSHOTS=1 it also saves the README's screenshot of the interview kit."""

import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from ims.interviews.models import Feedback, FeedbackVersion
from ims.ui.tests.browser.conftest import DOCS, axe_serious, scroll_width
from ims.ui.tests.browser.test_every_page_is_accessible_and_fits_a_phone import PDF, sign_in
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def problems_on(page, label) -> list[str]:
    found = [f"{label}: {violation}" for violation in axe_serious(page)]
    if scroll_width(page) > 375:
        found.append(f"{label}: scrolls sideways at 375 px ({scroll_width(page)} px)")
    return found


def test_interviewer_scores_an_interview_from_a_phone(page, site, csp_violations, interviewer, candidate):
    interviewer.timezone = "Asia/Kolkata"
    interviewer.save()
    application = factories.ApplicationFactory(
        candidate=candidate,
        status="interviewing",
        job__title="Backend Engineer",
        cover_letter="I like building APIs.",
        resume=SimpleUploadedFile("cv.pdf", PDF),
        resume_content_type="application/pdf",
        resume_filename="cv.pdf",
    )
    round_type = factories.RoundTypeFactory(
        name="Technical", criteria=["Coding", "Design"], guidance="Ask them to design a rate limiter."
    )
    start = timezone.now() - timedelta(minutes=90)
    interview = factories.InterviewFactory(
        application=application, interviewer=interviewer, round_type=round_type, scheduled_at=start,
        ends_at=start + timedelta(hours=1), meeting_url="https://meet.example/tech",
    )  # fmt: skip
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, site, interviewer.email)
    problems: list[str] = []

    expect(page.get_by_role("heading", name="My schedule", level=1)).to_be_visible()
    expect(page.get_by_text("Asia/Kolkata").first).to_be_visible()
    problems += problems_on(page, "my schedule")

    with page.expect_response(lambda response: f"/app/interviews/{interview.pk}/resume/" in response.url) as framed:
        # Ended without feedback: listed once, under "Waiting for my feedback", even when it was today.
        page.get_by_role("link", name="Technical · Cara Candidate", exact=True).click()
    assert framed.value.status == 200
    assert framed.value.headers["content-type"] == "application/pdf"
    expect(page.get_by_role("heading", name="Technical with Cara Candidate", level=1)).to_be_visible()
    expect(page.get_by_text("Ask them to design a rate limiter.")).to_be_visible()
    expect(page.get_by_text("I like building APIs.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the resume (cv.pdf)").click()
    assert download.value.suggested_filename == "cv.pdf"
    problems += problems_on(page, "interview kit")

    # A draft, saved in place (htmx) and announced.
    page.get_by_label("Overall rating").select_option("3")
    page.get_by_label("Coding").select_option("4")
    page.get_by_label("Comments").fill("Good start on the design.")
    page.get_by_label("Private notes").fill("Asked about relocation.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#scorecard").get_by_role("status")).to_contain_text("Draft saved")
    page.reload()
    expect(page.get_by_label("Comments")).to_have_value("Good start on the design.")

    # Submit, then edit within the 24 hours.
    page.get_by_label("Recommendation").select_option(label="Yes")
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_text("Your scorecard is submitted")).to_be_visible()
    expect(page.get_by_text("Submitted (version 1).")).to_be_visible()
    page.get_by_label("Overall rating").select_option("4")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your scorecard is updated (version 2).")).to_be_visible()
    expect(page.get_by_role("heading", name="Versions")).to_be_visible()
    problems += problems_on(page, "interview kit, submitted")

    feedback = Feedback.objects.get(interview=interview)
    assert (feedback.rating, feedback.version, feedback.private_notes) == (4, 2, "Asked about relocation.")
    assert list(FeedbackVersion.objects.filter(feedback=feedback).values_list("rating", flat=True)) == [3, 4]
    if os.environ.get("IMS_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")  # the kit's head: candidate, round, guidance, criteria
        page.screenshot(path=str(DOCS / "screenshot-interview-kit-phone.png"))
        page.locator("#scorecard").screenshot(path=str(DOCS / "screenshot-interview-kit-scorecard-phone.png"))
    assert not problems, problems
    assert not csp_violations, csp_violations
