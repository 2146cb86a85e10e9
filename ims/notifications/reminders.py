"""Reminders: the periodic scans that add interview reminders and feedback reminders to the outbox."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from ims.accounts.models import User
from ims.interviews.models import Interview, InterviewStatus
from ims.notifications import emails
from ims.notifications.models import Notification, NotificationKind
from ims.notifications.outbox import interview_parties, outbox_add, outbox_new, reachable

FEEDBACK_REMINDER_AFTER = timedelta(hours=1)
FEEDBACK_REMINDER_EVERY = timedelta(days=1)

_OFFSET_RE = re.compile(r"^\s*(\d+)\s*([dhm])\s*$", re.IGNORECASE)
_UNITS = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}


def reminder_offsets() -> list[tuple[str, timedelta]]:
    """``REMINDER_OFFSETS`` (e.g. ``["24h", "1h"]``) as ``(label, delta)``, smallest first."""
    offsets: dict[str, timedelta] = {}
    for raw in settings.REMINDER_OFFSETS:
        match = _OFFSET_RE.match(str(raw))
        if not match or int(match.group(1)) == 0:
            raise ImproperlyConfigured(f"REMINDER_OFFSETS: {raw!r} is not like '24h', '90m' or '2d'.")
        number, unit = int(match.group(1)), match.group(2).lower()
        offsets[f"{number}{unit}"] = number * _UNITS[unit]
    return sorted(offsets.items(), key=lambda item: item[1])


def _due_offset(start: datetime, now: datetime, offsets: list[tuple[str, timedelta]]) -> str | None:
    """The smallest offset whose window [start - offset, start) contains now.

    Only that one is sent: after downtime, "in 24 hours" 30 minutes before the interview would be
    wrong, and the 1h reminder says everything. Each window is its own dedupe key, so the 24h reminder
    sent yesterday does not stop today's 1h reminder.
    """
    if now >= start:
        return None
    for label, delta in offsets:
        if now >= start - delta:
            return label
    return None


def interview_reminders_send() -> int:
    """Create the due interview reminders (candidate and interviewer); returns how many were new.

    Exactly once per (interview, start time, recipient, offset): the dedupe key carries all four and the
    unique constraint settles races between two beats or two workers. The start time is in the key so a
    rescheduled interview gets its reminders anew; a cancelled one is no longer ``scheduled``.
    """
    offsets = reminder_offsets()
    if not offsets:
        return 0
    now = timezone.now()
    interviews = Interview.objects.filter(
        status=InterviewStatus.SCHEDULED, scheduled_at__gt=now, scheduled_at__lte=now + offsets[-1][1]
    ).select_related("candidate", "interviewer", "round_type", "application__job")

    wanted: dict[str, tuple[Interview, User]] = {}
    for interview in interviews:
        label = _due_offset(interview.scheduled_at, now, offsets)
        if label is None:
            continue
        start = interview.scheduled_at.astimezone(UTC).isoformat()
        for recipient in interview_parties(interview):
            wanted[f"reminder:{interview.pk}:{start}:{recipient.pk}:{label}"] = (interview, recipient)
    # Most scans find only reminders already written; skip rendering those.
    existing = set(Notification.objects.filter(dedupe_key__in=list(wanted)).values_list("dedupe_key", flat=True))

    created = 0
    for key, (interview, recipient) in wanted.items():
        if key in existing:
            continue
        with transaction.atomic():
            created += (
                outbox_add(
                    outbox_new(
                        recipient=recipient,
                        kind=NotificationKind.INTERVIEW_REMINDER,
                        dedupe_key=key,
                        rendered=emails.interview_reminder(interview=interview, recipient=recipient, now=now),
                        application=interview.application,
                        interview=interview,
                    )
                )
                is not None
            )
    return created


def feedback_reminders_send() -> int:
    """Remind interviewers of interviews that ended over an hour ago with no feedback (and no no-show):
    the first reminder then one a day, at most ``FEEDBACK_REMINDER_MAX``. Returns how many were new."""
    maximum = settings.FEEDBACK_REMINDER_MAX
    if maximum <= 0:
        return 0
    now = timezone.now()
    reminders = Q(notifications__kind=NotificationKind.FEEDBACK_REMINDER)
    interviews = (
        Interview.objects.filter(
            status__in=[InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED],
            ends_at__lt=now - FEEDBACK_REMINDER_AFTER,
            feedback__isnull=True,
        )
        .annotate(reminders_sent=Count("notifications", filter=reminders))
        .annotate(last_reminder_at=Max("notifications__created_at", filter=reminders))
        .filter(reminders_sent__lt=maximum)
        .select_related("candidate", "interviewer", "round_type", "application__job")
    )
    created = 0
    for interview in interviews:
        if interview.last_reminder_at and interview.last_reminder_at > now - FEEDBACK_REMINDER_EVERY:
            continue
        if not reachable(interview.interviewer):
            continue
        number = interview.reminders_sent + 1
        with transaction.atomic():
            created += (
                outbox_add(
                    outbox_new(
                        recipient=interview.interviewer,
                        kind=NotificationKind.FEEDBACK_REMINDER,
                        dedupe_key=f"feedback_reminder:{interview.pk}:{number}",
                        rendered=emails.feedback_reminder(
                            interview=interview, recipient=interview.interviewer, number=number, now=now
                        ),
                        application=interview.application,
                        interview=interview,
                    )
                )
                is not None
            )
    return created
