"""Every page of part 1, for the person it is for: zero serious or critical axe-core violations, no sideways
scrolling at 375 px, no CSP violation. With IMS_SCREENSHOTS=1 it also saves the README's screenshots."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ims.ui.tests.browser.conftest import DOCS, axe_serious, scroll_width
from ims.ui.tests.helpers import verified
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCREENSHOTS = {"/": "careers", "/app/applications/": "portal-applications", "application": "portal-application"}


def sign_in(page, site, email, password=factories.PASSWORD):
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/app/**")


def check(page, url, label, widths=(1280, 375)):
    problems = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        if width == 375 and scroll_width(page) > 375:
            problems.append(f"{label}: scrolls sideways at 375 px ({scroll_width(page)} px)")
        if width == widths[0]:
            for violation in axe_serious(page):
                problems.append(f"{label}: {violation}")
        name = SCREENSHOTS.get(label)
        # Only on request, so that `make test` leaves the checkout as it found it.
        if name and os.environ.get("IMS_SCREENSHOTS") == "1":
            DOCS.mkdir(exist_ok=True)
            suffix = "desktop" if width > 375 else "mobile"
            page.screenshot(path=str(DOCS / f"screenshot-{name}-{suffix}.png"), full_page=width == 375)
    return problems


def test_every_page_is_accessible_and_fits_a_phone(page, site, csp_violations, candidate, admin):
    verified(candidate)
    jobs = [
        factories.JobFactory(title="Backend Engineer", department="Engineering", location="Berlin"),
        factories.JobFactory(title="Product Designer", department="Design", location="Remote"),
        factories.JobFactory(
            title="Data Analyst", department="Analytics", location="London", employment_type="contract"
        ),
    ]
    closed = factories.JobFactory(title="Office Manager", is_open=False)
    application = factories.ApplicationFactory(
        job=jobs[0],
        candidate=candidate,
        cover_letter="I like building APIs.",
        resume=SimpleUploadedFile("cv.pdf", PDF),
        resume_content_type="application/pdf",
        resume_filename="cv.pdf",
    )
    factories.InterviewFactory(application=application, meeting_url="https://meet.example.com/abc")
    done = factories.InterviewFactory(application=application, status="completed")
    factories.FeedbackFactory(interview=done, comments="Clear thinking and good questions.")
    factories.ApplicationFactory(job=jobs[1], candidate=candidate, status="screening")

    problems = []
    for path, label in [
        ("/", "/"),
        ("/?q=zzzz", "careers empty"),
        (f"/jobs/{jobs[0].pk}/", "job"),
        (f"/jobs/{closed.pk}/", "closed job"),
        ("/accounts/login/", "login"),
        ("/accounts/signup/", "signup"),
        ("/accounts/password/reset/", "password reset"),
    ]:
        problems += check(page, site + path, label)

    sign_in(page, site, candidate.email)
    for path, label in [
        ("/app/applications/", "/app/applications/"),
        (f"/app/applications/{application.pk}/", "application"),
        (f"/app/applications/{application.pk}/withdraw/", "withdraw"),
        (f"/jobs/{jobs[2].pk}/apply/", "apply"),
        ("/app/profile/", "profile"),
        ("/accounts/password/change/", "password change"),
    ]:
        problems += check(page, site + path, label)

    page.context.clear_cookies()
    sign_in(page, site, admin.email)
    for path, label in [
        ("/app/", "staff home"),
        ("/accounts/2fa/", "two-factor"),
        ("/accounts/2fa/totp/activate/", "two-factor activate"),
    ]:
        problems += check(page, site + path, label)

    assert problems == []
    assert csp_violations == []
