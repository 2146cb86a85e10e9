"""The rules every page lives by: who sign-up creates, who may apply, one login limit for every door, scoping
(another candidate's application or resume is 404), CSRF on every POST, a CSP on every page."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ims.accounts.models import Role, User
from ims.jobs.models import Application
from ims.ui.tests.helpers import page_client, verified
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signup(client: Client, email: str, **extra):
    data = {"email": email, "password1": "A-long-pass-2026", "password2": "A-long-pass-2026", **extra}
    return client.post("/accounts/signup/", data)


def test_sign_up_creates_a_candidate_whatever_the_form_says():
    response = signup(Client(), "new@example.com", role=Role.ADMIN, is_superuser="on", is_staff="on")
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert user.role == Role.CANDIDATE
    assert not user.is_superuser and not user.is_staff


def test_sign_up_sends_a_confirmation_link_and_the_link_confirms_the_address():
    client = Client()
    signup(client, "new@example.com")
    assert len(mail.outbox) == 1
    link = next(word for word in mail.outbox[0].body.split() if "/accounts/confirm-email/" in word)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    assert EmailAddress.objects.get(email="new@example.com").verified


def test_an_unverified_candidate_cannot_apply(candidate):
    job = factories.JobFactory()
    client = page_client(candidate)
    assert client.get(f"/jobs/{job.pk}/apply/").status_code == 403
    response = client.post(f"/jobs/{job.pk}/apply/", {"cover_letter": "Hello"})
    assert response.status_code == 403
    assert b"Confirm your email address first" in response.content
    assert not Application.objects.exists()


def test_a_verified_candidate_applies_with_a_resume_through_the_service(candidate):
    job = factories.JobFactory()
    client = page_client(verified(candidate))
    resume = SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/jobs/{job.pk}/apply/", {"cover_letter": "Hello", "resume": resume})
    application = Application.objects.get(candidate=candidate, job=job)
    assert response.status_code == 302
    assert response["Location"] == f"/app/applications/{application.pk}/"
    assert application.resume_content_type == "application/pdf"
    assert application.events.count() == 1


def test_a_resume_that_is_not_a_document_is_refused_next_to_the_field_with_the_apis_words(candidate):
    job = factories.JobFactory()
    client = page_client(verified(candidate))
    fake = SimpleUploadedFile("cv.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(f"/jobs/{job.pk}/apply/", {"cover_letter": "x", "resume": fake})
    assert response.status_code == 400
    assert b'id="id_resume_error"' in response.content
    assert b"The resume is not a PDF, DOC or DOCX document." in response.content
    assert not Application.objects.exists()


def test_a_second_application_explains_and_links_to_the_first(candidate):
    job = factories.JobFactory()
    application = factories.ApplicationFactory(job=job, candidate=candidate)
    response = page_client(verified(candidate)).get(f"/jobs/{job.pk}/apply/")
    assert b"You have already applied" in response.content
    assert f'href="/app/applications/{application.pk}/"'.encode() in response.content


def test_a_closed_job_does_not_accept_applications(candidate):
    job = factories.JobFactory(is_open=False)
    response = page_client(verified(candidate)).post(f"/jobs/{job.pk}/apply/", {"cover_letter": "x"})
    assert b"This job is closed" in response.content
    assert not Application.objects.exists()


def test_apply_sends_an_anonymous_visitor_to_sign_in_and_back():
    job = factories.JobFactory()
    response = Client().get(f"/jobs/{job.pk}/apply/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/jobs/{job.pk}/apply/"


def test_a_candidate_cannot_open_another_candidates_application_resume_or_calendar(candidate, other_candidate):
    theirs = factories.ApplicationFactory(
        candidate=other_candidate, resume=SimpleUploadedFile("x.pdf", PDF), resume_content_type="application/pdf"
    )
    interview = factories.InterviewFactory(application=theirs)
    client = page_client(candidate)
    for path in [
        f"/app/applications/{theirs.pk}/",
        f"/app/applications/{theirs.pk}/resume/",
        f"/app/applications/{theirs.pk}/withdraw/",
        f"/app/applications/{theirs.pk}/interviews/{interview.pk}/calendar.ics",
        f"/app/interviews/{interview.pk}/",
    ]:
        assert client.get(path).status_code == 404, path
    assert client.post(f"/app/applications/{theirs.pk}/withdraw/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "applied"


def test_the_owner_downloads_their_resume(candidate):
    mine = factories.ApplicationFactory(
        candidate=candidate, resume=SimpleUploadedFile("x.pdf", PDF), resume_content_type="application/pdf"
    )
    response = page_client(candidate).get(f"/app/applications/{mine.pk}/resume/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_withdrawing_asks_first_then_withdraws(candidate):
    mine = factories.ApplicationFactory(candidate=candidate)
    client = page_client(candidate)
    assert b"You cannot undo this" in client.get(f"/app/applications/{mine.pk}/withdraw/").content
    mine.refresh_from_db()
    assert mine.status == "applied"
    response = client.post(f"/app/applications/{mine.pk}/withdraw/", {"note": ""})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "withdrawn"


@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/logout/"],
)
def test_a_post_without_a_csrf_token_is_refused(path):
    response = Client(enforce_csrf_checks=True).post(path, {"email": "a@example.com"})
    assert response.status_code == 403


def test_signed_in_posts_without_a_csrf_token_are_refused(candidate):
    job = factories.JobFactory()
    mine = factories.ApplicationFactory(candidate=verified(candidate))
    client = Client(enforce_csrf_checks=True)
    client.force_login(candidate)
    for path in [f"/jobs/{job.pk}/apply/", f"/app/applications/{mine.pk}/withdraw/", "/app/profile/"]:
        assert client.post(path, {"cover_letter": "x", "timezone": "UTC"}).status_code == 403, path
    mine.refresh_from_db()
    assert mine.status == "applied"
    assert not Application.objects.filter(job=job).exists()


def test_every_page_carries_a_csp_without_inline_script(candidate):
    job = factories.JobFactory()
    paths = ["/", f"/jobs/{job.pk}/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
    for path in paths:
        csp = Client().get(path)["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp


def test_password_change_on_the_page_ends_every_api_token(candidate, client_for):
    api = client_for(candidate)
    assert api.get("/api/users/me/").status_code == 200
    client = page_client(candidate)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "Another-pass-2026", "password2": "Another-pass-2026"},
    )
    assert response.status_code == 302
    assert api.get("/api/users/me/").status_code == 401


def test_profile_changes_go_through_the_service_and_errors_name_the_field(candidate):
    client = page_client(candidate)
    response = client.post("/app/profile/", {"first_name": "Cara", "phone": "not a phone", "timezone": "Europe/Paris"})
    assert response.status_code == 200
    assert b'id="id_phone_error"' in response.content
    response = client.post("/app/profile/", {"first_name": "Carla", "phone": "", "timezone": "Europe/Paris"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.first_name, candidate.timezone) == ("Carla", "Europe/Paris")


def test_times_are_shown_in_the_viewers_zone_with_the_zone_named(candidate):
    candidate.timezone = "Asia/Tokyo"
    candidate.save()
    factories.InterviewFactory(application=factories.ApplicationFactory(candidate=candidate))
    response = page_client(candidate).get("/app/applications/")
    assert b"JST (Asia/Tokyo)" in response.content
    assert b'<time datetime="' in response.content


@pytest.mark.throttle
class TestPageLoginLimitsAreTheApis:
    @pytest.fixture(autouse=True)
    def small_rates(self, settings):
        rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login": "1000/hour", "login_account": "3/hour"}
        rates["login_account_ip"] = "3/hour"
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}

    def page_login(self, email, password, client=None):
        client = client or Client()
        return client.post("/accounts/login/", {"login": email, "password": password})

    def test_failures_on_the_api_count_against_the_page_login(self, candidate, anon_client):
        for _ in range(3):
            anon_client.post("/api/auth/token/", {"email": candidate.email, "password": "wrong"})
        response = self.page_login(candidate.email, PASSWORD)
        assert response.status_code == 200
        assert b"Too many sign-in attempts" in response.content
        assert "_auth_user_id" not in response.wsgi_request.session

    def test_failures_on_the_page_count_against_the_api(self, candidate, anon_client):
        for _ in range(3):
            content = self.page_login(candidate.email, "wrong").content
            assert b"not correct" in content and b"Too many" not in content
        assert anon_client.post("/api/auth/token/", {"email": candidate.email, "password": PASSWORD}).status_code == 429

    def test_the_right_password_under_the_limit_signs_in(self, candidate):
        response = self.page_login(candidate.email.upper(), PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == "/app/"


def test_deactivation_ends_the_page_session_too(candidate, admin):
    from ims.accounts import services

    client = page_client(candidate)
    assert client.get("/app/applications/").status_code == 200
    services.user_deactivate(user=candidate, actor=admin)
    response = client.get("/app/applications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.throttle
def test_applying_through_the_pages_has_its_own_limit_not_the_apis_ten_a_minute(candidate, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "page_apply": "2/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    client = page_client(verified(candidate))
    for _ in range(15):  # well past the API's candidate rate of 10/min: reading pages is not limited
        assert client.get("/app/applications/").status_code == 200
    jobs = factories.JobFactory.create_batch(3)
    statuses = [client.post(f"/jobs/{job.pk}/apply/", {"cover_letter": "x"}).status_code for job in jobs]
    assert statuses == [302, 302, 429]
    assert Application.objects.filter(candidate=candidate).count() == 2
