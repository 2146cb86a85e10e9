"""Writes with rules for jobs and applications: the pipeline lives here.

Every status change of an application goes through :func:`application_transition` (and selections through
:func:`application_select`), whatever the caller: API views, the admin site, other apps' services.
"""

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from ims.accounts.models import User
from ims.core.exceptions import Conflict, Forbidden, Invalid, ServiceError
from ims.jobs.cache import careers_invalidate
from ims.jobs.models import (
    COVER_LETTER_MAX,
    JOB_EDITABLE_FIELDS,
    NOTE_MAX,
    OPENINGS_MIN,
    TRANSITIONS,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    EmploymentType,
    Job,
    RejectionReason,
)
from ims.jobs.resumes import random_storage_name, resume_inspect
from ims.jobs.signals import application_closed
from ims.notifications import outbox
from ims.reports import services as reports
from ims.reports.cache import reports_all_changed

logger = logging.getLogger(__name__)

# What the reports show of a job or filter it by: changing one invalidates the cached reports.
REPORTED_JOB_FIELDS = {"title", "department", "employment_type"}


# --- Jobs ----------------------------------------------------------------------------------------


def _job_check(*, title: str, description: str, department: str, employment_type: str, openings: int) -> None:
    for field, value in (("title", title), ("description", description), ("department", department)):
        if not (value or "").strip():
            raise Invalid(f"The job needs a {field}.", field=field)
    if employment_type not in EmploymentType.values:
        raise Invalid(f"Employment type must be one of: {', '.join(EmploymentType.values)}.", field="employment_type")
    if openings is None or int(openings) < OPENINGS_MIN:
        raise Invalid("A job has at least one opening.", field="openings")


def job_create(
    *,
    title: str,
    description: str,
    department: str,
    created_by: User | None,
    location: str = "",
    employment_type: str = EmploymentType.FULL_TIME,
    openings: int = 1,
    is_open: bool = True,
) -> Job:
    _job_check(
        title=title, description=description, department=department, employment_type=employment_type, openings=openings
    )
    job = Job.objects.create(
        title=title.strip(),
        description=description,
        department=department.strip(),
        location=(location or "").strip(),
        employment_type=employment_type,
        openings=openings,
        is_open=is_open,
        closed_at=None if is_open else timezone.now(),
        created_by=created_by,
    )
    transaction.on_commit(careers_invalidate)
    return job


def job_selected_count(*, job: Job) -> int:
    return Application.objects.filter(job=job, status=ApplicationStatus.SELECTED).count()


