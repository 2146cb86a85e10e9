"""The outbox: writing notifications, sending them, and the periodic scans (sweeper, reminders).

Each ``notify_*`` is called by another app's service *inside* the transaction of the event that causes it,
so the Notification row exists exactly when the event does. The task that sends it is enqueued with
``transaction.on_commit``: a rolled-back event enqueues nothing, and a lost broker message is recovered by
the sweeper, because the row (not the message) is the source of truth.
"""

from __future__ import annotations

import logging
import random
import re
import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.mime.text import MIMEText
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.db import connections, router, transaction
from django.db.models import Count, F, Max, Q
from django.db.models.constants import OnConflict
from django.utils import timezone

from ims.accounts.models import Role, User
from ims.interviews.models import Interview, InterviewStatus
from ims.jobs.models import ApplicationStatus
from ims.notifications import calendar, emails
from ims.notifications.models import Notification, NotificationKind, NotificationStatus

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ims.interviews.models import Feedback
    from ims.jobs.models import Application

logger = logging.getLogger(__name__)

# Retry backoff: 30s, 60s, 120s... capped well below the Redis visibility timeout (3600s), so a delayed
# retry message is never redelivered to a second worker while it is still waiting for its ETA.
RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 30 * 60
FEEDBACK_REMINDER_AFTER = timedelta(hours=1)
FEEDBACK_REMINDER_EVERY = timedelta(days=1)


# --- Writing the outbox ---------------------------------------------------------------------------


def _enqueue(notification_id: int) -> None:
    """Runs after commit. A broker outage must not turn a committed request into an error: the row is
    queued in the database and the sweeper will send it."""
    from ims.notifications.tasks import send_notification

    try:
        send_notification.delay(notification_id)
    except Exception:
        logger.warning("Could not enqueue notification %s; the sweeper will send it", notification_id, exc_info=True)


# Every column but the id; the id and the key come back for the rows actually written.
_OUTBOX_FIELDS = [field for field in Notification._meta.concrete_fields if not field.primary_key]
_OUTBOX_RETURNING = [Notification._meta.pk, Notification._meta.get_field("dedupe_key")]


