import pytest
from django.core import mail
from django.test import Client

from ims.notifications.models import Notification, NotificationStatus
from tests import factories


@pytest.fixture
def admin_site(admin):
    client = Client()
    client.force_login(admin)
    return client


def test_the_admin_site_lists_notifications_with_filters(admin_site, candidate):
    factories.NotificationFactory(recipient=candidate, subject="Application received", status="failed")

    response = admin_site.get("/admin/notifications/notification/?status__exact=failed")

    assert response.status_code == 200
    assert b"Application received" in response.content


def test_resend_requeues_failed_notifications_and_sends_them(admin_site, candidate, django_capture_on_commit_callbacks):
    failed = factories.NotificationFactory(
        recipient=candidate, subject="Try again", status=NotificationStatus.FAILED, attempts=5, last_error="550"
    )
    sent = factories.NotificationFactory(recipient=candidate, status=NotificationStatus.SENT)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_site.post(
            "/admin/notifications/notification/",
            {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    assert response.status_code == 200
    assert b"1 notification(s) queued to be sent again." in response.content
    failed.refresh_from_db()
    assert failed.status == NotificationStatus.SENT
    assert failed.attempts == 1
    assert [m.subject for m in mail.outbox] == ["Try again"]
    assert Notification.objects.get(pk=sent.pk).status == NotificationStatus.SENT
