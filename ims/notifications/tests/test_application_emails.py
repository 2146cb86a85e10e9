import pytest
from django.core import mail

from ims.jobs.models import ApplicationEvent
from ims.notifications import outbox
from ims.notifications.models import Notification, NotificationKind
from ims.notifications.tests.conftest import html_of
from tests import factories


@pytest.fixture
def application(candidate):
    return factories.ApplicationFactory(candidate=candidate, job__title="Data Analyst", job__department="Finance")


def test_applying_emails_the_candidate_a_receipt_in_their_time_zone(
    candidate, application, django_capture_on_commit_callbacks
):
    candidate.timezone = "Asia/Kolkata"
    candidate.save()

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_application_received(application=application)

    [message] = mail.outbox
    assert message.to == [candidate.email]
    assert message.subject == "We received your application for Data Analyst"
    assert "Thank you for applying for Data Analyst (Finance)" in message.body
    assert "IST (Asia/Kolkata)" in message.body
    assert "<strong>Data Analyst</strong>" in html_of(message)
    assert message.attachments == []
    notification = Notification.objects.get()
    assert (notification.kind, notification.application, notification.recipient) == (
        NotificationKind.APPLICATION_RECEIVED,
        application,
        candidate,
    )


def test_a_repeated_receipt_call_does_not_send_twice(application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_application_received(application=application)
        outbox.notify_application_received(application=application)

    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_rejection_emails_the_candidate(candidate, application, django_capture_on_commit_callbacks):
    application.status = "rejected"
    application.save()
    ApplicationEvent.objects.create(application=application, from_status="applied", to_status="rejected")

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_application_status_changed(application=application)

    [message] = mail.outbox
    assert message.to == [candidate.email]
    assert message.subject == "Your application for Data Analyst"
    assert "not to move forward" in message.body
    assert "not to move forward" in html_of(message)
    assert Notification.objects.get().kind == NotificationKind.APPLICATION_REJECTED


def test_selection_emails_the_candidate(candidate, application, django_capture_on_commit_callbacks):
    application.status = "selected"
    application.save()
    ApplicationEvent.objects.create(application=application, from_status="applied", to_status="selected")

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_application_status_changed(application=application)

    [message] = mail.outbox
    assert message.to == [candidate.email]
    assert message.subject == "Good news about your application for Data Analyst"
    assert "You have been selected for Data Analyst" in message.body
    assert "Congratulations" in html_of(message)
    assert Notification.objects.get().kind == NotificationKind.APPLICATION_SELECTED


@pytest.mark.parametrize("status", ["screening", "interviewing", "withdrawn", "applied"])
def test_other_status_changes_send_nothing(application, status, django_capture_on_commit_callbacks):
    application.status = status
    application.save()

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_application_status_changed(application=application)

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_candidate_rejected_again_after_being_reconsidered_is_told_each_time(
    application, django_capture_on_commit_callbacks
):
    application.status = "rejected"
    application.save()
    ApplicationEvent.objects.create(application=application, from_status="applied", to_status="rejected")
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_application_status_changed(application=application)
        outbox.notify_application_status_changed(application=application)  # same decision: deduplicated
    ApplicationEvent.objects.create(application=application, from_status="rejected", to_status="screening")
    ApplicationEvent.objects.create(application=application, from_status="screening", to_status="rejected")
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_application_status_changed(application=application)

    assert len(mail.outbox) == 2


def test_a_deactivated_candidate_gets_no_email(candidate, application, django_capture_on_commit_callbacks):
    candidate.is_active = False
    candidate.save()

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_application_received(application=application)

    assert mail.outbox == []