@transaction.atomic
def job_update(*, job: Job, **fields: Any) -> Job:
    """Change a job. Closing records ``closed_at``; reopening clears it.

    The job row is locked so an update cannot interleave with a selection counting its openings. A job
    whose openings are all filled cannot be reopened without raising ``openings``, and ``openings`` cannot
    go below the number of candidates already selected.
    """
    unknown = set(fields) - set(JOB_EDITABLE_FIELDS)
    if unknown:
        raise Invalid(f"These fields cannot be changed: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    locked = Job.objects.select_for_update().get(pk=job.pk)
    was_open = locked.is_open
    for name, value in fields.items():
        setattr(locked, name, value)
    _job_check(
        title=locked.title,
        description=locked.description,
        department=locked.department,
        employment_type=locked.employment_type,
        openings=locked.openings,
    )
    selected = job_selected_count(job=locked)
    if locked.openings < selected:
        raise Invalid(
            f"{selected} candidate(s) are already selected for this job; openings cannot be fewer.",
            field="openings",
        )
    if locked.is_open and selected >= locked.openings:
        if not was_open:
            raise Conflict(
                f"All {locked.openings} opening(s) of this job are filled; raise openings to reopen it.",
                code="job_full",
                field="is_open",
            )
        # Openings lowered to the number already selected: the job is now full, so it closes.
        locked.is_open = False
    if was_open and not locked.is_open:
        locked.closed_at = timezone.now()
    elif locked.is_open:
        locked.closed_at = None
    locked.save()
    transaction.on_commit(careers_invalidate)
    if REPORTED_JOB_FIELDS & set(fields):
        reports_all_changed()  # the reports name the job and filter by its department and employment type
    return locked


@transaction.atomic
def job_delete(*, job: Job) -> None:
    """Delete a job nobody applied to. A job with applications is history: close it instead (409)."""
    if Application.objects.filter(job=job).exists():
        raise Conflict(
            "This job has applications and cannot be deleted; close it instead (is_open=false).",
            code="job_has_applications",
        )
    transaction.on_commit(careers_invalidate)
    try:
        job.delete()
    except (ProtectedError, IntegrityError) as exc:
        raise Conflict(
            "This job has applications and cannot be deleted; close it instead (is_open=false).",
            code="job_has_applications",
        ) from exc


# --- Applications --------------------------------------------------------------------------------


def _delete_stored_file(name: str) -> None:
    if not name:
        return
    try:
        Application._meta.get_field("resume").storage.delete(name)
    except Exception:
        logger.exception("Could not delete stored resume %s", name)


def application_create(
    *, candidate: User, job: Job | None, cover_letter: str = "", resume: UploadedFile | None = None
) -> Application:
    """A candidate applies to an open job, optionally with a resume.

    One application per (job, candidate) is a database constraint: a duplicate, even one racing this one,
    is a 409 and leaves no second row (and no stray file). The first ``applied`` event and the
    "application received" notification are written in the same transaction as the application.

    ``job`` is taken as the caller read it (the API loads it in the same request): whether it is open is
    not locked either way, so reading the row again would only cost a query. The returned application
    carries ``event_list``, its history so far (the one ``applied`` event), so the caller can answer
    without reading it back.
    """
    if not getattr(candidate, "is_candidate", False):
        raise Forbidden("Only candidates can apply to jobs.")
    if job is None:
        raise Invalid("There is no such job.", field="job", code="job_not_found")
    if not job.is_open:
        raise Invalid("This job is closed and does not accept applications.", field="job", code="job_closed")
    cover_letter = cover_letter or ""
    if len(cover_letter) > COVER_LETTER_MAX:
        raise Invalid(f"The cover letter is limited to {COVER_LETTER_MAX} characters.", field="cover_letter")
    if Application.objects.filter(job=job, candidate=candidate).exists():
        raise _duplicate_application()

    info = resume_inspect(resume) if resume is not None else None
    stored_name = ""
    try:
        with transaction.atomic():
            # The lock an erasure takes too (ims.privacy.services): an erasure committed meanwhile leaves the
            # user inactive, so nothing personal is filed for an erased person.
            if not User.objects.select_for_update(no_key=True).filter(pk=candidate.pk, is_active=True).exists():
                raise Forbidden("This account is closed.", code="account_closed")
            application = Application(
                job=job, candidate=candidate, status=ApplicationStatus.APPLIED, cover_letter=cover_letter
            )
            if info is not None:
                application.resume.save(random_storage_name(info.extension), resume, save=False)
                stored_name = application.resume.name
                application.resume_content_type = info.content_type
                application.resume_filename = info.filename
            application.save(force_insert=True)
            event = ApplicationEvent.objects.create(
                application=application, from_status="", to_status=ApplicationStatus.APPLIED, actor=candidate
            )
            reports.report_application_refresh(application=application, events=[event])
            outbox.notify_application_received(application=application)
    except IntegrityError as exc:
        _delete_stored_file(stored_name)
        # Another request for the same (job, candidate) won the race; by now it is committed and visible.
        if Application.objects.filter(job=job, candidate=candidate).values_list("pk", flat=True).first():
            raise _duplicate_application() from exc
        raise
    except BaseException:
        _delete_stored_file(stored_name)
        raise
    application.event_list = [event]
    return application


def _duplicate_application() -> Conflict:
    return Conflict("You have already applied to this job.", code="already_applied", field="job")


def _record(*, application: Application, to_status: str, actor: User | None, reason: str, note: str) -> Application:
    """Write the status change on an already locked row, then its event and its consequences."""
    from_status = application.status
    application.status = to_status
    application.save(update_fields=["status", "updated_at"])
    ApplicationEvent.objects.create(
        application=application, from_status=from_status, to_status=to_status, actor=actor, reason=reason, note=note
    )
    reports.report_application_refresh(application=application)
    if to_status in (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.SELECTED):
        # The interviews app cancels the scheduled interviews (ims/interviews/receivers.py), in this transaction.
        application_closed.send(sender=Application, application=application, actor=actor)
    outbox.notify_application_status_changed(application=application)
    return application


def _check_transition(*, current: str, to_status: str) -> None:
    allowed = TRANSITIONS.get(current, ())
    if to_status not in allowed:
        if allowed:
            message = f"An application cannot go from '{current}' to '{to_status}'; allowed: {', '.join(allowed)}."
        else:
            message = f"An application cannot go from '{current}' to '{to_status}': '{current}' is final."
        raise Conflict(message, code="invalid_transition", field="status", allowed=list(allowed))


def _check_reason_and_note(*, current: str, to_status: str, reason: str, note: str) -> tuple[str, str]:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise Invalid(f"A note is limited to {NOTE_MAX} characters.", field="note")
    if to_status == ApplicationStatus.REJECTED:
        if reason not in RejectionReason.values:
            raise Invalid(f"Rejecting needs a reason, one of: {', '.join(RejectionReason.values)}.", field="reason")
    else:
        reason = ""
    if current == ApplicationStatus.REJECTED and to_status == ApplicationStatus.SCREENING and not note:
        raise Invalid("Re-opening a rejected application needs a note saying why.", field="note")
    return reason, note


def _check_status(to_status: str) -> None:
    if to_status not in ApplicationStatus.values:
        raise Invalid(f"Status must be one of: {', '.join(ApplicationStatus.values)}.", field="status")


def _check_move(*, current: str, to_status: str, actor: User | None, reason: str, note: str) -> tuple[str, str]:
    """The pipeline's rules for one application's move from ``current``, whichever path moves it: the transition
    is allowed, the reason and note fit, and only an admin re-opens a rejected application. Returns the reason
    and note as they are stored."""
    _check_transition(current=current, to_status=to_status)
    reason, note = _check_reason_and_note(current=current, to_status=to_status, reason=reason, note=note)
    if current == ApplicationStatus.REJECTED and actor is not None and not actor.is_admin:
        raise Forbidden("Only an admin can re-open a rejected application.")
    return reason, note


def _sync(target: Application, source: Application) -> None:
    target.status = source.status
    target.updated_at = source.updated_at


@transaction.atomic
def application_transition(
    *, application: Application, to_status: str, actor: User | None, reason: str = "", note: str = ""
) -> Application:
    """Move an application along the pipeline, record the event, and apply the consequences.

    The row is locked first, so the rule is checked against the status as it is now, not as the caller
    last read it. Refused moves are a 409 carrying the ``allowed`` next statuses. Selecting is delegated
    to :func:`application_select`, which also guards the job's openings.
    """
    if to_status == ApplicationStatus.SELECTED:
        return application_select(application=application, actor=actor, note=note)
    _check_status(to_status)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    reason, note = _check_move(current=locked.status, to_status=to_status, actor=actor, reason=reason, note=note)
    _record(application=locked, to_status=to_status, actor=actor, reason=reason, note=note)
    _sync(application, locked)
    return locked


@transaction.atomic
def application_select(*, application: Application, actor: User | None, note: str = "") -> Application:
    """Select a candidate for the job, race-safe.

    The job row is locked before the selected applications are counted, so two selections for the last
    opening run one after the other: the first succeeds, the second sees a full job and gets a 409. When
    the selected count reaches ``openings`` the job closes and ``closed_at`` records when.
    """
    job = Job.objects.select_for_update().get(pk=application.job_id)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    # A rejected application cannot be selected (the pipeline refuses that first): the re-open rule never bites here.
    _, note = _check_move(
        current=locked.status, to_status=ApplicationStatus.SELECTED, actor=actor, reason="", note=note
    )
    selected = job_selected_count(job=job)
    if selected >= job.openings:
        raise Conflict(
            f"All {job.openings} opening(s) of this job are already filled.",
            code="job_full",
            field="job",
            openings=job.openings,
            selected=selected,
        )
    _record(application=locked, to_status=ApplicationStatus.SELECTED, actor=actor, reason="", note=note)
    if selected + 1 >= job.openings and job.is_open:
        job.is_open = False
        job.closed_at = timezone.now()
        job.save(update_fields=["is_open", "closed_at", "updated_at"])
        transaction.on_commit(careers_invalidate)
    _sync(application, locked)
    return locked


def application_withdraw(*, application: Application, actor: User, note: str = "") -> Application:
    """The candidate who applied takes the application back; its scheduled interviews are cancelled."""
    if actor is None or actor.pk != application.candidate_id:
        raise Forbidden("Only the candidate who applied can withdraw an application.")
    return application_transition(
        application=application, to_status=ApplicationStatus.WITHDRAWN, actor=actor, note=note
    )


def application_reject(*, application: Application, actor: User | None, reason: str, note: str = "") -> Application:
    return application_transition(
        application=application, to_status=ApplicationStatus.REJECTED, actor=actor, reason=reason, note=note
    )


@transaction.atomic
def application_delete(*, application: Application) -> None:
    """Delete an application that never reached an interview (test or spam entries, erasure requests).

    Applications with interviews are hiring history: reject or withdraw them instead (409).
    """
    if application.interviews.exists():
        raise Conflict(
            "This application has interviews and cannot be deleted; reject it instead.",
            code="application_has_interviews",
        )
    stored_name = application.resume.name if application.resume else ""
    reports.report_application_removed(application=application)
    application.delete()
    if stored_name:
        transaction.on_commit(lambda: _delete_stored_file(stored_name))


def _refusal_naming(application: Application, exc: ServiceError) -> ServiceError:
    """The same refusal (class, code, field, extras), its message prefixed with the card it is about."""
    name = application.candidate.full_name or application.candidate.email
    return type(exc)(
        f"{name}: {exc.detail}", code=exc.code, field=exc.field, **{**exc.extra, "application": application.pk}
    )


@transaction.atomic
def applications_bulk_transition(
    *,
    job: Job,
    application_ids: Sequence[int],
    to_status: str,
    actor: User | None,
    reason: str = "",
    note: str = "",
    seen: Mapping[int, str] | None = None,
) -> list[Application]:
    """Move several of one job's applications to ``to_status`` in one go, all or nothing.

    The rows are locked in id order (the job's row first when selecting, as :func:`application_select` does),
    so two batches sharing cards queue behind each other instead of deadlocking, and every rule is checked
    against the status as it is now. ``seen`` is the status each card had on the actor's screen: a card moved by
    someone else meanwhile refuses the batch, so nobody moves a card they did not see. Any refusal (a transition
    the pipeline does not allow, a missing reason, a full job) names the card and rolls the whole batch back.
    """
    _check_status(to_status)
    wanted = sorted({int(pk) for pk in application_ids})
    if not wanted:
        raise Invalid("Choose at least one application.", field="applications")
    locked_job = Job.objects.select_for_update().get(pk=job.pk) if to_status == ApplicationStatus.SELECTED else job
    locked = list(
        Application.objects.select_for_update(of=("self",))
        .select_related("candidate")
        .filter(job=job, pk__in=wanted)
        .order_by("pk")
    )
    if len(locked) != len(wanted):
        missing = sorted(set(wanted) - {application.pk for application in locked})
        raise Invalid(
            f"These applications are not on this job's board: {', '.join(map(str, missing))}.",
            field="applications",
            code="not_found",
        )
    for application in locked:
        try:
            expected = (seen or {}).get(application.pk)
            if expected and expected != application.status:
                raise Conflict(
                    f"Someone moved this application to '{application.status}' meanwhile; nothing was changed.",
                    code="stale",
                    field="status",
                    current=application.status,
                )
            _check_move(current=application.status, to_status=to_status, actor=actor, reason=reason, note=note)
        except ServiceError as exc:
            raise _refusal_naming(application, exc) from exc
    reason, note = _check_reason_and_note(current=locked[0].status, to_status=to_status, reason=reason, note=note)
    selected = 0
    if to_status == ApplicationStatus.SELECTED:
        selected = job_selected_count(job=locked_job)
        if selected + len(locked) > locked_job.openings:
            raise Conflict(
                f"All {locked_job.openings} opening(s) of this job are filled or would be: {selected} selected "
                f"already, {len(locked)} more asked for. Raise the openings first.",
                code="job_full",
                field="job",
                openings=locked_job.openings,
                selected=selected,
            )
    for application in locked:
        _record(application=application, to_status=to_status, actor=actor, reason=reason, note=note)
    filled = selected + len(locked) >= locked_job.openings
    if to_status == ApplicationStatus.SELECTED and locked_job.is_open and filled:
        locked_job.is_open = False
        locked_job.closed_at = timezone.now()
        locked_job.save(update_fields=["is_open", "closed_at", "updated_at"])
        transaction.on_commit(careers_invalidate)
    return locked
