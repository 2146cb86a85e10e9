"""Page authorization for the interviewer's pages: every URL x role -> expected answer, and nothing leaks.

Cara's application has Ivan's interview (held, no feedback yet) and Olga's earlier interview on the same
application (her feedback submitted); Otto's application is interviewed by nobody here."""

import pytest

from ims.interviews.models import FeedbackDraft
from ims.ui.tests.helpers import page_client

pytestmark = pytest.mark.django_db

OK, LOGIN, NOT_FOUND, TO_APPLICATION = 200, "login", 404, "application"


ROLES = ("anonymous", "candidate", "other_candidate", "interviewer", "other_interviewer", "admin")

# url name -> {role: expected}; "mine" is Ivan's interview on Cara's application.
TABLE = {
    "home": {
        "anonymous": LOGIN, "candidate": 302, "other_candidate": 302,
        "interviewer": OK, "other_interviewer": OK, "admin": OK,
    },
    "kit": {
        "anonymous": LOGIN, "candidate": TO_APPLICATION, "other_candidate": NOT_FOUND,
        "interviewer": OK, "other_interviewer": NOT_FOUND, "admin": OK,
    },
    "kit-resume": {
        "anonymous": LOGIN, "candidate": NOT_FOUND, "other_candidate": NOT_FOUND,
        "interviewer": OK, "other_interviewer": NOT_FOUND, "admin": OK,
    },
    "kit-calendar": {
        "anonymous": LOGIN, "candidate": NOT_FOUND, "other_candidate": NOT_FOUND,
        "interviewer": OK, "other_interviewer": NOT_FOUND, "admin": OK,
    },
}  # fmt: skip
# Strings of Cara's application that a role must never see on these pages.
NEVER = {
    "anonymous": ["Cara", "Ivan's draft words", "Olga's"],
    "candidate": ["Ivan's draft words", "Olga's private notes", "olga@example.com", "ivan@example.com"],
    "other_candidate": ["Cara", "Ivan's draft words", "Olga's"],
    "interviewer": ["Olga's private notes", "olga@example.com", "Olga's shared comments"],  # blind until submitted
    "other_interviewer": ["Ivan's draft words", "Cara's letter"],
    "admin": ["Ivan's draft words"],  # drafts are the interviewer's alone
}


# The URL each row requests ({pk}: Ivan's interview); tests/contract checks every /app/ page has a row somewhere.
PATHS = {
    "home": "/app/",
    "kit": "/app/interviews/{pk}/",
    "kit-resume": "/app/interviews/{pk}/resume/",
    "kit-calendar": "/app/interviews/{pk}/calendar.ics",
}


def _url(name: str, world) -> str:
    return PATHS[name].format(pk=world["mine"].pk)


def _user(role, request):
    return None if role == "anonymous" else request.getfixturevalue(role)


CASES = [(name, role) for name in TABLE for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n} as {r}" for n, r in CASES])
def test_each_interviewer_page_answers_each_role_as_specified_and_leaks_nothing(kit_world, request, name, role):
    user = _user(role, request)
    response = page_client(user).get(_url(name, kit_world))
    expected = TABLE[name][role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == TO_APPLICATION:
        assert response.status_code == 302
        assert response["Location"].startswith(f"/app/applications/{kit_world['application'].pk}/")
    else:
        assert response.status_code == expected, response.content[:300]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    for secret in NEVER[role]:
        assert secret.encode() not in content, f"{name} as {role} leaked {secret!r}"


def test_writing_the_scorecard_is_refused_to_everyone_but_its_interviewer(kit_world, request):
    url = _url("kit", kit_world)
    body = {"action": "draft", "comments": "hostile"}
    assert page_client().post(url, body).status_code == 302  # to the login page
    assert page_client(request.getfixturevalue("candidate")).post(url, body).status_code == 405
    assert page_client(request.getfixturevalue("other_candidate")).post(url, body).status_code == 405
    assert page_client(request.getfixturevalue("other_interviewer")).post(url, body).status_code == 404
    assert page_client(request.getfixturevalue("admin")).post(url, body).status_code == 404
    assert FeedbackDraft.objects.get().comments == "Ivan's draft words"
