"""Sending: claim one queued notification, send it over SMTP, record the outcome; the sweeper that recovers
what a lost task message or a killed worker left behind."""

from __future__ import annotations

import logging
import random
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone

from ims.notifications.models import Notification, NotificationStatus
from ims.notifications.outbox import reachable

logger = logging.getLogger(__name__)

# Retry backoff: 30s, 60s, 120s... capped well below the Redis visibility timeout (3600s), so a delayed
# retry message is never redelivered to a second worker while it is still waiting for its ETA.
RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 30 * 60


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
    # int ** int is typed Any (a negative exponent gives a float); the exponent here is never negative.
    delay: float = min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))
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
    if not reachable(recipient):
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