def _outbox_new(
    *,
    recipient: User,
    kind: str,
    dedupe_key: str,
    rendered: emails.Rendered,
    application: Application | None = None,
    interview: Interview | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> Notification:
    """An unsaved Notification; :func:`_outbox_write` writes it unless its ``dedupe_key`` exists."""
    return Notification(
        recipient=recipient,
        kind=kind,
        dedupe_key=dedupe_key,
        subject=rendered.subject[:255],
        body_text=rendered.text,
        body_html=rendered.html,
        attachments=attachments or [],
        application=application,
        interview=interview,
    )


def _outbox_write(notifications: list[Notification]) -> list[Notification]:
    """Write the notifications whose ``dedupe_key`` is new, one statement per batch; return those, with ids.

    ``INSERT ... ON CONFLICT DO NOTHING RETURNING id, dedupe_key`` (SQLite: ``INSERT OR IGNORE``, which would
    also skip a row breaking NOT NULL or CHECK; these rows are built complete): a repeat, or a concurrent
    writer of the same key, is skipped by the unique constraint instead of failing, so the caller's
    transaction needs neither a read first nor a savepoint per row; the constraint decides. Only the rows
    written come back, and only they are enqueued after commit. ``bulk_create(ignore_conflicts=True)``
    writes the same statement but cannot tell which rows were new, hence the ORM's own ``_insert`` (what
    ``save()`` and ``bulk_create()`` run).
    """
    unique: dict[str, Notification] = {}
    for notification in notifications:
        unique.setdefault(notification.dedupe_key, notification)
    pending = list(unique.values())
    if not pending:
        return []
    using = router.db_for_write(Notification)
    manager = Notification.objects.db_manager(using)
    batch_size = max(connections[using].ops.bulk_batch_size(_OUTBOX_FIELDS, pending), 1)
    rows = []
    for start in range(0, len(pending), batch_size):
        rows += manager._insert(  # noqa: SLF001 - bulk_create(ignore_conflicts=True) would not return the new ids
            pending[start : start + batch_size],
            fields=_OUTBOX_FIELDS,
            returning_fields=_OUTBOX_RETURNING,
            using=using,
            on_conflict=OnConflict.IGNORE,
        )
    new_ids = {key: pk for pk, key in filter(None, rows)}  # a single skipped row comes back as None
    created = []
    for key, notification in unique.items():
        if key not in new_ids:
            continue
        notification.pk = new_ids[key]
        notification._state.adding = False  # noqa: SLF001 - as bulk_create does after its _insert
        notification._state.db = using  # noqa: SLF001 - as bulk_create does after its _insert
        transaction.on_commit(partial(_enqueue, notification.pk), using=using)
        created.append(notification)
    return created


def _outbox_add(
    *,
    recipient: User,
    kind: str,
    dedupe_key: str,
    rendered: emails.Rendered,
    application: Application | None = None,
    interview: Interview | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> Notification | None:
    """Write one Notification unless its ``dedupe_key`` exists; returns it when it was created."""
    notification = _outbox_new(
        recipient=recipient,
        kind=kind,
        dedupe_key=dedupe_key,
        rendered=rendered,
        application=application,
        interview=interview,
        attachments=attachments,
    )
    created = _outbox_write([notification])
    return created[0] if created else None


def _reachable(user: User | None) -> bool:
    return bool(user and user.is_active and user.email)


def notify_application_received(*, application: Application) -> None:
    candidate = application.candidate
    if not _reachable(candidate):
        return
    _outbox_add(
        recipient=candidate,
        kind=NotificationKind.APPLICATION_RECEIVED,
        dedupe_key=f"application_received:{application.pk}",
        rendered=emails.application_received(application=application, recipient=candidate),
        application=application,
    )


def notify_application_status_changed(*, application: Application) -> None:
    """Only the decisions a candidate waits for are emailed: rejected and selected."""
    renderers = {
        ApplicationStatus.REJECTED: (NotificationKind.APPLICATION_REJECTED, emails.application_rejected),
        ApplicationStatus.SELECTED: (NotificationKind.APPLICATION_SELECTED, emails.application_selected),
    }
    if application.status not in renderers or not _reachable(application.candidate):
        return
    kind, render = renderers[application.status]
    # A rejected application may be reopened and rejected again: each decision is its own email, while a
    # repeated call for the same decision is deduplicated. The event log counts the decisions.
    decision_number = application.events.filter(to_status=application.status).count()
    _outbox_add(
        recipient=application.candidate,
        kind=kind,
        dedupe_key=f"{kind}:{application.pk}:{decision_number}",
        rendered=render(application=application, recipient=application.candidate),
        application=application,
    )


def _interview_parties(interview: Interview) -> list[User]:
    return [user for user in (interview.candidate, interview.interviewer) if _reachable(user)]


def _notify_interview_change(
    *, interview: Interview, kind: str, render, method: str, recipients: list[User] | None = None
) -> None:
    """One email with the calendar invite (``method``) to each recipient, the interview's parties by default."""
    recipients = _interview_parties(interview) if recipients is None else recipients
    if not recipients:
        return
    attachment = calendar.invite_attachment(interview, method=method)
    _outbox_write(
        [
            _outbox_new(
                recipient=recipient,
                kind=kind,
                dedupe_key=f"{kind}:{interview.pk}:{interview.sequence}:{recipient.pk}",
                rendered=render(interview=interview, recipient=recipient),
                application=interview.application,
                interview=interview,
                attachments=[attachment],
            )
            for recipient in recipients
        ]
    )


def notify_interview_scheduled(*, interview: Interview) -> None:
    _notify_interview_change(
        interview=interview,
        kind=NotificationKind.INTERVIEW_SCHEDULED,
        render=emails.interview_scheduled,
        method=calendar.REQUEST,
    )


def notify_interview_rescheduled(*, interview: Interview) -> None:
    """The new version to both people. Someone who was invited before but is no longer part of it (the
    interviewer was replaced) gets a CANCEL, so the event leaves their calendar too."""
    _notify_interview_change(
        interview=interview,
        kind=NotificationKind.INTERVIEW_RESCHEDULED,
        render=emails.interview_rescheduled,
        method=calendar.REQUEST,
    )
    replaced = (
        User.objects.filter(
            notifications__interview=interview,
            notifications__kind__in=[NotificationKind.INTERVIEW_SCHEDULED, NotificationKind.INTERVIEW_RESCHEDULED],
            is_active=True,
        )
        .exclude(pk__in=[interview.candidate_id, interview.interviewer_id])
        .exclude(email="")
        .distinct()
    )
    _notify_interview_change(
        interview=interview,
        kind=NotificationKind.INTERVIEW_CANCELLED,
        render=emails.interview_cancelled,
        method=calendar.CANCEL,
        recipients=list(replaced),
    )


def notify_interview_cancelled(*, interview: Interview) -> None:
    _notify_interview_change(
        interview=interview,
        kind=NotificationKind.INTERVIEW_CANCELLED,
        render=emails.interview_cancelled,
        method=calendar.CANCEL,
    )


def notify_feedback_submitted(*, feedback: Feedback) -> None:
    """The candidate hears that feedback exists (nothing of its content); admins get a summary."""
    interview = feedback.interview
    candidate = interview.candidate
    outgoing = []
    if _reachable(candidate):
        outgoing.append(
            _outbox_new(
                recipient=candidate,
                kind=NotificationKind.FEEDBACK_AVAILABLE,
                dedupe_key=f"feedback_available:{feedback.pk}:{candidate.pk}",
                rendered=emails.feedback_available(feedback=feedback, recipient=candidate),
                application=interview.application,
                interview=interview,
            )
        )
    for admin in User.objects.filter(role=Role.ADMIN, is_active=True).exclude(email="").order_by("id"):
        outgoing.append(
            _outbox_new(
                recipient=admin,
                kind=NotificationKind.FEEDBACK_SUBMITTED,
                dedupe_key=f"feedback_submitted:{feedback.pk}:{admin.pk}",
                rendered=emails.feedback_submitted(feedback=feedback, recipient=admin),
                application=interview.application,
                interview=interview,
            )
        )
    _outbox_write(outgoing)


@transaction.atomic
def notifications_resend(*, notification_ids: Iterable[int]) -> int:
    """Give failed notifications a fresh set of attempts (the admin's "resend" action)."""
    ids = list(
        Notification.objects.filter(pk__in=list(notification_ids), status=NotificationStatus.FAILED).values_list(
            "pk", flat=True
        )
    )
    Notification.objects.filter(pk__in=ids, status=NotificationStatus.FAILED).update(
        status=NotificationStatus.QUEUED, attempts=0, next_attempt_at=None, last_error="", updated_at=timezone.now()
    )
    for notification_id in ids:
        transaction.on_commit(partial(_enqueue, notification_id))
    return len(ids)


# --- Sending --------------------------------------------------------------------------------------


class PermanentError(Exception):
    """Retrying cannot help (no address, refused recipient): fail at once."""


@dataclass(frozen=True)
class SendResult:
    status: str  # "sent", "retry", "failed" or "skipped" (not ours to send: already claimed, sent or not due)
    retry_in: float | None = None


def _is_permanent(exc: Exception) -> bool:
    if isinstance(exc, PermanentError):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        # 4xx (e.g. greylisting, mailbox busy) is worth retrying; 5xx means the address is bad.
        codes = [code for code, _message in exc.recipients.values()]
        return not codes or all(code >= 500 for code in codes)
    # Django raises ValueError for an address it cannot encode (e.g. "Invalid address").
    return isinstance(exc, ValueError)


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter, so a recovering SMTP server is not hit by every retry at once."""
    delay = min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))
    return delay / 2 + random.uniform(0, delay / 2)


def _mime_attachment(attachment: dict[str, Any]) -> MIMEText | tuple[str, str, str]:
    mimetype = attachment.get("mimetype") or "application/octet-stream"
    maintype, _, rest = mimetype.partition("/")
    subtype, *params = (part.strip() for part in rest.split(";"))
    if maintype != "text":
        return attachment["filename"], attachment["content"], mimetype
    part = MIMEText(attachment["content"], subtype, "utf-8")
    for param in params:
        name, _, value = param.partition("=")
        if name:
            part.set_param(name.strip(), value.strip(), requote=False)
    part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
    return part


def build_message(notification: Notification) -> EmailMultiAlternatives:
    recipient = notification.recipient
    if not _reachable(recipient):
        raise PermanentError(f"Recipient {recipient.pk} has no active email address.")
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"Auto-Submitted": "auto-generated", "X-IMS-Notification": str(notification.pk)},
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    for attachment in notification.attachments or []:
        part = _mime_attachment(attachment)
        if isinstance(part, tuple):
            message.attach(*part)
        else:
            message.attach(part)
    return message


def notification_send(*, notification_id: int) -> SendResult:
    """Claim, send and record one notification.

    The claim is a conditional UPDATE (queued and due -> sending): of two workers holding the same
    message, exactly one gets the row. Delivery is at-least-once, not exactly-once: if a worker dies
    after the SMTP server accepted the mail but before the row says ``sent``, the sweeper puts the
    stale ``sending`` row back in the queue and the mail goes out again. The alternative (never retry a
    row that was in flight) would silently lose mail whenever a worker is killed mid-send; a rare
    duplicate is the lesser evil.
    """
    now = timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id, status=NotificationStatus.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=NotificationStatus.SENDING, attempts=F("attempts") + 1, updated_at=now)
    )
    if not claimed:
        return SendResult("skipped")

    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    in_flight = Notification.objects.filter(pk=notification_id, status=NotificationStatus.SENDING)
    try:
        build_message(notification).send(fail_silently=False)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        finished = timezone.now()
        if _is_permanent(exc) or notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            in_flight.update(status=NotificationStatus.FAILED, last_error=error, updated_at=finished)
            logger.error(
                "Notification %s failed after %s attempt(s): %s", notification_id, notification.attempts, error
            )
            return SendResult("failed")
        delay = retry_delay(notification.attempts)
        in_flight.update(
            status=NotificationStatus.QUEUED,
            last_error=error,
            next_attempt_at=finished + timedelta(seconds=delay),
            updated_at=finished,
        )
        logger.warning(
            "Notification %s attempt %s failed, retrying in %.0fs: %s",
            notification_id,
            notification.attempts,
            delay,
            error,
        )
        return SendResult("retry", retry_in=delay)

    finished = timezone.now()
    in_flight.update(
        status=NotificationStatus.SENT, sent_at=finished, last_error="", next_attempt_at=None, updated_at=finished
    )
    # One line per mail: with the file backend of `make run` this says where to look.
    logger.info(
        "Sent notification %s (%s) to %s: %s",
        notification_id,
        notification.kind,
        notification.recipient.email,
        notification.subject,
    )
    return SendResult("sent")


def notifications_sweep(*, limit: int = 500) -> list[int]:
    """Recover what a lost message or a killed worker left behind; returns the ids to enqueue again.

    - ``sending`` for longer than the sweep age: the worker died mid-send. Back to ``queued`` (see the
      at-least-once note on :func:`notification_send`), or ``failed`` when its attempts are used up.
    - ``queued`` and untouched for the sweep age, or with a retry time that has passed: its task message
      was lost (broker restart, enqueue failed after commit) — enqueue it again. A duplicate message is
      harmless: the claim lets only one of them send.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.NOTIFICATION_SWEEP_AFTER_SECONDS)
    stuck = Notification.objects.filter(status=NotificationStatus.SENDING, updated_at__lt=stale)
    stuck.filter(attempts__gte=settings.NOTIFICATION_MAX_ATTEMPTS).update(
        status=NotificationStatus.FAILED, last_error="Worker stopped while sending; no attempts left.", updated_at=now
    )
    revived = list(stuck.values_list("pk", flat=True)[:limit])
    Notification.objects.filter(pk__in=revived, status=NotificationStatus.SENDING, updated_at__lt=stale).update(
        status=NotificationStatus.QUEUED, next_attempt_at=None, updated_at=now
    )

    # A retry's own delayed message normally fires on time; a minute of grace avoids racing it.
    retry_grace = min(timedelta(minutes=1), timedelta(seconds=settings.NOTIFICATION_SWEEP_AFTER_SECONDS))
    due = Notification.objects.filter(status=NotificationStatus.QUEUED).filter(
        Q(pk__in=revived)
        | Q(next_attempt_at__isnull=True, updated_at__lt=stale)
        | Q(next_attempt_at__lte=now - retry_grace)
    )
    return list(due.order_by("updated_at", "id").values_list("pk", flat=True)[:limit])


# --- Reminders ------------------------------------------------------------------------------------

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
        for recipient in _interview_parties(interview):
            wanted[f"reminder:{interview.pk}:{start}:{recipient.pk}:{label}"] = (interview, recipient)
    # Most scans find only reminders already written; skip rendering those.
    existing = set(Notification.objects.filter(dedupe_key__in=list(wanted)).values_list("dedupe_key", flat=True))

    created = 0
    for key, (interview, recipient) in wanted.items():
        if key in existing:
            continue
        with transaction.atomic():
            created += (
                _outbox_add(
                    recipient=recipient,
                    kind=NotificationKind.INTERVIEW_REMINDER,
                    dedupe_key=key,
                    rendered=emails.interview_reminder(interview=interview, recipient=recipient, now=now),
                    application=interview.application,
                    interview=interview,
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
        if not _reachable(interview.interviewer):
            continue
        number = interview.reminders_sent + 1
        with transaction.atomic():
            created += (
                _outbox_add(
                    recipient=interview.interviewer,
                    kind=NotificationKind.FEEDBACK_REMINDER,
                    dedupe_key=f"feedback_reminder:{interview.pk}:{number}",
                    rendered=emails.feedback_reminder(
                        interview=interview, recipient=interview.interviewer, number=number, now=now
                    ),
                    application=interview.application,
                    interview=interview,
                )
                is not None
            )
    return created
