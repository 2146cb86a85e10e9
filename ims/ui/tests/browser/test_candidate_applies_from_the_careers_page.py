"""The whole candidate journey in a real browser: find a job, sign up on the way to applying, confirm the email,
apply with a resume, follow the application, add an interview to the calendar, withdraw another application,
reset a forgotten password and sign in with the new one."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from ims.accounts.models import User
from ims.jobs.models import Application, ApplicationStatus
from ims.ui.tests.browser.conftest import link_in_last_mail
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "Journey-pass-2026"
NEW_PASSWORD = "Journey-new-2026!"


def test_candidate_applies_from_the_careers_page(page, site, csp_violations, tmp_path):
    backend = factories.JobFactory(
        title="Backend Engineer",
        department="Engineering",
        employment_type="full_time",
        description="Build the API.\nRun it in production.",
    )
    factories.JobFactory(title="Data Analyst", department="Analytics", employment_type="contract")
    second = factories.JobFactory(title="Platform Engineer", department="Engineering", employment_type="contract")
    resume = tmp_path / "cara-resume.pdf"
    resume.write_bytes(PDF)

    # Search and filter on the careers page.
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label("Search").fill("engineer")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Backend Engineer")).to_be_visible()
    expect(page.get_by_role("link", name="Data Analyst")).to_have_count(0)
    page.get_by_label("Employment type").select_option(label="Contract")
    expect(page.get_by_role("link", name="Backend Engineer")).to_have_count(0)
    expect(page.get_by_role("link", name="Platform Engineer")).to_be_visible()
    page.get_by_label("Search").fill("no such words at all")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No jobs match your search")).to_be_visible()

    # Open a job; applying while anonymous leads through sign-up.
    page.goto(f"{site}/jobs/{backend.pk}/")
    expect(page.get_by_text("Run it in production.")).to_be_visible()
    page.get_by_role("link", name="Apply for this job").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Email").fill("cara.new@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Confirm your email address first")).to_be_visible()
    assert User.objects.get(email="cara.new@example.com").role == "candidate"

    # Confirm from the link in the email; back on the apply form.
    page.goto(link_in_last_mail("/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(f"{site}/jobs/{backend.pk}/apply/")
    page.get_by_label("Cover letter").fill("I have run APIs in production for years.")
    page.get_by_label("Resume").set_input_files(str(resume))
    page.get_by_role("button", name="Send application").click()

    # The application, its timeline and an interview to add to the calendar.
    expect(page.get_by_role("heading", name="Backend Engineer", level=1)).to_be_visible()
    expect(page.get_by_text("Your application for Backend Engineer has been sent")).to_be_visible()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    application = Application.objects.get(candidate__email="cara.new@example.com", job=backend)
    factories.InterviewFactory(application=application, meeting_url="https://meet.example.com/abc")
    page.reload()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Add to calendar")).click()
    ics = download_info.value
    assert ics.suggested_filename.endswith(".ics")
    assert "BEGIN:VEVENT" in Path(ics.path()).read_text()

    # A second application, withdrawn after confirming.
    page.goto(f"{site}/jobs/{second.pk}/")
    page.get_by_role("link", name="Apply for this job").click()
    page.get_by_role("button", name="Send application").click()
    page.get_by_role("link", name="Withdraw application").click()
    expect(page.get_by_text("You cannot undo this")).to_be_visible()
    page.get_by_role("button", name="Withdraw application").click()
    expect(page.get_by_text("has been withdrawn")).to_be_visible()
    assert Application.objects.get(job=second).status == ApplicationStatus.WITHDRAWN
    page.get_by_role("link", name="My applications").first.click()
    expect(page.get_by_role("link", name="Backend Engineer")).to_be_visible()
    expect(page.get_by_text("Withdrawn")).to_be_visible()

    # Forgot the password: reset it from the emailed link, sign in with the new one.
    page.get_by_role("button", name=re.compile("Cara|cara")).click()
    page.get_by_role("button", name="Sign out").click()
    page.goto(site + "/accounts/login/")
    page.get_by_role("link", name=re.compile("Forgot your password", re.I)).click()
    mail.outbox.clear()
    page.get_by_label("Email").fill("cara.new@example.com")
    page.get_by_role("button", name=re.compile("Reset", re.I)).click()
    page.goto(link_in_last_mail("/accounts/password/reset/key/"))
    page.get_by_label("New Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New Password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name=re.compile("Change Password", re.I)).click()
    expect(page.get_by_text("Your password is now changed.")).to_be_visible()
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email").fill("cara.new@example.com")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{site}/app/applications/")
    assert csp_violations == []
