"""Privacy writes: export (it is audited), erasure (GDPR article 17) and retention.

Erasure anonymises instead of deleting: the rows other facts hang on (applications, their statuses and
events, interviews, ratings and recommendations) stay, so the reports keep their numbers; everything that
says who the person is, or what anybody wrote about them, is wiped.

Lock order (PostgreSQL): the user row FOR NO KEY UPDATE, then the candidate's applications, then the user row
is written. Applying takes the same user lock (ims.jobs.services.application_create), so an application is
either committed before the erasure reads the applications, or refused after it. Scheduling locks the
application first and its interview insert only needs a KEY SHARE on the user, which NO KEY UPDATE allows,
so the two wait for each other in one direction only, never in a cycle. Feedback locks the application too
(ims.interviews.services.feedback_submit): feedback committed first is wiped here; feedback arriving after the
erasure committed keeps its scores and stores none of its free text, so either order ends the same.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from ims.accounts.models import Role, User
from ims.core.exceptions import Conflict, Invalid
from ims.interviews.models import Feedback, FeedbackDraft, FeedbackVersion
from ims.jobs.models import ACTIVE_STATUSES, Application, ApplicationEvent, ApplicationStatus
from ims.notifications.models import Notification, NotificationStatus
from ims.privacy import export
from ims.privacy.audit import audit_record
from ims.privacy.models import AuditAction, Erasure, ErasureReason
from ims.reports.cache import reports_all_changed

logger = logging.getLogger(__name__)

ERASED_EMAIL_DOMAIN = "erased.invalid"  # RFC 2606: never a real address
ERASED_SUBJECT = "(erased)"
NOT_SENT_ERASED = "Not sent: the candidate's personal data was erased."


def erased_name(pk: int) -> str:
    return f"Erased candidate #{pk}"


def erased_email(pk: int) -> str:
    """Unique per user (the id) and outside the address space anyone can register, so the real address is free
    to sign up again as a new person."""
    return f"erased-{pk}@{ERASED_EMAIL_DOMAIN}"


def _check_candidate(user: User) -> None:
    if user.role != Role.CANDIDATE:
        raise Conflict(
            "Only a candidate's data is exported or erased here; this user is not a candidate.",
            code="not_a_candidate",
        )


# --- Export -------------------------------------------------------------------------------------


def candidate_export(*, candidate: User, actor: User, as_zip: bool = False) -> dict[str, Any] | bytes:
    """The candidate's export document (or the ZIP with their resumes). Every export is audited."""
    _check_candidate(candidate)
    result = export.export_zip(candidate=candidate) if as_zip else export.export_document(candidate=candidate)
    audit_record(
        action=AuditAction.EXPORT,
        actor=actor,
        obj=candidate,
        candidate=candidate,
        extra={"format": "zip" if as_zip else "json"},
    )
    return result


# --- Erasure ------------------------------------------------------------------------------------


def _delete_stored_resume(name: str) -> None:
    try:
        Application._meta.get_field("resume").storage.delete(name)
    except Exception:
        logger.exception("Could not delete the stored resume %s of an erased candidate", name)


def _notifications_about(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(
        Q(recipient=user) | Q(application__candidate=user) | Q(interview__candidate=user)
    )


def _revoke_tokens(user: User) -> None:
    """Blacklist every outstanding refresh token (the version bump already refuses them and every access token)."""
    outstanding = OutstandingToken.objects.filter(user=user).exclude(
        Exists(BlacklistedToken.objects.filter(token=OuterRef("pk")))
    )
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding.only("pk")], ignore_conflicts=True
    )


@transaction.atomic
def user_erase(*, user: User, actor: User | None, reason: str) -> Erasure:
    """Anonymise a candidate, in one transaction; erasing an erased candidate changes nothing.

    Wiped: names (the user becomes "Erased candidate #id"), email (a unique placeholder), phone, time zone,
    password (unusable: never logs in again), cover letters, resumes (the files are deleted from storage after
    the commit), free-text notes on their application events, feedback comments and interviewers' private
    notes about them (every version and draft too), the text of every email to or about them, and their name
    in the Django admin's history.
    Tokens and sessions end. Kept: the rows, statuses, dates, rejection reason codes, ratings, recommendations
    and criteria scores. Applications still in the pipeline are withdrawn (their scheduled interviews
    cancelled, the interviewers told), since nobody is left to interview.
    """
    User.objects.select_for_update(no_key=True).filter(pk=user.pk).first()
    locked = User.objects.get(pk=user.pk)
    existing = Erasure.objects.filter(user=locked).first()
    if existing is not None:
        return existing
    _check_candidate(locked)
    # Before the user row is written (see the module docstring): wait for whatever holds an application.
    applications = list(Application.objects.select_for_update().filter(candidate=locked).order_by("pk"))

    User.objects.filter(pk=locked.pk).update(
        first_name=erased_name(locked.pk),
        last_name="",
        email=erased_email(locked.pk),
        phone="",
        timezone=settings.TIME_ZONE,
        password=make_password(None),  # unusable; also ends every session (its hash no longer matches)
        is_active=False,
        is_superuser=False,
        last_login=None,
        token_version=F("token_version") + 1,
    )
    locked.groups.clear()
    locked.user_permissions.clear()
    _revoke_tokens(locked)

    # The emails already written: their text names the person. Unsent ones are never sent.
    about = _notifications_about(locked)
    about.update(subject=ERASED_SUBJECT, body_text="", body_html="", attachments=[], last_error="")
    about.filter(status__in=[NotificationStatus.QUEUED, NotificationStatus.SENDING]).update(
        status=NotificationStatus.FAILED, last_error=NOT_SENT_ERASED
    )

    from ims.jobs.services import application_transition

    for application in applications:
        if application.status in ACTIVE_STATUSES:
            # Through the pipeline, so events, cancellations and their emails (now naming "Erased candidate #id")
            # are the ordinary ones.
            application_transition(application=application, to_status=ApplicationStatus.WITHDRAWN, actor=actor)

    resume_names = [application.resume.name for application in applications if application.resume]
    Application.objects.filter(candidate=locked).update(
        cover_letter="", resume="", resume_filename="", resume_content_type=""
    )
    ApplicationEvent.objects.filter(application__candidate=locked).exclude(note="").update(note="")
    Feedback.objects.filter(interview__candidate=locked).update(comments="", private_notes="")
    # Every earlier version of that feedback, and the drafts not yet submitted, hold the same kind of text.
    FeedbackVersion.objects.filter(feedback__interview__candidate=locked).update(comments="", private_notes="")
    FeedbackDraft.objects.filter(interview__candidate=locked).update(comments="", private_notes="")

    # The Django admin's history names the user by their email (str(user)).
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(locked.pk)).update(
        object_repr=erased_email(locked.pk)
    )

    erasure = Erasure.objects.create(user=locked, reason=reason)
    # No cached report outlives the erasure, whatever it read of the rows rewritten here.
    reports_all_changed()
    audit_record(action=AuditAction.ERASURE, actor=actor, obj=locked, candidate=locked, extra={"reason": reason})
    for name in resume_names:
        transaction.on_commit(partial(_delete_stored_resume, name))
    logger.info("User %s erased (%s) by %s", locked.pk, reason, getattr(actor, "pk", None) or "the system")
    return erasure


