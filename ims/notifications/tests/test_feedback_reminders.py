from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from ims.notifications import tasks
from ims.notifications.models import Notification, NotificationKind
from ims.notifications.tests.conftest import TEN_UTC, html_of
from tests import factories

ENDED = TEN_UTC + timedelta(hours=1)


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    def run(at):
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return tasks.send_feedback_reminders()

    return run


def test_the_interviewer_is_reminded_an_hour_after_an_interview_without_feedback(interviewer, interview_between, scan):
    interviewer.timezone = "Europe/London"
    interviewer.save()
    interview_between(status="completed")

    assert scan(ENDED + timedelta(minutes=59)) == 0
    assert scan(ENDED + timedelta(hours=1, minutes=1)) == 1
    [message] = mail.outbox
    assert message.to == [interviewer.email]
    assert message.subject == "Feedback needed: Cara Candidate (Technical, Backend Engineer)"
    assert "Monday, 3 June 2030, 12:00 BST (Europe/London)" in message.body
    assert "ended 1 hour, 1 minute ago" in message.body
    assert "has no feedback yet" in html_of(message)
    assert scan(ENDED + timedelta(hours=5)) == 0


def test_feedback_reminders_repeat_daily_up_to_the_configured_maximum(interview_between, scan, settings):
    settings.FEEDBACK_REMINDER_MAX = 3
    interview_between(status="scheduled")  # never marked completed: still needs feedback

    moment = ENDED + timedelta(hours=2)
    sent = [scan(moment + timedelta(days=day, minutes=minute)) for day in range(6) for minute in (0, 30)]

    assert sum(sent) == 3
    assert sent[:6] == [1, 0, 1, 0, 1, 0]
    keys = Notification.objects.filter(kind=NotificationKind.FEEDBACK_REMINDER).values_list("dedupe_key", flat=True)
    assert sorted(keys) == [f"feedback_reminder:{Notification.objects.first().interview_id}:{n}" for n in (1, 2, 3)]
    assert len(mail.outbox) == 3


def test_submitting_feedback_stops_the_reminders(interview_between, scan):
    interview = interview_between(status="completed")
    assert scan(ENDED + timedelta(hours=2)) == 1

    factories.FeedbackFactory(interview=interview)

    assert scan(ENDED + timedelta(days=1, hours=2)) == 0


@pytest.mark.parametrize("status", ["no_show", "cancelled"])
def test_no_show_and_cancelled_interviews_need_no_feedback(interview_between, scan, status):
    interview_between(status=status)

    assert scan(ENDED + timedelta(hours=2)) == 0
    assert mail.outbox == []


def test_an_interview_that_has_not_ended_needs_no_feedback_yet(interview_between, scan):
    interview_between(status="scheduled")

    assert scan(TEN_UTC + timedelta(minutes=30)) == 0
