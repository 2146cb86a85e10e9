"""Page authorization for the careers pages and the candidate's own pages (their list, withdrawing, an
interview's calendar file): URL x role -> expected answer, nothing of anyone else's in what each role gets, and a
refused withdrawal changes nothing. Cara (the candidate) applied and has an interview with Ivan (the interviewer);
Otto (the other candidate) is verified and has applied to nothing."""

import pytest

from ims.jobs.models import Application
from ims.ui.tests.helpers import page_client, verified
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "candidate", "other_candidate", "interviewer", "other_interviewer", "admin")
LOGIN = "login"
EVERYONE = dict.fromkeys(ROLES, 200)
CARAS_OWN = {"anonymous": LOGIN, "candidate": 200, "other_candidate": 404, "interviewer": 404,
             "other_interviewer": 404, "admin": 404}  # fmt: skip
TABLE = {
    ("GET", "/"): EVERYONE,
    ("GET", "/jobs/{job}/"): EVERYONE,
    # Cara is told she already applied, Otto gets the form; staff get the "candidates only" page (403).
    ("GET", "/jobs/{job}/apply/"): {
        "anonymous": LOGIN,
        "candidate": 200,
        "other_candidate": 200,
        "interviewer": 403,
        "other_interviewer": 403,
        "admin": 403,
    },
    # Each candidate's own list (Otto's is empty); staff have none.
    ("GET", "/app/applications/"): CARAS_OWN | {"other_candidate": 200},
    ("GET", "/app/applications/{application}/withdraw/"): CARAS_OWN,
    ("POST", "/app/applications/{application}/withdraw/"): CARAS_OWN | {"candidate": 302},
    ("GET", "/app/applications/{application}/interviews/{interview}/calendar.ics"): CARAS_OWN,
}
CASES = [
    (method, url, role, expected) for (method, url), answers in TABLE.items() for role, expected in answers.items()
]
LETTER = "Cara's own cover letter"


@pytest.mark.parametrize(("method", "url", "role", "expected"), CASES)
def test_candidate_pages_answer_each_role(request, method, url, role, expected):
    personas = {name: request.getfixturevalue(name) for name in ROLES[1:]}
    verified(personas["other_candidate"])
    job = factories.JobFactory(title="Backend Engineer")
    application = factories.ApplicationFactory(
        job=job, candidate=personas["candidate"], status="interviewing", cover_letter=LETTER
    )
    interview = factories.InterviewFactory(application=application, interviewer=personas["interviewer"])
    url = url.format(job=job.pk, application=application.pk, interview=interview.pk)
    client = page_client(personas.get(role))
    response = client.post(url, {"note": ""}) if method == "POST" else client.get(url)

    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected, (method, url, role)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if role != "candidate":
        assert LETTER.encode() not in content
        assert b"Room 1" not in content  # the interview's location
        application.refresh_from_db()
        assert application.status == "interviewing"  # nothing withdrawn
    for name, other in personas.items():
        if name != role:
            assert other.email.encode() not in content, (url, role, other.email)
    if role not in ("candidate", "admin"):
        assert b"Cara" not in content, (url, role)


def test_the_candidate_withdraws_only_through_her_own_post(candidate):
    application = factories.ApplicationFactory(candidate=candidate, status="interviewing")
    page_client(candidate).post(f"/app/applications/{application.pk}/withdraw/", {"note": ""})
    assert Application.objects.get(pk=application.pk).status == "withdrawn"
