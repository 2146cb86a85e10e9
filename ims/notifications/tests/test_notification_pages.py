"""/app/notifications/: admins read the outbox (sent, queued, failed) and resend a failed email, once."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ims.notifications.models import Notification, NotificationStatus
from ims.ui.tests.helpers import page_client
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(candidate, interviewer):
    return {
        "sent": factories.NotificationFactory(recipient=candidate, subject="Sent one", status=NotificationStatus.SENT),
        "queued": factories.NotificationFactory(recipient=interviewer, subject="Queued one"),
        "failed": factories.NotificationFactory(
            recipient=candidate,
            subject="Failed one",
            kind="interview_scheduled",
            status=NotificationStatus.FAILED,
            attempts=5,
            last_error="SMTPServerDisconnected: gone",
        ),
    }


def test_an_admin_sees_every_status_and_filters_by_status_kind_and_recipient(admin, outbox):
    client = page_client(admin)
    body = client.get("/app/notifications/").content.decode()
    assert "Sent one" in body and "Queued one" in body and "Failed one" in body
    assert "SMTPServerDisconnected: gone" in body
    body = client.get("/app/notifications/?status=failed").content.decode()
    assert "Failed one" in body and "Sent one" not in body
    body = client.get("/app/notifications/?kind=interview_scheduled").content.decode()
    assert "Failed one" in body and "Queued one" not in body
    body = client.get("/app/notifications/?q=ivan").content.decode()
    assert "Queued one" in body and "Sent one" not in body
    assert "No emails match" in client.get("/app/notifications/?q=zzzz").content.decode()
    fragment = client.get("/app/notifications/?status=sent", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "Sent one" in fragment


def test_only_failed_emails_offer_resend(admin, outbox):
    body = page_client(admin).get("/app/notifications/").content.decode()
    assert body.count('/resend/"') == 1
    assert f'action="/app/notifications/{outbox["failed"].pk}/resend/"' in body


def test_resending_a_failed_email_sends_it_and_a_second_click_sends_nothing(
    admin, outbox, django_capture_on_commit_callbacks
):
    client = page_client(admin)
    url = f"/app/notifications/{outbox['failed'].pk}/resend/"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"next": "/app/notifications/?status=failed"}, follow=True)

    assert response.redirect_chain[-1][0] == "/app/notifications/?status=failed"
    assert b"is queued to be sent again" in response.content
    assert Notification.objects.get(pk=outbox["failed"].pk).status == NotificationStatus.SENT
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert b"Nothing was resent: the email is sent now" in response.content
    assert len(mail.outbox) == 1


def test_an_email_to_an_erased_candidate_is_never_resent(admin, candidate, outbox, django_capture_on_commit_callbacks):
    from ims.privacy.services import user_erase_by_admin

    user_erase_by_admin(user=candidate, actor=admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = page_client(admin).post(f"/app/notifications/{outbox['failed'].pk}/resend/", follow=True)
    assert b"Nothing was resent" in response.content
    assert not mail.outbox


def test_next_cannot_send_the_admin_elsewhere(admin, outbox):
    response = page_client(admin).post(
        f"/app/notifications/{outbox['failed'].pk}/resend/", {"next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/app/notifications/"


def test_the_list_takes_the_same_queries_for_5_emails_as_for_25(admin):
    client = page_client(admin)
    client.get("/app/notifications/")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/app/notifications/").status_code == 200
        return len(ctx.captured_queries)

    factories.NotificationFactory.create_batch(5, status=NotificationStatus.FAILED)
    few = count()
    factories.NotificationFactory.create_batch(20, status=NotificationStatus.FAILED)
    assert count() == few
