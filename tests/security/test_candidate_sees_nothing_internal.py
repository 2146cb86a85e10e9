"""What a candidate may open shows nothing internal (issue 14): every page a candidate gets (each row of the
page-access tables where the candidate is answered 200 or redirected) and the API they use, opened by Cara in a
world full of things she must not see: the interviewers' and admins' addresses and phone numbers, the notes
recruiters left on her application's moves, the interviewers' private notes, recommendations and criteria
scores (submitted, edited and still in draft), the round's guidance for interviewers, and another candidate who
applied to the same job. A candidate page added to a table without a row here fails the coverage test."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from ims.interviews import services as interview_services
from ims.jobs import services as job_services
from ims.ui.tests.helpers import page_client, verified
from tests import factories
from tests.contract.test_page_matrix_covers_every_page import table_modules, url_name

pytestmark = pytest.mark.django_db

EVENT_NOTE = "Internal: hiring manager unsure"
PRIVATE_NOTE = "Private: asked about salary history"
EDITED_PRIVATE_NOTE = "Private, edited: seemed nervous"
DRAFT_COMMENT = "Draft words not yet submitted"
DRAFT_NOTE = "Draft private note"
GUIDANCE = "Interviewers only: probe the gap year"
OTHER_LETTER = "Otto's own cover letter"
STAFF_PHONE = "+442071838750"
NAMELESS = "nameless.interviewer@example.com"

# The GET pages a candidate opens, by URL name; the placeholders are filled from the world below.
CANDIDATE_PAGES = {
    "careers": "/",
    "job": "/jobs/{job}/",
    "job-apply": "/jobs/{job}/apply/",
    "app-home": "/app/",
    "my-applications": "/app/applications/",
    "my-application": "/app/applications/{application}/",
    "my-application-withdraw": "/app/applications/{application}/withdraw/",
    "my-application-resume": "/app/applications/{application}/resume/",
    "my-interview-calendar": "/app/applications/{application}/interviews/{interview}/calendar.ics",
    "interview-page": "/app/interviews/{interview}/",
    "profile": "/app/profile/",
    "profile-export": "/app/profile/export/?format=json",
    "profile-delete": "/app/profile/delete/",
    "account-deleted": "/account-deleted/",
}
CANDIDATE_API = (
    "/api/applications/me/",
    "/api/applications/{application}/",
    "/api/feedback/me/",
    "/api/notifications/",
    "/api/users/me/",
    "/api/users/me/export/",
    "/api/users/{interviewer}/",
    "/api/application-rounds/{interview}/",
)


def test_every_page_the_tables_open_for_a_candidate_is_checked_here():
    opened = set()
    for module in table_modules():
        for key, answers in module.TABLE.items():
            method, url = key if isinstance(key, tuple) else ("GET", key)
            url = module.PATHS[url] if getattr(module, "PATHS", None) is not None else url
            answer = answers.get("candidate") if isinstance(answers, dict) else None
            if method == "GET" and answer not in (None, 403, 404, "login"):
                opened.add(url_name(url))
    assert opened <= set(CANDIDATE_PAGES), sorted(opened - set(CANDIDATE_PAGES))


@pytest.fixture
def world(admin, interviewer, other_interviewer, candidate, other_candidate):
    for staff in (admin, interviewer, other_interviewer):
        staff.phone = STAFF_PHONE
        staff.save()
    verified(candidate)
    nameless = factories.InterviewerFactory(email=NAMELESS, first_name="", last_name="")
    job = factories.JobFactory(title="Backend Engineer")
    application = factories.ApplicationFactory(job=job, candidate=candidate, resume=None)
    factories.ApplicationFactory(job=job, candidate=other_candidate, cover_letter=OTHER_LETTER)
    job_services.application_transition(application=application, to_status="screening", actor=admin, note=EVENT_NOTE)
    job_services.application_transition(application=application, to_status="interviewing", actor=admin, note=EVENT_NOTE)
    round_type = factories.RoundTypeFactory(name="Technical", criteria=["Design"], guidance=GUIDANCE)
    held_at = timezone.now() - timedelta(hours=3)
    held = factories.InterviewFactory(
        application=application, interviewer=interviewer, round_type=round_type, scheduled_at=held_at
    )
    feedback = interview_services.feedback_submit(
        interview=held,
        interviewer=interviewer,
        rating=4,
        comments="Clear thinking.",
        recommendation="definitely_not",
        criteria_scores={"Design": 2},
        private_notes=PRIVATE_NOTE,
    )
    interview_services.feedback_edit(feedback=feedback, editor=interviewer, data={"private_notes": EDITED_PRIVATE_NOTE})
    coming = factories.InterviewFactory(
        application=application,
        interviewer=nameless,
        round_type=round_type,
        scheduled_at=timezone.now() + timedelta(days=2),
    )
    interview_services.feedback_draft_save(
        interview=coming, interviewer=nameless, data={"comments": DRAFT_COMMENT, "private_notes": DRAFT_NOTE}
    )
    secrets = [EVENT_NOTE, PRIVATE_NOTE, EDITED_PRIVATE_NOTE, DRAFT_COMMENT, DRAFT_NOTE, GUIDANCE, OTHER_LETTER]
    secrets += [NAMELESS, STAFF_PHONE, "definitely_not", "Definitely not"]
    secrets += [person.email for person in (admin, interviewer, other_interviewer, other_candidate)]
    secrets += [other_candidate.full_name]
    places = {"job": job.pk, "application": application.pk, "interview": coming.pk, "interviewer": interviewer.pk}
    return {"secrets": secrets, "places": places}


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    text = content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text += json.dumps(json.loads(text), ensure_ascii=False)  # the \\u escapes spelled out
    return text


@pytest.mark.parametrize("name", sorted(CANDIDATE_PAGES))
def test_no_page_a_candidate_opens_shows_anything_internal(world, candidate, name):
    url = CANDIDATE_PAGES[name].format(**world["places"])
    response = page_client(candidate).get(url, follow=True)

    assert response.status_code in (200, 404), (url, response.status_code)
    text = _text(response)
    for secret in world["secrets"]:
        assert secret not in text, (url, secret)


def test_the_profile_export_zip_shows_nothing_internal(world, candidate):
    response = page_client(candidate).get("/app/profile/export/?format=zip")

    assert response.status_code == 200
    text = _text(response)
    assert "Backend Engineer" in text
    for secret in world["secrets"]:
        assert secret not in text, secret


@pytest.mark.parametrize("url", CANDIDATE_API)
def test_no_api_answer_to_a_candidate_shows_anything_internal(world, candidate_client, url):
    response = candidate_client.get(url.format(**world["places"]))

    text = _text(response)
    for secret in world["secrets"]:
        assert secret not in text, (url, secret)
