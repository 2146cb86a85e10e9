"""Every staff page of part 2 (issue 14), for the person it is for: the admin's pages as an admin, the
interviewer's as an interviewer, over a small but realistic history. At 1280 and at 375 px: zero serious or
critical axe-core violations and no sideways scrolling; and no CSP violation anywhere. Every problem goes in one
list, so one run shows them all.

A new /app/ page cannot be forgotten: every named /app/ route of the URL conf is either visited here, visited by
part 1's sweep (the candidate's pages), or named below as not a page (a download or a POST-only action) with
the reason."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve
from django.utils import timezone
from playwright.sync_api import expect

from ims.jobs.models import Application, ApplicationEvent
from ims.reports.rebuild import rebuild
from ims.ui.tests.browser.conftest import axe_serious, scroll_width
from ims.ui.tests.browser.test_every_page_is_accessible_and_fits_a_phone import PDF, sign_in
from tests import factories
from tests.contract.test_page_matrix_covers_every_page import app_pages

pytestmark = pytest.mark.django_db(transaction=True)

# The candidate's pages (and the public ones): part 1's sweep visits them as the candidate, and the account
# deletion journey its confirmation page (staff get a 404 there).
CANDIDATE_PAGES = {"careers", "job", "job-apply", "my-applications", "my-application-withdraw", "profile-delete"}
# Named /app/ routes that answer with a file or only with a redirect after a POST: nothing for axe to read.
# A POST that fails validation renders a page visited here (the person page, the reject form).
NOT_PAGES = {
    "profile-export": "a JSON or ZIP download (candidates only)",
    "person-role": "POST; a refusal renders the person page",
    "person-set-active": "POST, then back to the person page",
    "person-resend-invitation": "POST, then back to the person page",
    "round-set-active": "POST, then back to the round types",
    "interview-kit-resume": "the resume file",
    "interview-kit-calendar": "an .ics file",
    "my-application-resume": "the resume file",
    "application-resume-inline": "the PDF in the candidate page's frame",
    "my-interview-calendar": "an .ics file",
    "staff-job-close": "POST, then back to the board",
    "staff-job-reopen": "POST, then back to the board",
    "staff-board-move": "POST; the board or the reject form comes back",
    "notification-resend": "POST, then back to the outbox",
    "report-csv": "a CSV download",
}
WIDTHS = (1280, 375)
PATHS = {
    "applied": ["applied"],
    "screening": ["applied", "screening"],
    "interviewing": ["applied", "screening", "interviewing"],
    "selected": ["applied", "screening", "interviewing", "selected"],
    "rejected": ["applied", "screening", "rejected"],
    "withdrawn": ["applied", "withdrawn"],
}


def check(page, url: str, label: str, act=None) -> list[str]:
    """axe and the page's width at each of WIDTHS; the page is loaded afresh at each width, as a phone would.
    ``act(page)``, if given, first takes the page to the state to check (an error shown, a menu open)."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(url)
        if response is None or response.status != 200:
            problems.append(f"{label} at {width} px: HTTP {response.status if response else 'no response'}")
            continue
        if act is not None:
            act(page)
            page.wait_for_load_state()
        if width == 375 and scroll_width(page) > 375:
            problems.append(f"{label}: scrolls sideways at 375 px ({scroll_width(page)} px)")
        for violation in axe_serious(page):
            problems.append(f"{label} at {width} px: {violation}")
    return problems


def submit(name: str, shows: str):
    """Press the button ``name`` (of a form left empty or wrong) and wait for ``shows`` on the page."""

    def act(page):
        page.get_by_role("button", name=name, exact=True).click()
        expect(page.get_by_text(shows).first).to_be_visible()

    return act


