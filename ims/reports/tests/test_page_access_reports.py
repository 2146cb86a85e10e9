"""Page authorization for /app/reports/: URL x role -> expected answer. Admins only: the reports count everyone's
applications and name interviewers; nobody else reads a figure, a name, or a CSV."""

import pytest

from ims.ui.tests.helpers import page_client
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "candidate", "other_candidate", "interviewer", "other_interviewer", "admin")
LOGIN = "login"
ADMIN_ONLY = {"anonymous": LOGIN, "candidate": 404, "other_candidate": 404, "interviewer": 404,
              "other_interviewer": 404, "admin": 200}  # fmt: skip
TABLE = {
    ("GET", "/app/reports/"): ADMIN_ONLY,
    ("GET", "/app/reports/?from=2020-01-01&to=2040-12-31"): ADMIN_ONLY,
    ("GET", "/app/reports/funnel.csv"): ADMIN_ONLY,
    ("GET", "/app/reports/interviewer-load.csv"): ADMIN_ONLY,
    # A report that does not exist is a 404 for the admin too.
    ("GET", "/app/reports/nothing.csv"): ADMIN_ONLY | {"admin": 404},
}
CASES = [
    (method, url, role, expected) for (method, url), answers in TABLE.items() for role, expected in answers.items()
]
JOB = "Zanzibar Platform Engineer"


@pytest.mark.parametrize(("method", "url", "role", "expected"), CASES)
def test_report_pages_answer_each_role(request, method, url, role, expected):
    personas = {name: request.getfixturevalue(name) for name in ROLES[1:]}
    application = factories.ApplicationFactory(job=factories.JobFactory(title=JOB), candidate=personas["candidate"])
    factories.InterviewFactory(application=application, interviewer=personas["interviewer"])
    response = page_client(personas.get(role)).get(url)

    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected, (method, url, role)
    if role != "admin":
        assert JOB.encode() not in response.content
        for name, other in personas.items():
            if name != role:
                assert other.email.encode() not in response.content
                assert other.full_name.encode() not in response.content, (url, role, name)
