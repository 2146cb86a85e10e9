"""Each form, given wrong input, says what is wrong next to the field (the control's accessible description),
keeps what was typed, and lists the problems at the top."""

import re

import pytest
from playwright.sync_api import expect

from ims.ui.tests.helpers import verified
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, site, email, password=factories.PASSWORD):
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_wrong_input_shows_the_error_next_to_the_field(page, site, candidate, tmp_path):
    verified(candidate)
    job = factories.JobFactory(title="Backend Engineer")

    # Sign-up: passwords that differ, and an address already taken is never revealed as such.
    page.goto(site + "/accounts/signup/")
    page.get_by_label("Email").fill("someone@example.com")
    page.get_by_label("Password", exact=True).fill("A-long-pass-2026")
    page.get_by_label("Password (again)").fill("Another-pass-2026")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_label("Password (again)")).to_have_accessible_description(re.compile("same password", re.I))
    expect(page.get_by_label("Email")).to_have_value("someone@example.com")
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")

    # Sign-in: a wrong password.
    sign_in(page, site, candidate.email, "wrong password")
    expect(page.get_by_role("alert")).to_contain_text(re.compile("not correct", re.I))
    expect(page.get_by_label("Email")).to_have_value(candidate.email)

    # Password reset: not an email address.
    page.goto(site + "/accounts/password/reset/")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name=re.compile("Reset", re.I)).click()
    expect(page.get_by_label("Email")).to_have_accessible_description(re.compile("valid email", re.I))

    # Apply: a resume that is not a document, in the service's words; the cover letter is kept.
    sign_in(page, site, candidate.email)
    fake = tmp_path / "resume.pdf"
    fake.write_bytes(b"MZ this is a program, not a PDF")
    page.goto(f"{site}/jobs/{job.pk}/apply/")
    page.get_by_label("Cover letter").fill("Please consider me.")
    page.get_by_label("Resume").set_input_files(str(fake))
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_label("Resume")).to_have_accessible_description(
        re.compile("The resume is not a PDF, DOC or DOCX document")
    )
    expect(page.get_by_label("Cover letter")).to_have_value("Please consider me.")
    expect(page.get_by_text("choose it again")).to_be_visible()

    # Profile: a phone number that is not one.
    page.goto(site + "/app/profile/")
    page.get_by_label("Phone").fill("call me maybe")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_label("Phone")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Phone")).to_have_value("call me maybe")

    # Password change: the current password is wrong.
    page.goto(site + "/accounts/password/change/")
    page.get_by_label("Current Password").fill("not my password")
    page.get_by_label("New Password", exact=True).fill("Brand-new-pass-2026")
    page.get_by_label("New Password (again)").fill("Brand-new-pass-2026")
    page.get_by_role("button", name="Change Password").click()
    expect(page.get_by_label("Current Password")).to_have_accessible_description(re.compile("current password", re.I))
