import pytest
from django.core import mail
from django.db import transaction

from ims.notifications import outbox, tasks
from ims.notifications.models import Notification, NotificationStatus


class Boom(Exception):
    pass


def test_the_send_is_enqueued_only_after_the_event_commits(
    interview_between, django_capture_on_commit_callbacks, monkeypatch
):
    enqueued = []
    monkeypatch.setattr(tasks.send_notification, "delay", lambda notification_id: enqueued.append(notification_id))
    interview = interview_between()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outbox.notify_interview_scheduled(interview=interview)
        assert enqueued == []

    assert len(callbacks) == 2
    for callback in callbacks:
        callback()
    assert sorted(enqueued) == sorted(Notification.objects.values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_nothing_is_written_or_enqueued_when_the_event_rolls_back(candidate, interview_between, monkeypatch):
    enqueued = []
    monkeypatch.setattr(tasks.send_notification, "delay", lambda notification_id: enqueued.append(notification_id))
    interview = interview_between()

    with pytest.raises(Boom), transaction.atomic():
        outbox.notify_interview_scheduled(interview=interview)
        raise Boom

    assert enqueued == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_event_is_sent_once_committed(candidate, interview_between):
    interview = interview_between()

    with transaction.atomic():
        outbox.notify_interview_scheduled(interview=interview)
        assert mail.outbox == []

    assert len(mail.outbox) == 2
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_after_commit_does_not_break_the_event_and_leaves_the_row_queued(
    candidate, interview_between, monkeypatch
):
    def broker_down(notification_id):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.send_notification, "delay", broker_down)
    interview = interview_between()

    with transaction.atomic():
        outbox.notify_interview_scheduled(interview=interview)

    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.QUEUED}
