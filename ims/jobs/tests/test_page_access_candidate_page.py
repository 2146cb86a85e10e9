"""Page authorization for the application's address and its resume: URL x role -> expected answer, and no
leak in what each role gets (issue 14). Joinable into one matrix: each row is (url name, role, expected)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ims.jobs.tests.conftest import PDF_BYTES
from ims.ui.tests.helpers import page_client
from tests import factories

LOGIN = "login"
ROLES = ["anonymous", "candidate", "other_candidate", "interviewer", "other_interviewer", "admin"]

# expected: 200, 404, LOGIN (redirect to the sign-in page), or "kit" (redirect to the interviewer's interview kit)
TABLE = {
    "application": {
        "anonymous": LOGIN,
        "candidate": 200,
        "other_candidate": 404,
        "interviewer": "kit",
        "other_interviewer": 404,
        "admin": 200,
    },
    "resume": {
        "anonymous": LOGIN,
        "candidate": 200,
        "other_candidate": 404,
        "interviewer": 404,
        "other_interviewer": 404,
        "admin": 200,
    },
    "resume_inline": {
        "anonymous": LOGIN,
        "candidate": 404,
        "other_candidate": 404,
        "interviewer": 404,
        "other_interviewer": 404,
        "admin": 200,
    },
}
# The URL each row requests ({pk}: Cara's application); tests/contract checks every /app/ page has a row somewhere.
PATHS = {
    "application": "/app/applications/{pk}/",
    "resume": "/app/applications/{pk}/resume/",
    "resume_inline": "/app/applications/{pk}/resume/inline/",
}
CASES = [(url, role, expected) for url, row in TABLE.items() for role, expected in row.items()]


@pytest.fixture
def world(admin, interviewer, other_interviewer, candidate, other_candidate):
    application = factories.ApplicationFactory(
        candidate=candidate,
        status="interviewing",
        cover_letter="Cara's own cover letter.",
        resume=SimpleUploadedFile("cv.pdf", PDF_BYTES),
        resume_content_type="application/pdf",
        resume_filename="cv.pdf",
    )
    done = factories.InterviewFactory(application=application, interviewer=interviewer, status="completed")
    factories.FeedbackFactory(interview=done, comments="Good answers.", private_notes="PRIVATE-NOTE-XYZ")
    other_interviewer_elsewhere = factories.InterviewFactory(interviewer=other_interviewer)
    users = {
        "anonymous": None,
        "candidate": candidate,
        "other_candidate": other_candidate,
        "interviewer": interviewer,
        "other_interviewer": other_interviewer,
        "admin": admin,
    }
    urls = {name: path.format(pk=application.pk) for name, path in PATHS.items()}
    return {"users": users, "urls": urls, "interview": done, "elsewhere": other_interviewer_elsewhere}


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "role", "expected"), CASES)
def test_each_role_gets_what_the_table_says(world, url, role, expected):
    response = page_client(world["users"][role]).get(world["urls"][url])
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == "kit":
        assert response.status_code == 302
        assert response["Location"] == f"/app/interviews/{world['interview'].pk}/"
    else:
        assert response.status_code == expected
    if response.status_code == 404:
        assert b"PRIVATE-NOTE-XYZ" not in response.content
        assert b"Good answers." not in response.content
        assert b"cv.pdf" not in response.content


@pytest.mark.django_db
def test_the_candidate_never_sees_private_notes_or_the_interviewers_contact_on_their_own_page(world, interviewer):
    response = page_client(world["users"]["candidate"]).get(world["urls"]["application"])
    html = response.content.decode()
    assert "Cara&#x27;s own cover letter." in html or "Cara's own cover letter." in html
    assert "PRIVATE-NOTE-XYZ" not in html
    assert interviewer.email not in html
    assert "Scorecards" not in html


@pytest.mark.django_db
def test_the_admin_sees_the_private_notes_in_the_scorecards(world):
    html = page_client(world["users"]["admin"]).get(world["urls"]["application"]).content.decode()
    assert "PRIVATE-NOTE-XYZ" in html
    assert "Scorecards" in html
