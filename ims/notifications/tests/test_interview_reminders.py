from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from ims.notifications import reminders, tasks
from ims.notifications.models import Notification, NotificationKind
from ims.notifications.tests.conftest import TEN_UTC, html_of

START = TEN_UTC


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    """Run the beat's reminder task at a moment; returns how many reminders it created."""

    def run(at):
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return tasks.send_interview_reminders()

    return run


def _reminder_keys():
    return sorted(
        key.rsplit(":", 2)[-2:][1] + "->" + key.rsplit(":", 2)[-2:][0]
        for key in Notification.objects.filter(kind=NotificationKind.INTERVIEW_REMINDER).values_list(
            "dedupe_key", flat=True
        )
    )


def _offsets_sent():
    return sorted(
        key.rsplit(":", 1)[1]
        for key in Notification.objects.filter(kind=NotificationKind.INTERVIEW_REMINDER).values_list(
            "dedupe_key", flat=True
        )
    )


def test_the_24h_and_1h_reminders_go_to_candidate_and_interviewer_at_their_moments(
    candidate, interviewer, interview_between, scan
):
    candidate.timezone = "Asia/Kolkata"
    candidate.save()
    interview_between()

    assert scan(START - timedelta(hours=24, minutes=1)) == 0
    assert scan(START - timedelta(hours=24)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([candidate.email, interviewer.email])
    to_candidate = next(m for m in mail.outbox if m.to == [candidate.email])
    assert to_candidate.subject == "Reminder: your Technical interview for Backend Engineer starts in 1 day"
    assert "15:30 IST (Asia/Kolkata)" in to_candidate.body
    assert "starts in <strong>1 day</strong>" in html_of(to_candidate)
    assert scan(START - timedelta(hours=12)) == 0

    mail.outbox.clear()
    assert scan(START - timedelta(minutes=61)) == 0
    assert scan(START - timedelta(hours=1)) == 2
    assert [m.subject for m in mail.outbox if m.to == [interviewer.email]] == [
        "Reminder: interview with Cara Candidate (Technical) starts in 1 hour"
    ]
    assert scan(START - timedelta(minutes=1)) == 0
    assert _offsets_sent() == ["1h", "1h", "24h", "24h"]


def test_running_the_scan_twice_creates_and_sends_each_reminder_once(interview_between, scan):
    interview_between()

    assert scan(START - timedelta(hours=1)) == 2
    assert scan(START - timedelta(hours=1)) == 0

    assert Notification.objects.filter(kind=NotificationKind.INTERVIEW_REMINDER).count() == 2
    assert len(mail.outbox) == 2


def test_no_reminder_is_sent_once_the_interview_has_started(interview_between, scan):
    interview_between()

    assert scan(START) == 0
    assert scan(START + timedelta(minutes=5)) == 0
    assert mail.outbox == []


def test_after_downtime_only_the_nearest_missed_reminder_is_sent_while_the_interview_is_ahead(interview_between, scan):
    interview_between()

    # Down from before the 24h moment until 30 minutes before the start: "in 24 hours" would be wrong now.
    assert scan(START - timedelta(minutes=30)) == 2
    assert _offsets_sent() == ["1h", "1h"]
    assert all("starts in 30 minutes" in m.subject for m in mail.outbox)


def test_a_24h_reminder_missed_during_downtime_is_still_sent_within_its_window(interview_between, scan):
    interview_between()

    assert scan(START - timedelta(hours=20)) == 2
    assert _offsets_sent() == ["24h", "24h"]
    assert scan(START - timedelta(hours=1)) == 2
    assert _offsets_sent() == ["1h", "1h", "24h", "24h"]


def test_a_rescheduled_interview_gets_its_reminders_anew_for_the_new_time(interview_between, scan):
    interview = interview_between()
    assert scan(START - timedelta(hours=24)) == 2

    new_start = START + timedelta(days=2)
    interview.scheduled_at, interview.ends_at, interview.sequence = new_start, new_start + timedelta(hours=1), 1
    interview.save()

    assert scan(START - timedelta(hours=1)) == 0  # the old time means nothing now
    assert scan(new_start - timedelta(hours=24)) == 2
    assert scan(new_start - timedelta(hours=1)) == 2
    assert Notification.objects.filter(kind=NotificationKind.INTERVIEW_REMINDER).count() == 6
    assert len(mail.outbox) == 6


def test_a_cancelled_interview_gets_no_reminders(interview_between, scan):
    interview_between(status="cancelled", sequence=1)

    assert scan(START - timedelta(hours=24)) == 0
    assert scan(START - timedelta(hours=1)) == 0
    assert mail.outbox == []


def test_reminder_offsets_come_from_settings(interview_between, scan, settings):
    settings.REMINDER_OFFSETS = ["2d", "30m"]
    interview_between()

    assert scan(START - timedelta(hours=24)) == 2
    assert _offsets_sent() == ["2d", "2d"]
    assert scan(START - timedelta(minutes=45)) == 0
    assert scan(START - timedelta(minutes=30)) == 2


def test_an_invalid_reminder_offset_is_a_clear_configuration_error(settings):
    settings.REMINDER_OFFSETS = ["24 hours"]

    with pytest.raises(Exception, match="REMINDER_OFFSETS: '24 hours'"):
        reminders.reminder_offsets()
