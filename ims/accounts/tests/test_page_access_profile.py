"""Page authorization for the profile's data pages: URL x role -> expected answer, and nothing of anyone else."""

import pytest

from ims.ui.tests.helpers import page_client

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "candidate", "other_candidate", "interviewer", "other_interviewer", "admin")
LOGIN = "login"

# The export and the deletion are a candidate's own (the API's rule); staff have no such page.
TABLE = {
    "/app/profile/": dict.fromkeys(ROLES[1:], 200) | {"anonymous": LOGIN},
    "/app/profile/export/?format=json": {
        "anonymous": LOGIN,
        "candidate": 200,
        "other_candidate": 200,
        "interviewer": 404,
        "other_interviewer": 404,
        "admin": 404,
    },
    "/app/profile/export/?format=zip": {
        "anonymous": LOGIN,
        "candidate": 200,
        "other_candidate": 200,
        "interviewer": 404,
        "other_interviewer": 404,
        "admin": 404,
    },
    "/app/profile/delete/": {
        "anonymous": LOGIN,
        "candidate": 200,
        "other_candidate": 200,
        "interviewer": 404,
        "other_interviewer": 404,
        "admin": 404,
    },
    "/account-deleted/": dict.fromkeys(ROLES, 200),
}
CASES = [(url, role, expected) for url, answers in TABLE.items() for role, expected in answers.items()]


@pytest.mark.parametrize(("url", "role", "expected"), CASES)
def test_profile_data_pages_answer_each_role(request, url, role, expected):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    others = [request.getfixturevalue(name) for name in ROLES[1:] if name != role]
    response = page_client(user).get(url)

    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        return
    assert response.status_code == expected, (url, role)
    for other in others:
        assert other.email.encode() not in response.content, (url, role, other.email)
