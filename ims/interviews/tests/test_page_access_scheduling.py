"""Page authorization for scheduling, rescheduling and cancelling: URL x role -> expected answer, for GET and
POST, and nothing changes for anyone refused (issue 14). Rows are (url name, role, expected)."""

import pytest

from ims.interviews.models import Interview
from ims.ui.tests.helpers import page_client
from tests import factories

LOGIN = "login"
ADMIN_ONLY = {
    "anonymous": LOGIN,
    "candidate": 404,
    "other_candidate": 404,
    "interviewer": 404,
    "other_interviewer": 404,
    "admin": 200,
}
TABLE = {"schedule": ADMIN_ONLY, "reschedule": ADMIN_ONLY, "cancel": ADMIN_ONLY}
# The URL each row requests; tests/contract checks every /app/ page has a row somewhere.
PATHS = {
    "schedule": "/app/applications/{application}/schedule/",
    "reschedule": "/app/interviews/{interview}/reschedule/",
    "cancel": "/app/interviews/{interview}/cancel/",
}
CASES = [(url, role, expected) for url, row in TABLE.items() for role, expected in row.items()]


@pytest.fixture
def world(admin, interviewer, other_interviewer, candidate, other_candidate):
    application = factories.ApplicationFactory(candidate=candidate, status="interviewing")
    interview = factories.InterviewFactory(application=application, interviewer=interviewer)
    users = {
        "anonymous": None,
        "candidate": candidate,
        "other_candidate": other_candidate,
        "interviewer": interviewer,
        "other_interviewer": other_interviewer,
        "admin": admin,
    }
    urls = {name: path.format(application=application.pk, interview=interview.pk) for name, path in PATHS.items()}
    return {"users": users, "urls": urls, "interview": interview}


def _check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "role", "expected"), CASES)
def test_each_role_gets_what_the_table_says(world, url, role, expected):
    response = page_client(world["users"][role]).get(world["urls"][url])
    _check(response, expected)
    if response.status_code == 404:
        assert b"Room 1" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role, expected in ADMIN_ONLY.items() if expected != 200])
@pytest.mark.parametrize("url", ["schedule", "reschedule", "cancel"])
def test_a_refused_post_changes_nothing(world, url, role):
    before = list(Interview.objects.values_list("pk", "status", "scheduled_at", "sequence"))
    response = page_client(world["users"][role]).post(world["urls"][url], {"time": "10:00"})
    _check(response, ADMIN_ONLY[role])
    assert list(Interview.objects.values_list("pk", "status", "scheduled_at", "sequence")) == before
