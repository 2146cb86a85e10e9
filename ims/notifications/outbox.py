"""The outbox: the Notification rows an event causes, written inside that event's transaction.

Each ``notify_*`` is called by another app's service *inside* the transaction of the event that causes it,
so the Notification row exists exactly when the event does. The task that sends it is enqueued with
``transaction.on_commit``: a rolled-back event enqueues nothing, and a lost broker message is recovered by
the sweeper (:mod:`ims.notifications.sending`), because the row (not the message) is the source of truth.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from django.db import connections, router, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone

from ims.accounts.models import Role, User
from ims.interviews.models import Interview
from ims.jobs.models import ApplicationStatus
from ims.notifications import calendar, emails
from ims.notifications.models import Notification, NotificationKind, NotificationStatus

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ims.interviews.models import Feedback
    from ims.jobs.models import Application

logger = logging.getLogger(__name__)


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


def outbox_new(
    *,
    recipient: User,
    kind: str,
    dedupe_key: str,
    rendered: emails.Rendered,
    application: Application | None = None,
    interview: Interview | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> Notification:
    """An unsaved Notification; :func:`outbox_add` (one) or :func:`_outbox_write` (many) writes it unless its
    ``dedupe_key`` exists."""
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
    rows: list[tuple[int, str] | None] = []
    for start in range(0, len(pending), batch_size):
        # SLF001: bulk_create(ignore_conflicts=True) would not return the new ids. The type: ignore: django-stubs
        # leave out the private QuerySet methods that a Manager proxies, _insert among them.
        rows += manager._insert(  # type: ignore[attr-defined]  # noqa: SLF001
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


def outbox_add(notification: Notification) -> Notification | None:
    """Write one Notification (from :func:`outbox_new`) unless its ``dedupe_key`` exists; returns it when it was
    created."""
    created = _outbox_write([notification])
    return created[0] if created else None


def reachable(user: User | None) -> bool:
    """Whether mail can go to ``user``: active, with an address."""
    return bool(user and user.is_active and user.email)


def notify_application_received(*, application: Application) -> None:
    candidate = application.candidate
    if not reachable(candidate):
        return
    outbox_add(
        outbox_new(
            recipient=candidate,
            kind=NotificationKind.APPLICATION_RECEIVED,
            dedupe_key=f"application_received:{application.pk}",
            rendered=emails.application_received(application=application, recipient=candidate),
            application=application,
        )
    )


def notify_application_status_changed(*, application: Application) -> None:
    """Only the decisions a candidate waits for are emailed: rejected and selected."""
    renderers: dict[str, tuple[str, Callable[..., emails.Rendered]]] = {
        ApplicationStatus.REJECTED: (NotificationKind.APPLICATION_REJECTED, emails.application_rejected),
        ApplicationStatus.SELECTED: (NotificationKind.APPLICATION_SELECTED, emails.application_selected),
    }
    if application.status not in renderers or not reachable(application.candidate):
        return
    kind, render = renderers[application.status]
    # A rejected application may be reopened and rejected again: each decision is its own email, while a
    # repeated call for the same decision is deduplicated. The event log counts the decisions.
    decision_number = application.events.filter(to_status=application.status).count()
    outbox_add(
        outbox_new(
            recipient=application.candidate,
            kind=kind,
            dedupe_key=f"{kind}:{application.pk}:{decision_number}",
            rendered=render(application=application, recipient=application.candidate),
            application=application,
        )
    )


def interview_parties(interview: Interview) -> list[User]:
    return [user for user in (interview.candidate, interview.interviewer) if reachable(user)]


# Each kind of interview change: its email, and what the attached invite does to the event in a calendar.
_INTERVIEW_CHANGES: dict[str, tuple[Callable[..., emails.Rendered], str]] = {
    NotificationKind.INTERVIEW_SCHEDULED: (emails.interview_scheduled, calendar.REQUEST),
    NotificationKind.INTERVIEW_RESCHEDULED: (emails.interview_rescheduled, calendar.REQUEST),
    NotificationKind.INTERVIEW_CANCELLED: (emails.interview_cancelled, calendar.CANCEL),
}


def _notify_interview_change(*, interview: Interview, kind: str, recipients: list[User] | None = None) -> None:
    """One email of ``kind`` with its calendar invite to each recipient, the interview's parties by default."""
    render, method = _INTERVIEW_CHANGES[kind]
    recipients = interview_parties(interview) if recipients is None else recipients
    if not recipients:
        return
    # Issue 14: the candidate's copy of the invite carries no address of the interviewer's (it names them in the
    # description); everyone else's lists both people as attendees.
    invites = {
        for_candidate: [calendar.invite_attachment(interview, method=method, for_candidate=for_candidate)]
        for for_candidate in {recipient.pk == interview.candidate_id for recipient in recipients}
    }
    _write_about_interview(
        interview,
        [(recipient, kind, render(interview=interview, recipient=recipient)) for recipient in recipients],
        key=f"{interview.pk}:{interview.sequence}",
        attachments_for=lambda recipient: invites[recipient.pk == interview.candidate_id],
    )


