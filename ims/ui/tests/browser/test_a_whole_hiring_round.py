"""A whole hiring round across the three roles on a live server, in one browser: the recruiter creates a job with
one opening and two round types with criteria and guidance; a candidate applies through the careers pages; the
recruiter moves the card to screening, bulk-rejects three other cards with a reason, and schedules two rounds with
two interviewers (an overlapping slot is refused inline, the availability strip shows the clash); each interviewer,
on a phone, opens the kit, reads the resume, saves a draft, submits the scorecard and edits it; the recruiter
compares the scorecards side by side and selects the candidate, which fills the opening and closes the job; the
candidate sees "Selected". Every page: axe-core clean; the interviewer's pages: no
sideways scroll at 375 px."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ims.interviews.models import Feedback, FeedbackVersion, Interview, RoundType
from ims.jobs import services as job_services
from ims.jobs.models import Application, ApplicationEvent, Job
from ims.ui.tests.browser.conftest import axe_serious, scroll_width
from ims.ui.tests.browser.test_every_page_is_accessible_and_fits_a_phone import PDF, sign_in
from ims.ui.tests.helpers import verified
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = [
    ("Technical", "60", "Coding\nDesign", "Ask them to design a rate limiter.\nGood: names the trade-offs."),
    ("Culture", "45", "Values\nTeamwork", "Ask about a disagreement.\nGood: listens, then decides."),
]


def axe(page, label) -> list[str]:
    return [f"{label}: {violation}" for violation in axe_serious(page)]


def on_a_phone(page, label) -> list[str]:
    """axe-core and no sideways scroll, at the phone width the page is already shown in."""
    found = axe(page, label)
    if scroll_width(page) > 375:
        found.append(f"{label}: scrolls sideways at 375 px ({scroll_width(page)} px)")
    return found


def switch_to(page, site, user, width=1280):
    page.context.clear_cookies()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, site, user.email)


def test_a_whole_hiring_round(page, site, csp_violations, admin, interviewer, other_interviewer, candidate, tmp_path):
    verified(candidate)
    resume = tmp_path / "cara-resume.pdf"
    resume.write_bytes(PDF)
    problems: list[str] = []

    # The recruiter creates the job with one opening, then the two round types.
    switch_to(page, site, admin)
    page.get_by_role("link", name="Jobs", exact=True).click()
    page.get_by_role("link", name="New job").first.click()
    problems += axe(page, "job form")
    page.get_by_label("Title").fill("Backend Engineer")
    page.get_by_label("Department").fill("Engineering")
    page.get_by_label("Openings").fill("1")
    page.get_by_label("Description").fill("Build the API.")
    page.get_by_role("button", name="Create job").click()
    expect(page.get_by_role("heading", level=1, name="Backend Engineer")).to_be_visible()
    job = Job.objects.get(title="Backend Engineer")
    assert job.openings == 1 and job.is_open

    for name, minutes, criteria, guidance in ROUNDS:
        page.goto(site + "/app/rounds/")
        page.get_by_role("link", name="New round type").first.click()
        page.get_by_label("Name").fill(name)
        page.get_by_label("Guidance for interviewers").fill(guidance)
        page.get_by_label("Default length (minutes)").fill(minutes)
        page.get_by_label("Criteria").fill(criteria)
        page.get_by_role("button", name="Create round type").click()
        page.wait_for_url(site + "/app/rounds/")
        expect(page.get_by_role("region", name=name)).to_contain_text(criteria.split()[0])
    problems += axe(page, "round types")
    assert RoundType.objects.get(name="Technical").criteria == ["Coding", "Design"]

    # The candidate applies through the careers pages, with a resume.
    switch_to(page, site, candidate)
    page.goto(site + "/")
    page.get_by_role("link", name="Backend Engineer").click()
    problems += axe(page, "job page")
    page.get_by_role("link", name="Apply for this job").click()
    problems += axe(page, "apply form")
    page.get_by_label("Cover letter").fill("I have run APIs in production for years.")
    page.get_by_label("Resume").set_input_files(str(resume))
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_text("Your application for Backend Engineer has been sent")).to_be_visible()
    application = Application.objects.get(job=job, candidate=candidate)
    assert application.resume_filename == "cara-resume.pdf"

    # Three other candidates apply too (through the services).
    others = []
    for first, last in [("Ana", "Alves"), ("Ben", "Brandt"), ("Chloe", "Chen")]:
        other = factories.CandidateFactory(first_name=first, last_name=last)
        others.append(job_services.application_create(candidate=other, job=job, cover_letter="Hello."))

    # The recruiter moves Cara to screening on the board and bulk-rejects the three others with a reason.
    switch_to(page, site, admin)
    page.goto(f"{site}/app/jobs/{job.pk}/")
    problems += axe(page, "board")
    page.get_by_role("button", name="Move Cara Candidate to Screening").click()
    expect(page.get_by_role("status").filter(has_text="1 application moved to Screening.")).to_be_visible()
    expect(page.get_by_role("region", name="Screening")).to_contain_text("Cara Candidate")
    for name in ("Ana Alves", "Ben Brandt", "Chloe Chen"):
        page.get_by_label(name, exact=True).check()
    page.get_by_label("Move to").select_option(label="Rejected")
    page.get_by_label("Reason, when rejecting").select_option(label="Not qualified")
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.get_by_text("3 applications moved to Rejected.")).to_be_visible()
    problems += axe(page, "board after moves")
    assert Application.objects.get(pk=application.pk).status == "screening"
    assert set(Application.objects.filter(pk__in=[o.pk for o in others]).values_list("status", flat=True)) == {
        "rejected"
    }
    assert set(
        ApplicationEvent.objects.filter(application__in=others, to_status="rejected").values_list("reason", flat=True)
    ) == {"not_qualified"}

    # Two rounds with two interviewers; the second, overlapping the first for Cara, is refused inline.
    day = (timezone.now() + timedelta(days=3)).date().isoformat()
    page.goto(f"{site}/app/applications/{application.pk}/")
    problems += axe(page, "candidate page")
    page.get_by_role("link", name="Schedule interview").click()
    page.get_by_label("Round type").select_option(label="Technical (60 min)")
    page.get_by_label("Interviewer").select_option(label="Ivan Interviewer")
    page.get_by_label("Date").fill(day)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Start time").dispatch_event("change")
    strip = page.locator("#availability")
    expect(strip).to_contain_text("The time you chose")
    problems += axe(page, "schedule page")
    page.get_by_role("button", name="Schedule interview").click()
    expect(page.get_by_role("status")).to_contain_text("Interview scheduled for")

    page.get_by_role("link", name="Schedule interview").click()
    page.get_by_label("Round type").select_option(label="Culture (45 min)")
    page.get_by_label("Interviewer").select_option(label="Olga Other")
    page.get_by_label("Date").fill(day)
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("Start time").dispatch_event("change")
    expect(strip).to_contain_text("Cara Candidate (candidate)")
    expect(strip).to_contain_text("clashes with the time you chose")
    page.get_by_role("button", name="Schedule interview").click()
    expect(page.locator("#id_time_error")).to_contain_text("This time overlaps with Technical at")
    expect(page.locator("#availability")).to_contain_text("10:00\u201311:00")
    problems += axe(page, "schedule page with the refusal")
    assert Interview.objects.count() == 1
    page.get_by_label("Start time").fill("11:00")
    page.get_by_role("button", name="Schedule interview").click()
    expect(page.get_by_role("status")).to_contain_text("Interview scheduled for")
    assert Interview.objects.filter(application=application).count() == 2

    # The days pass: both rounds have taken place.
    earlier = timezone.now() - timedelta(days=1)
    for n, interview in enumerate(Interview.objects.order_by("scheduled_at")):
        start = earlier + timedelta(hours=2 * n)
        Interview.objects.filter(pk=interview.pk).update(
            scheduled_at=start, ends_at=start + timedelta(minutes=interview.duration)
        )

    # Each interviewer, on a phone: the kit, the resume, a draft, the scorecard, then an edit.
    scorecards = [
        (interviewer, "Technical", {"Coding": "5", "Design": "4"}, "Strong yes", "Strong on system design."),
        (other_interviewer, "Culture", {"Values": "3", "Teamwork": "2"}, "No", "Prefers working alone."),
    ]
    for person, round_name, scores, recommendation, comment in scorecards:
        switch_to(page, site, person, width=375)
        expect(page.get_by_role("heading", name="My schedule", level=1)).to_be_visible()
        problems += on_a_phone(page, f"{person.first_name}'s schedule")
        with page.expect_response(lambda response: "/resume/" in response.url) as framed:
            page.get_by_role("link", name=f"{round_name} · Cara Candidate", exact=True).click()
        assert framed.value.status == 200
        assert framed.value.headers["content-type"] == "application/pdf"
        expect(page.get_by_role("heading", name=f"{round_name} with Cara Candidate", level=1)).to_be_visible()
        guidance = next(g for n, _m, _c, g in ROUNDS if n == round_name)
        expect(page.get_by_text(guidance.splitlines()[0])).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the resume (cara-resume.pdf)").click()
        assert download.value.suggested_filename == "cara-resume.pdf"
        problems += on_a_phone(page, f"{person.first_name}'s interview kit")

        page.get_by_label("Overall rating").select_option("3")
        for criterion, score in scores.items():
            page.get_by_role("group", name="Score per criterion").get_by_label(criterion).select_option(score)
        page.get_by_label("Comments").fill(comment)
        page.get_by_label("Private notes").fill(f"{person.first_name}'s private note.")
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator("#scorecard").get_by_role("status")).to_contain_text("Draft saved")
        page.reload()
        expect(page.get_by_label("Comments")).to_have_value(comment)
        page.get_by_label("Recommendation").select_option(label=recommendation)
        page.get_by_role("button", name="Submit scorecard").click()
        expect(page.get_by_text("Your scorecard is submitted")).to_be_visible()
        page.get_by_label("Overall rating").select_option("5" if round_name == "Technical" else "3")
        page.get_by_label("Comments").fill(comment + " Edited.")
        page.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text("Your scorecard is updated (version 2).")).to_be_visible()
        problems += on_a_phone(page, f"{person.first_name}'s interview kit, submitted")
        feedback = Feedback.objects.get(interview__round_type__name=round_name, interviewer=person)
        assert feedback.version == 2 and feedback.comments == comment + " Edited."
        assert FeedbackVersion.objects.filter(feedback=feedback).count() == 2

    # The recruiter compares the scorecards side by side, then selects Cara on the board.
    switch_to(page, site, admin)
    page.goto(f"{site}/app/applications/{application.pk}/")
    grid = page.get_by_role("table", name="Scorecards side by side: one column per round")
    expect(grid.get_by_role("columnheader", name="Technical")).to_be_visible()
    expect(grid.get_by_role("columnheader", name="Culture")).to_be_visible()
    expect(grid.get_by_role("row", name="Recommendation")).to_contain_text("Strong yes")
    expect(grid.get_by_role("row", name="Coding")).to_contain_text("5 / 5")
    expect(grid.get_by_role("row", name="Values")).to_contain_text("3 / 5")
    expect(grid.get_by_role("row", name="Private notes")).to_contain_text("Ivan's private note.")
    expect(grid.get_by_role("row", name="Private notes")).to_contain_text("Olga's private note.")
    expect(page.get_by_text("Average rating 4.0 out of 5 over 2 scorecards")).to_be_visible()
    problems += axe(page, "candidate page with scorecards")

    page.goto(f"{site}/app/jobs/{job.pk}/")
    page.get_by_role("button", name="Move Cara Candidate to Selected").click()
    expect(page.get_by_role("status").filter(has_text="1 application moved to Selected.")).to_be_visible()
    expect(page.get_by_role("region", name="Selected")).to_contain_text("Cara Candidate")
    job.refresh_from_db()
    assert not job.is_open and job.closed_at is not None

    # The one opening is filled: the job is closed on the jobs list and gone from the careers page.
    page.goto(f"{site}/app/jobs/?state=closed")
    expect(page.locator(".ims-job-list li.ims-card", has_text="Backend Engineer")).to_contain_text("Closed")
    problems += axe(page, "jobs, closed")

    # The candidate sees the outcome.
    switch_to(page, site, candidate)
    page.goto(site + "/")
    expect(page.get_by_role("link", name="Backend Engineer")).to_have_count(0)
    page.goto(site + "/app/applications/")
    card = page.locator("li.ims-card", has_text="Backend Engineer")
    expect(card.locator(".ims-badge-selected")).to_have_text("Selected")
    problems += axe(page, "my applications")

    assert problems == [], "\n".join(problems)
    assert csp_violations == []
