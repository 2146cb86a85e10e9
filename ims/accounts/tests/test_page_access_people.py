"""Page authorization for /app/people/: URL x role -> expected answer. Admins only; nobody else sees anyone's
email, and nothing changes for them."""

import pytest

from ims.accounts.models import Role, User
from ims.ui.tests.helpers import page_client

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "candidate", "other_candidate", "interviewer", "other_interviewer", "admin")
LOGIN = "login"
ADMIN_ONLY = {"anonymous": LOGIN, "candidate": 404, "other_candidate": 404, "interviewer": 404,
              "other_interviewer": 404}  # fmt: skip
# {pk} is the other interviewer: the target of every change.
TABLE = {
    ("GET", "/app/people/"): ADMIN_ONLY | {"admin": 200},
    ("GET", "/app/people/?role=candidate&q=otto"): ADMIN_ONLY | {"admin": 200},
    ("GET", "/app/people/invite/"): ADMIN_ONLY | {"admin": 200},
    ("POST", "/app/people/invite/"): ADMIN_ONLY | {"admin": 302},
    ("GET", "/app/people/{pk}/"): ADMIN_ONLY | {"admin": 200},
    ("POST", "/app/people/{pk}/role/"): ADMIN_ONLY | {"admin": 302},
    ("POST", "/app/people/{pk}/active/"): ADMIN_ONLY | {"admin": 302},
    ("POST", "/app/people/{pk}/invitation/"): ADMIN_ONLY | {"admin": 302},
}
CASES = [
    (method, url, role, expected) for (method, url), answers in TABLE.items() for role, expected in answers.items()
]
BODY = {"email": "new@example.com", "role": "interviewer", "role-role": "admin", "active": "0"}


@pytest.mark.parametrize(("method", "url", "role", "expected"), CASES)
def test_people_pages_answer_each_role(request, method, url, role, expected):
    personas = {name: request.getfixturevalue(name) for name in ROLES[1:]}
    target = personas["other_interviewer"]
    client = page_client(personas.get(role))
    url = url.format(pk=target.pk)
    response = client.post(url, BODY) if method == "POST" else client.get(url)

    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected, (method, url, role)
    if role != "admin":
        for name, other in personas.items():
            if name != role:
                assert other.email.encode() not in response.content, (url, role, other.email)
        target.refresh_from_db()
        assert (target.role, target.is_active) == (Role.INTERVIEWER, True)
        assert not User.objects.filter(email="new@example.com").exists()
