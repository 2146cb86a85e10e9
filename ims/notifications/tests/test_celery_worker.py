"""End to end on the real broker: event -> outbox row -> Redis -> a real Celery worker -> SMTP listener."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import close_old_connections, connection, transaction

from ims.celery import app
from ims.notifications import outbox
from ims.notifications.models import Notification, NotificationStatus


def _close_worker_connection(**kwargs):
    # The worker runs tasks in its own thread; its database connection must not outlive the test.
    connection.close()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_scheduled_interview_is_delivered_by_a_real_worker_over_redis(
    candidate, interviewer, interview_between, smtp_server, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert not app.conf.task_always_eager
    assert app.conf.broker_url.startswith("redis://")
    interview = interview_between()
    task_postrun.connect(_close_worker_connection, weak=False)
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=10):
            with transaction.atomic():
                outbox.notify_interview_scheduled(interview=interview)

            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and len(smtp_server.messages) < 2:
                time.sleep(0.1)
    finally:
        task_postrun.disconnect(_close_worker_connection)
        close_old_connections()

    assert sorted(envelope.rcpt_tos[0] for envelope in smtp_server.messages) == sorted(
        [candidate.email, interviewer.email]
    )
    assert all(b"text/calendar" in envelope.content for envelope in smtp_server.messages)
    rows = Notification.objects.filter(interview=interview)
    assert set(rows.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert set(rows.values_list("attempts", flat=True)) == {1}
