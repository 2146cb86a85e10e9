"""Who may open the recruiter's pages (issue 14): every URL x every persona -> allowed, login, or 404, and no
leak in what the others get. A table, so it can join the other page matrices."""

import pytest

from ims.ui.tests.helpers import page_client
from tests import factories

pytestmark = pytest.mark.django_db

OK, LOGIN, MISSING = 200, "login", 404
PERSONAS = ("anonymous", "candidate", "other_candidate", "interviewer", "other_interviewer", "admin")
ADMIN_ONLY = {"anonymous": LOGIN, **dict.fromkeys(PERSONAS[1:5], MISSING), "admin": OK}

# (method, URL template) -> expected per persona. {job} is a job with cards of both candidates; the candidate
# applied, the interviewer interviews that application.
TABLE = {
    ("GET", "/app/jobs/"): ADMIN_ONLY,
    ("GET", "/app/jobs/new/"): ADMIN_ONLY,
    ("GET", "/app/jobs/{job}/"): ADMIN_ONLY,
    ("GET", "/app/jobs/{job}/?status=applied"): ADMIN_ONLY,
    ("GET", "/app/jobs/{job}/edit/"): ADMIN_ONLY,
    ("GET", "/app/jobs/{job}/reject/?applications={application}:applied"): ADMIN_ONLY,
    ("POST", "/app/jobs/{job}/close/"): {**ADMIN_ONLY, "admin": 302},
    ("POST", "/app/jobs/{job}/reopen/"): {**ADMIN_ONLY, "admin": 302},
    ("POST", "/app/jobs/{job}/move/"): {**ADMIN_ONLY, "admin": 302},
    # A job that does not exist is a 404 for the admin too.
    ("GET", "/app/jobs/999999/"): {**ADMIN_ONLY, "admin": MISSING},
}


@pytest.fixture
def people(admin, interviewer, other_interviewer, candidate, other_candidate):
    return {
        "anonymous": None,
        "candidate": candidate,
        "other_candidate": other_candidate,
        "interviewer": interviewer,
        "other_interviewer": other_interviewer,
        "admin": admin,
    }


@pytest.fixture
def world(people):
    job = factories.JobFactory(title="Backend Engineer", openings=3)
    application = factories.ApplicationFactory(job=job, candidate=people["candidate"])
    factories.ApplicationFactory(job=job, candidate=people["other_candidate"])
    factories.InterviewFactory(application=application, interviewer=people["interviewer"])
    return {"job": job.pk, "application": application.pk}


@pytest.mark.parametrize(("method", "url"), list(TABLE))
@pytest.mark.parametrize("persona", PERSONAS)
def test_recruiter_pages_answer_each_persona_as_the_table_says(people, world, method, url, persona):
    expected = TABLE[(method, url)][persona]
    path = url.format(**world)
    client = page_client(people[persona])
    data = {"applications": f"{world['application']}:applied", "to_status": "screening"}
    response = client.get(path) if method == "GET" else client.post(path, data)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected, (persona, path)
    if persona != "admin":
        # No other candidate's name (one's own is in the header's menu), no card, for anyone but the admin.
        own = people[persona].full_name.encode() if people[persona] else b""
        others = {b"Cara Candidate", b"Otto Other"} - {own}
        assert not [name for name in others | {b"Interviews:"} if name in response.content]


def test_nobody_but_the_admin_changed_anything(people, world):
    from ims.jobs.models import Application, Job

    for persona in PERSONAS[:5]:
        client = page_client(people[persona])
        client.post(f"/app/jobs/{world['job']}/close/")
        client.post(
            f"/app/jobs/{world['job']}/move/",
            {"applications": f"{world['application']}:applied", "to_status": "screening"},
        )
    assert Job.objects.get(pk=world["job"]).is_open
    assert Application.objects.get(pk=world["application"]).status == "applied"


def test_the_admin_nav_leads_to_the_dashboard_and_jobs_and_others_do_not_see_it(people):
    admin_page = page_client(people["admin"]).get("/app/jobs/").content
    assert b'href="/app/jobs/"' in admin_page and b"Dashboard" in admin_page
    for persona in ("interviewer", "candidate"):
        assert b'href="/app/jobs/"' not in page_client(people[persona]).get("/").content
