"""Page authorization for /app/rounds/: URL x role -> expected answer. Admins only; nobody else learns a word
of the guidance (the interview kit shows it to the round's interviewer, not these pages)."""

import pytest

from ims.ui.tests.helpers import page_client
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "candidate", "other_candidate", "interviewer", "other_interviewer", "admin")
LOGIN = "login"
ADMIN_ONLY = {"anonymous": LOGIN, "candidate": 404, "other_candidate": 404, "interviewer": 404,
              "other_interviewer": 404}  # fmt: skip
TABLE = {
    ("GET", "/app/rounds/"): ADMIN_ONLY | {"admin": 200},
    ("GET", "/app/rounds/new/"): ADMIN_ONLY | {"admin": 200},
    ("GET", "/app/rounds/{pk}/edit/"): ADMIN_ONLY | {"admin": 200},
    ("GET", "/app/rounds/{pk}/delete/"): ADMIN_ONLY | {"admin": 200},
    ("POST", "/app/rounds/{pk}/active/"): ADMIN_ONLY | {"admin": 302},
    ("POST", "/app/rounds/new/"): ADMIN_ONLY | {"admin": 200},  # an empty form: errors, nothing created
}
CASES = [
    (method, url, role, expected) for (method, url), answers in TABLE.items() for role, expected in answers.items()
]
SECRET_GUIDANCE = "Ask about the Zanzibar migration"


@pytest.mark.parametrize(("method", "url", "role", "expected"), CASES)
def test_round_pages_answer_each_role(request, method, url, role, expected):
    round_type = factories.RoundTypeFactory(name="Technical", guidance=SECRET_GUIDANCE)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = page_client(user)
    url = url.format(pk=round_type.pk)
    response = client.post(url, {"active": "0"}) if method == "POST" else client.get(url)

    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected, (method, url, role)
    if role != "admin":
        assert SECRET_GUIDANCE.encode() not in response.content
        round_type.refresh_from_db()
        assert round_type.is_active  # nothing changed
