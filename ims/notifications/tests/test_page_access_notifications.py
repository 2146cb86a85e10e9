"""Page authorization for /app/notifications/: URL x role -> expected answer. Admins only: the outbox holds
everyone's emails; nobody else reads a subject or an address, or resends anything."""

import pytest

from ims.notifications.models import Notification, NotificationStatus
from ims.ui.tests.helpers import page_client
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "candidate", "other_candidate", "interviewer", "other_interviewer", "admin")
LOGIN = "login"
ADMIN_ONLY = {"anonymous": LOGIN, "candidate": 404, "other_candidate": 404, "interviewer": 404,
              "other_interviewer": 404}  # fmt: skip
TABLE = {
    ("GET", "/app/notifications/"): ADMIN_ONLY | {"admin": 200},
    ("GET", "/app/notifications/?status=failed&kind=application_received&q=cara"): ADMIN_ONLY | {"admin": 200},
    ("POST", "/app/notifications/{pk}/resend/"): ADMIN_ONLY | {"admin": 302},
}
CASES = [
    (method, url, role, expected) for (method, url), answers in TABLE.items() for role, expected in answers.items()
]
SUBJECT = "Private subject for Cara"


@pytest.mark.parametrize(("method", "url", "role", "expected"), CASES)
def test_notification_pages_answer_each_role(request, method, url, role, expected):
    personas = {name: request.getfixturevalue(name) for name in ROLES[1:]}
    # The candidate's own failed email: even its recipient does not get the outbox page.
    failed = factories.NotificationFactory(
        recipient=personas["candidate"], subject=SUBJECT, status=NotificationStatus.FAILED
    )
    client = page_client(personas.get(role))
    url = url.format(pk=failed.pk)
    response = client.post(url) if method == "POST" else client.get(url)

    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected, (method, url, role)
    if role != "admin":
        assert SUBJECT.encode() not in response.content
        for name, other in personas.items():
            if name != role:
                assert other.email.encode() not in response.content
        assert Notification.objects.get(pk=failed.pk).status == NotificationStatus.FAILED
