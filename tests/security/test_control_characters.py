"""Control characters in text fields (issue 11, item 9).

A candidate named "Cara\\r\\nMeeting link: https://evil.example" forged a line in the plain-text email the
interviewer receives. Every single-line text field (names, titles, places, phone, round type names and
criteria, the meeting link) now refuses control characters and line separators with a 400 naming the
field; multi-line fields (descriptions, cover letters, comments, notes) keep line breaks and tabs but refuse
the other control characters. The rule is a model field validator, so the admin's forms refuse them too.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.utils import timezone

from ims.accounts.models import User
from ims.interviews.models import RoundType
from ims.jobs.models import Job
from tests import factories

pytestmark = pytest.mark.django_db

FORGED = "Cara\r\nMeeting link: https://evil.example/join"
NOT_ONE_LINE = [FORGED, "Cara\nCandidate", "Cara\rX", "Cara\x1b[31m", "Cara\u2028X", "Cara\u2029X", "a\x85b", "a\tb"]
NOT_FREE_TEXT = ["bell\x07", "escape\x1b[2J", "form\x0cfeed", "vertical\x0btab", "c1\x9b"]
FREE_TEXT = "First line.\nSecond line.\r\nThird\tline with a tab."


def assert_400_naming(response, field: str) -> None:
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"], response.json()


@pytest.mark.parametrize("value", NOT_ONE_LINE)
@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_registering_with_a_control_character_in_a_name_is_a_400(anon_client, field, value):
    body = {"email": "new@example.com", "password": "a-long-enough-passphrase", field: value}
    assert_400_naming(anon_client.post("/api/users/create", body, format="json"), field)
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.parametrize("value", NOT_ONE_LINE)
def test_a_control_character_in_the_phone_is_a_400(candidate_client, value):
    response = candidate_client.patch("/api/users/me/", {"phone": "+1415555" + value + "0123"}, format="json")
    assert_400_naming(response, "phone")


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_changing_a_name_to_one_with_a_line_break_is_a_400(candidate, candidate_client, admin_client, field):
    assert_400_naming(candidate_client.patch("/api/users/me/", {field: FORGED}, format="json"), field)
    assert_400_naming(admin_client.patch(f"/api/users/{candidate.pk}/", {field: FORGED}, format="json"), field)
    candidate.refresh_from_db()
    assert "\n" not in getattr(candidate, field)


def job_body(**changes) -> dict:
    return {"title": "Backend Engineer", "description": "Build things.", "department": "Engineering"} | changes


@pytest.mark.parametrize("value", NOT_ONE_LINE)
@pytest.mark.parametrize("field", ["title", "department", "location"])
def test_a_job_with_a_control_character_in_a_single_line_field_is_a_400(admin_client, field, value):
    assert_400_naming(admin_client.post("/api/jobs/", job_body(**{field: value}), format="json"), field)
    assert not Job.objects.exists()


def test_a_job_description_keeps_its_line_breaks_and_tabs(admin_client):
    response = admin_client.post("/api/jobs/", job_body(description=FREE_TEXT), format="json")
    assert response.status_code == 201, response.content
    assert Job.objects.get().description == FREE_TEXT


@pytest.mark.parametrize("value", NOT_FREE_TEXT)
def test_a_job_description_refuses_other_control_characters(admin_client, value):
    assert_400_naming(admin_client.post("/api/jobs/", job_body(description=value), format="json"), "description")


@pytest.mark.parametrize("value", NOT_ONE_LINE)
def test_a_round_type_name_or_criterion_with_a_control_character_is_a_400(admin_client, value):
    assert_400_naming(admin_client.post("/api/interview-rounds/", {"name": value}, format="json"), "name")
    response = admin_client.post("/api/interview-rounds/", {"name": "Technical", "criteria": [value]}, format="json")
    assert_400_naming(response, "criteria")
    assert not RoundType.objects.exists()


def test_a_round_type_description_keeps_its_line_breaks(admin_client):
    response = admin_client.post("/api/interview-rounds/", {"name": "HR", "description": FREE_TEXT}, format="json")
    assert response.status_code == 201, response.content


@pytest.fixture
def application(candidate):
    return factories.ApplicationFactory(candidate=candidate)


def schedule_body(interviewer, **changes) -> dict:
    round_type = factories.RoundTypeFactory()
    start = (timezone.now() + timezone.timedelta(days=3)).isoformat()
    return {"round_type": round_type.pk, "interviewer": interviewer.pk, "scheduled_at": start} | changes


@pytest.mark.parametrize("value", NOT_ONE_LINE)
def test_scheduling_with_a_control_character_in_the_location_is_a_400(admin_client, interviewer, application, value):
    body = schedule_body(interviewer, location=value)
    assert_400_naming(admin_client.post(f"/api/applications/{application.pk}/rounds/", body, format="json"), "location")


@pytest.mark.parametrize("value", ["https://meet.example/x\x1b[2J", "https://meet.example/\u2028x"])
def test_scheduling_with_a_control_character_in_the_meeting_link_is_a_400(
    admin_client, interviewer, application, value
):
    body = schedule_body(interviewer, meeting_url=value)
    response = admin_client.post(f"/api/applications/{application.pk}/rounds/", body, format="json")
    assert_400_naming(response, "meeting_url")


def test_rescheduling_to_a_location_with_a_line_break_is_a_400(admin_client, interviewer):
    interview = factories.InterviewFactory(interviewer=interviewer)
    response = admin_client.patch(f"/api/application-rounds/{interview.pk}/", {"location": FORGED}, format="json")
    assert_400_naming(response, "location")


def test_a_cover_letter_keeps_its_line_breaks_but_not_escape_sequences(candidate_client):
    job = factories.JobFactory()
    response = candidate_client.post("/api/applications/", {"job": job.pk, "cover_letter": "a\x1b[2Jb"}, format="json")
    assert_400_naming(response, "cover_letter")
    response = candidate_client.post("/api/applications/", {"job": job.pk, "cover_letter": FREE_TEXT}, format="json")
    assert response.status_code == 201, response.content


def test_feedback_comments_keep_their_line_breaks_but_not_escape_sequences(interviewer, client_for):
    interview = factories.InterviewFactory(
        interviewer=interviewer, scheduled_at=timezone.now() - timezone.timedelta(hours=2)
    )
    url = f"/api/application-rounds/{interview.pk}/feedback/"
    body = {"rating": 3, "comments": "ok", "private_notes": "x\x1b[2J"}
    assert_400_naming(client_for(interviewer).post(url, body, format="json"), "private_notes")
    assert_400_naming(client_for(interviewer).post(url, body | {"comments": "\x07", "private_notes": ""}), "comments")
    response = client_for(interviewer).post(url, body | {"comments": FREE_TEXT, "private_notes": FREE_TEXT})
    assert response.status_code == 201, response.content


def test_a_forged_meeting_link_can_no_longer_reach_the_interviewers_email(
    anon_client, admin_client, interviewer, django_capture_on_commit_callbacks
):
    """The attack end to end: the forged name is refused, so the interviewer's email has one meeting link,
    the real one."""
    body = {"email": "mallory@example.com", "password": "a-long-enough-passphrase", "first_name": FORGED}
    assert anon_client.post("/api/users/create", body, format="json").status_code == 400
    body["first_name"] = "Mallory"
    assert anon_client.post("/api/users/create", body, format="json").status_code == 201
    application = factories.ApplicationFactory(candidate=User.objects.get(email="mallory@example.com"))
    schedule = schedule_body(interviewer, meeting_url="https://meet.example/real")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/api/applications/{application.pk}/rounds/", schedule, format="json")
    assert response.status_code == 201, response.content
    [message] = [m for m in mail.outbox if m.to == [interviewer.email]]
    links = [line for line in message.body.splitlines() if line.strip().startswith("Meeting link:")]
    assert links == ["Meeting link: https://meet.example/real"]


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [(User, "first_name", FORGED), (Job, "title", FORGED), (Job, "department", "a\x1b"), (RoundType, "name", "a\nb")],
)
def test_the_admin_sites_forms_refuse_them_too(model, field, value):
    form = modelform_factory(model, fields=[field])(data={field: value})
    assert not form.is_valid()
    assert field in form.errors
    with pytest.raises(ValidationError):
        model._meta.get_field(field).run_validators(value)