def open_menus(page):
    """The navigation as a phone shows it (the Menu button) and the account menu, both open."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    page.locator("#main-nav .dropdown-toggle").click()
    expect(page.get_by_role("link", name="Profile")).to_be_visible()


def move_a_card(page):
    """A card moved on the board: htmx swaps the board in place, with the message above it."""
    page.get_by_role("button", name=re.compile(r"^Move .+ to Screening$")).first.click()
    expect(page.get_by_text("1 application moved to Screening.")).to_be_visible()


def history(admin, interviewer, other_interviewer):
    """A job with applications in every stage, a closed job, a round type with criteria and guidance (and one
    never used), interviews today, coming, past with and without feedback, a failed email, a second admin and an
    invited interviewer who has not chosen a password yet."""
    now = timezone.now()
    factories.AdminFactory(first_name="Bea", last_name="Boss", email="bea@example.com")
    invited = factories.InterviewerFactory(first_name="Nina", last_name="New", email="nina@example.com")
    invited.set_unusable_password()
    invited.save()
    technical = factories.RoundTypeFactory(
        name="Technical",
        criteria=["Problem solving", "System design", "Communication"],
        guidance="Ask them to design a rate limiter.\nLook for trade-offs, not buzzwords.",
    )
    unused = factories.RoundTypeFactory(name="Culture", criteria=["Values"], guidance="")
    job = factories.JobFactory(
        title="Senior Backend Engineer (Payments Platform)", department="Engineering", location="Berlin", openings=2
    )
    factories.JobFactory(title="Office Manager", department="Operations", is_open=False)
    factories.JobFactory(title="Product Designer", department="Design", location="Remote")
    main = factories.ApplicationFactory(
        job=job,
        status="interviewing",
        candidate__first_name="Cara",
        candidate__last_name="Candidate-Longname",
        cover_letter="I have built payment systems for eight years.\nI would love to do it again here.",
        resume=SimpleUploadedFile("cv.pdf", PDF),
        resume_content_type="application/pdf",
        resume_filename="cv.pdf",
    )
    for status in ("applied", "applied", "screening", "interviewing", "selected", "rejected", "withdrawn"):
        factories.ApplicationFactory(job=job, status=status)
    coming = factories.InterviewFactory(
        application=main,
        round_type=technical,
        interviewer=interviewer,
        scheduled_at=now + timedelta(days=1, hours=1),
        meeting_url="https://meet.example.com/abc-defg-hij",
    )
    today = factories.InterviewFactory(
        application=factories.ApplicationFactory(job=job, status="interviewing"),
        round_type=technical,
        interviewer=other_interviewer,
        scheduled_at=now + timedelta(minutes=30),
    )
    scored = factories.InterviewFactory(
        application=main,
        round_type=technical,
        interviewer=other_interviewer,
        scheduled_at=now - timedelta(days=3),
        status="completed",
    )
    factories.FeedbackFactory(
        interview=scored,
        rating=4,
        recommendation="yes",
        criteria_scores={"Problem solving": 4, "System design": 3, "Communication": 5},
        comments="Clear thinking and good questions about idempotency keys.",
        private_notes="Salary expectations at the top of the band.",
    )
    awaiting = factories.InterviewFactory(
        application=main,
        round_type=technical,
        interviewer=interviewer,
        scheduled_at=now - timedelta(days=2),
        status="completed",
    )
    factories.NotificationFactory(
        recipient=main.candidate,
        application=main,
        status="failed",
        attempts=5,
        last_error="SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable",
    )
    factories.NotificationFactory(recipient=interviewer, status="sent", sent_at=now, subject="Interview tomorrow")
    for application in Application.objects.all():
        # The timeline the services would have written (the factories write none), and the reports' rollups.
        steps = PATHS[application.status]
        for before, after in zip(["", *steps], steps, strict=False):
            reason = "not_qualified" if after == "rejected" else ""
            ApplicationEvent.objects.create(
                application=application, from_status=before, to_status=after, actor=admin, reason=reason
            )
    rebuild()
    return {
        "job": job,
        "main": main,
        "technical": technical,
        "unused": unused,
        "coming": coming,
        "today": today,
        "scored": scored,
        "awaiting": awaiting,
        "invited": invited,
    }


def test_every_staff_page_is_accessible_and_fits_a_phone(
    page, site, csp_violations, admin, interviewer, other_interviewer
):
    h = history(admin, interviewer, other_interviewer)
    job, main = h["job"].pk, h["main"].pk
    card = f"{main}:{h['main'].status}"
    as_admin = [
        ("/app/", "dashboard"),
        ("/app/jobs/", "jobs"),
        ("/app/jobs/?state=closed", "jobs, closed"),
        ("/app/jobs/new/", "new job"),
        (f"/app/jobs/{job}/edit/", "edit job"),
        (f"/app/jobs/{job}/", "board"),
        (f"/app/jobs/{job}/?status=applied", "board, one stage"),
        (f"/app/jobs/{job}/reject/?applications={card}", "reject"),
        (f"/app/applications/{main}/", "candidate page"),
        (f"/app/applications/{main}/schedule/", "schedule"),
        (f"/app/interviews/{h['coming'].pk}/reschedule/", "reschedule"),
        (f"/app/interviews/{h['coming'].pk}/cancel/", "cancel"),
        (f"/app/interviews/{h['scored'].pk}/", "kit, admin"),
        ("/app/rounds/", "round types"),
        ("/app/rounds/new/", "new round type"),
        (f"/app/rounds/{h['technical'].pk}/edit/", "edit round type"),
        (f"/app/rounds/{h['unused'].pk}/delete/", "delete round type"),
        ("/app/people/", "people"),
        ("/app/people/?role=interviewer", "people, interviewers"),
        ("/app/people/invite/", "invite"),
        (f"/app/people/{interviewer.pk}/", "person"),
        (f"/app/people/{h['invited'].pk}/", "person, invited"),
        ("/app/notifications/", "notifications"),
        ("/app/notifications/?status=failed", "notifications, failed"),
        ("/app/reports/", "reports"),
        ("/app/profile/", "profile, admin"),
        # States a page reaches by a click: errors next to the fields, menus open, an htmx swap.
        ("/app/", "menus open", open_menus),
        ("/app/jobs/new/", "new job, errors", submit("Create job", "This field is required.")),
        ("/app/people/invite/", "invite, errors", submit("Send invitation", "This field is required.")),
        ("/app/rounds/new/", "new round type, errors", submit("Create round type", "This field is required.")),
        (
            f"/app/applications/{main}/schedule/",
            "schedule, errors",
            submit("Schedule interview", "This field is required."),
        ),
        (f"/app/jobs/{job}/", "board after a move", move_a_card),
    ]
    as_interviewer = [
        ("/app/", "my schedule"),
        (f"/app/interviews/{h['coming'].pk}/", "kit, coming"),
        (f"/app/interviews/{h['awaiting'].pk}/", "kit, awaiting feedback"),
        ("/app/profile/", "profile, interviewer"),
        ("/accounts/2fa/", "two-factor, interviewer"),
        (
            f"/app/interviews/{h['coming'].pk}/",
            "kit, scorecard errors",
            submit("Submit scorecard", "There is a problem"),
        ),
    ]

    problems: list[str] = []
    visited: set[str] = set()
    for who, pages in ((admin, as_admin), (interviewer, as_interviewer)):
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in(page, site, who.email)
        for path, label, *act in pages:
            visited.add(resolve(path.split("?", 1)[0]).url_name)
            problems += check(page, site + path, label, *act)

    staff = app_pages() - CANDIDATE_PAGES - set(NOT_PAGES)
    problems += [f"{name}: a staff page this sweep does not visit" for name in sorted(staff - visited)]
    known = app_pages()
    problems += [
        f"{name}: named here but not in the URL conf" for name in sorted((CANDIDATE_PAGES | set(NOT_PAGES)) - known)
    ]
    assert problems == [], "\n".join(problems)
    assert csp_violations == []