def user_erase_self(*, user: User, password: str) -> Erasure:
    """A candidate deletes their own account, confirming with their password."""
    _check_candidate(user)
    if not user.check_password(password or ""):
        raise Invalid("Your password was entered incorrectly.", field="password", code="wrong_password")
    return user_erase(user=user, actor=user, reason=ErasureReason.SELF)


def user_erase_by_admin(*, user: User, actor: User) -> Erasure:
    _check_candidate(user)
    return user_erase(user=user, actor=actor, reason=ErasureReason.ADMIN)


# --- Retention ----------------------------------------------------------------------------------

ENDED_STATUSES = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)


@dataclass
class RetentionReport:
    cutoffs: dict[str, datetime | None]
    due: list[int] = field(default_factory=list)  # who the rules picked
    erased: list[int] = field(default_factory=list)  # who this run anonymised (empty on a dry run)


def retention_cutoffs(now: datetime | None = None) -> dict[str, datetime | None]:
    """Per ended status, the time before which an application has been ended long enough; None: never."""
    now = now or timezone.now()
    days = {
        ApplicationStatus.REJECTED: settings.RETENTION_REJECTED_DAYS,
        ApplicationStatus.WITHDRAWN: settings.RETENTION_WITHDRAWN_DAYS,
    }
    return {status: now - timedelta(days=count) if count > 0 else None for status, count in days.items()}


def _ended_at() -> Coalesce:
    """When the application reached its current status: its last event to that status (else its last change)."""
    last = (
        ApplicationEvent.objects.filter(application=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return Coalesce(Subquery(last), F("updated_at"))


def retention_due(*, cutoffs: dict[str, datetime | None] | None = None) -> QuerySet[User]:
    """Candidates, not yet erased, who applied at least once and whose every application ended (rejected or
    withdrawn) before its status's cutoff. Anyone applying again has an active application, so is not due."""
    cutoffs = retention_cutoffs() if cutoffs is None else cutoffs
    still_held = ~Q(status__in=ENDED_STATUSES)
    for status, cutoff in cutoffs.items():
        still_held |= Q(status=status) if cutoff is None else Q(status=status, ended_at__gt=cutoff)
    held = Application.objects.filter(candidate=OuterRef("pk")).annotate(ended_at=_ended_at()).filter(still_held)
    return (
        User.objects.filter(role=Role.CANDIDATE)
        .filter(Exists(Application.objects.filter(candidate=OuterRef("pk"))))
        .exclude(Exists(held))
        .exclude(Exists(Erasure.objects.filter(user=OuterRef("pk"))))
        .order_by("pk")
    )


def retention_apply(*, dry_run: bool = False, limit: int = 500) -> RetentionReport:
    """Anonymise the candidates the retention rules pick (at most ``limit`` per run; the next run continues).

    Safe to run in several workers at once: each candidate is claimed with ``SKIP LOCKED`` and checked again
    under the lock (they may have applied meanwhile, or another run erased them), and erasing is idempotent.
    A dry run only reports who is due.
    """
    cutoffs = retention_cutoffs()
    report = RetentionReport(
        cutoffs=cutoffs, due=list(retention_due(cutoffs=cutoffs).values_list("pk", flat=True)[:limit])
    )
    if dry_run:
        return report
    for pk in report.due:
        with transaction.atomic():
            claimed = User.objects.select_for_update(skip_locked=True, no_key=True).filter(pk=pk).first()
            if claimed is None or not retention_due(cutoffs=cutoffs).filter(pk=pk).exists():
                continue
            user_erase(user=claimed, actor=None, reason=ErasureReason.RETENTION)
            report.erased.append(pk)
    if report.erased:
        logger.info("Retention anonymised %s candidate(s): %s", len(report.erased), report.erased)
    return report
