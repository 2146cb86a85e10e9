import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection

from ims.notifications.models import Notification, NotificationKind, NotificationStatus
from ims.notifications.reminders import interview_reminders_send
from ims.notifications.tests.conftest import TEN_UTC


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_reminder_scans_create_and_send_each_reminder_once(interview_between):
    for hour in range(5):
        interview_between(scheduled_at=TEN_UTC + timedelta(hours=hour, minutes=10))
    workers = 6
    barrier = threading.Barrier(workers)
    errors = []

    def scan():
        try:
            barrier.wait()
            interview_reminders_send()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    with time_machine.travel(TEN_UTC, tick=True):
        threads = [threading.Thread(target=scan) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    reminders = Notification.objects.filter(kind=NotificationKind.INTERVIEW_REMINDER)
    # Five interviews within 24h: the 24h reminder for the first (10:10 is within 1h, so that one gets
    # the 1h reminder), each to candidate and interviewer.
    assert reminders.count() == 10
    assert set(reminders.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert len(mail.outbox) == 10
    assert (
        len({(m.to[0], m.subject) for m in mail.outbox})
        == len({m.extra_headers["X-IMS-Notification"] for m in mail.outbox})
        == 10
    )