def _write_about_interview(
    interview: Interview,
    mails: list[tuple[User, str, emails.Rendered]],
    *,
    key: str,
    attachments_for: Callable[[User], list[dict[str, str]]] | None = None,
) -> None:
    """One Notification about ``interview`` per ``(recipient, kind, rendered email)``, deduplicated by
    ``kind:key:recipient``, with ``attachments_for(recipient)`` attached."""
    _outbox_write(
        [
            outbox_new(
                recipient=recipient,
                kind=kind,
                dedupe_key=f"{kind}:{key}:{recipient.pk}",
                rendered=rendered,
                application=interview.application,
                interview=interview,
                attachments=attachments_for(recipient) if attachments_for else None,
            )
            for recipient, kind, rendered in mails
        ]
    )


def notify_interview_scheduled(*, interview: Interview) -> None:
    _notify_interview_change(interview=interview, kind=NotificationKind.INTERVIEW_SCHEDULED)


def notify_interview_rescheduled(*, interview: Interview) -> None:
    """The new version to both people. Someone who was invited before but is no longer part of it (the
    interviewer was replaced) gets a CANCEL, so the event leaves their calendar too."""
    _notify_interview_change(interview=interview, kind=NotificationKind.INTERVIEW_RESCHEDULED)
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
    _notify_interview_change(interview=interview, kind=NotificationKind.INTERVIEW_CANCELLED, recipients=list(replaced))


def notify_interview_cancelled(*, interview: Interview) -> None:
    _notify_interview_change(interview=interview, kind=NotificationKind.INTERVIEW_CANCELLED)


def notify_feedback_submitted(*, feedback: Feedback) -> None:
    """The candidate hears that feedback exists (nothing of its content); admins get a summary."""
    interview = feedback.interview
    candidate = interview.candidate
    admins = User.objects.filter(role=Role.ADMIN, is_active=True).exclude(email="").order_by("id")
    mails: list[tuple[User, str, emails.Rendered]] = []
    if reachable(candidate):
        rendered = emails.feedback_available(feedback=feedback, recipient=candidate)
        mails.append((candidate, NotificationKind.FEEDBACK_AVAILABLE, rendered))
    mails += [
        (admin, NotificationKind.FEEDBACK_SUBMITTED, emails.feedback_submitted(feedback=feedback, recipient=admin))
        for admin in admins
    ]
    _write_about_interview(interview, mails, key=str(feedback.pk))


@transaction.atomic
def notifications_resend(*, notification_ids: Iterable[int]) -> int:
    """Give failed notifications a fresh set of attempts (the admin's "resend" action).

    The rows are locked and their status read under the lock: of two admins resending the same one at once,
    the second waits, then finds it no longer failed and counts (and sends) nothing. Emails to a recipient
    who can no longer receive them (deactivated, erased) stay failed."""
    ids = list(
        Notification.objects.select_for_update(of=("self",))
        .filter(pk__in=list(notification_ids), status=NotificationStatus.FAILED, recipient__is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=ids, status=NotificationStatus.FAILED).update(
        status=NotificationStatus.QUEUED, attempts=0, next_attempt_at=None, last_error="", updated_at=timezone.now()
    )
    for notification_id in ids:
        transaction.on_commit(partial(_enqueue, notification_id))
    return len(ids)
