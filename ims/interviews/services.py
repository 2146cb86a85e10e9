"""Writes with rules for round types, interviews and feedback.

Double-booking: on PostgreSQL two exclusion constraints (migration 0002) make overlapping *scheduled*
interviews of one interviewer or one candidate impossible, even for concurrent requests. The query before
the write only produces a friendly message; the constraint is the guarantee. On SQLite the same query runs
inside the write transaction, and SQLite's IMMEDIATE transactions serialise writers, so it is enough there.

Lock order, everywhere: application row, then interview rows. ``ims.jobs.services.application_transition``
does the same (it locks the application, then its application_closed signal has the interviews cancelled), so the
two never deadlock.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ims.accounts.models import Role, User
from ims.core.datetimes import utc_iso
from ims.core.db import violates
from ims.core.exceptions import Conflict, Forbidden, Invalid
from ims.core.parsing import ParseError, add_or_fail
from ims.interviews.models import (
    CRITERIA_MAX,
    CRITERION_NAME_MAX,
    DURATION_MAX,
    DURATION_MIN,
    FEEDBACK_EDIT_WINDOW,
    FEEDBACK_FIELDS,
    FEEDBACK_TEXT_MAX,
    LOCATION_MAX,
    MEETING_URL_MAX,
    RATING_MAX,
    RATING_MIN,
    ROUND_TYPE_NAME_MAX,
    Feedback,
    FeedbackDraft,
    FeedbackVersion,
    Interview,
    InterviewStatus,
    Recommendation,
    RoundType,
)
from ims.jobs.models import ACTIVE_STATUSES, Application, ApplicationStatus
from ims.jobs.services import application_transition
from ims.notifications import outbox
from ims.privacy.models import Erasure
from ims.reports import services as reports

OVERLAP_CONSTRAINTS = ("interview_no_interviewer_overlap", "interview_no_candidate_overlap")

# What an admin may do to an interview's status through an update (DELETE is the same as -> cancelled).
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    InterviewStatus.SCHEDULED: (InterviewStatus.COMPLETED, InterviewStatus.NO_SHOW, InterviewStatus.CANCELLED),
    InterviewStatus.NO_SHOW: (InterviewStatus.COMPLETED,),
    InterviewStatus.COMPLETED: (InterviewStatus.NO_SHOW,),
    InterviewStatus.CANCELLED: (),
}


# --- Round types ---------------------------------------------------------------------------------


def _refuse_unknown(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """An update names only fields it may change: any other is refused, the first one named as the field."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise Invalid(f"Unknown field(s): {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])


def _set_given(obj: object, data: Mapping[str, Any], cleaners: Mapping[str, Callable[[Any], Any]]) -> None:
    """Each field ``data`` gives, in the cleaners' order, set on ``obj`` as its cleaner returns it (a cleaner
    refuses a bad value with an error that names the field)."""
    for name, clean in cleaners.items():
        if name in data:
            setattr(obj, name, clean(data[name]))


def _clean_round_type_name(name: object, *, exclude_pk: int | None) -> str:
    if not isinstance(name, str) or not name.strip():
        raise Invalid("A round type needs a name.", field="name")
    name = name.strip()
    if len(name) > ROUND_TYPE_NAME_MAX:
        raise Invalid(f"The name can be at most {ROUND_TYPE_NAME_MAX} characters.", field="name")
    taken = RoundType.objects.filter(name__iexact=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise Conflict(f"A round type named '{name}' already exists.", code="duplicate", field="name")
    return name


def _clean_duration(value: object, *, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not DURATION_MIN <= value <= DURATION_MAX:
        raise Invalid(f"Give a whole number of minutes from {DURATION_MIN} to {DURATION_MAX}.", field=field)
    return value


def _clean_criteria(criteria: Any) -> list[str]:
    if criteria is None:
        return []
    if not isinstance(criteria, list | tuple):
        raise Invalid("Criteria are a list of short names.", field="criteria")
    if len(criteria) > CRITERIA_MAX:
        raise Invalid(f"A round type can have at most {CRITERIA_MAX} criteria.", field="criteria")
    cleaned: list[str] = []
    seen: set[str] = set()
    for item in criteria:
        if not isinstance(item, str) or not item.strip():
            raise Invalid("Every criterion needs a non-empty name.", field="criteria")
        item = item.strip()
        if len(item) > CRITERION_NAME_MAX:
            raise Invalid(f"A criterion name can be at most {CRITERION_NAME_MAX} characters.", field="criteria")
        if item.casefold() in seen:
            raise Invalid(f"The criterion '{item}' appears twice.", field="criteria")
        seen.add(item.casefold())
        cleaned.append(item)
    return cleaned


def _save_round_type(round_type: RoundType) -> RoundType:
    try:
        with transaction.atomic():
            round_type.save()
    except IntegrityError as exc:
        # Lost a race with another admin creating the same name (the pre-check could not see it yet).
        if violates(exc, "roundtype_name_ci_unique"):
            raise Conflict(
                f"A round type named '{round_type.name}' already exists.", code="duplicate", field="name"
            ) from exc
        raise Conflict("This round type conflicts with existing data.") from exc
    return round_type


@transaction.atomic
def round_type_create(
    *,
    name: str,
    description: str = "",
    guidance: str = "",
    default_duration: int = 60,
    criteria: list[str] | None = None,
    is_active: bool = True,
) -> RoundType:
    round_type = RoundType(
        name=_clean_round_type_name(name, exclude_pk=None),
        description=(description or "").strip(),
        guidance=(guidance or "").strip(),
        default_duration=_clean_duration(default_duration, field="default_duration"),
        criteria=_clean_criteria(criteria),
        is_active=bool(is_active),
    )
    return _save_round_type(round_type)


ROUND_TYPE_FIELDS = ("name", "description", "guidance", "default_duration", "criteria", "is_active")


@transaction.atomic
def round_type_update(*, round_type: RoundType, data: dict[str, Any]) -> RoundType:
    """Change a round type. Criteria already scored in past feedback stay in that feedback."""
    _refuse_unknown(data, ROUND_TYPE_FIELDS)
    round_type = RoundType.objects.select_for_update().get(pk=round_type.pk)
    _set_given(
        round_type,
        data,
        {
            "name": lambda name: _clean_round_type_name(name, exclude_pk=round_type.pk),
            "description": lambda text: (text or "").strip(),
            "guidance": lambda text: (text or "").strip(),
            "default_duration": lambda minutes: _clean_duration(minutes, field="default_duration"),
            "criteria": _clean_criteria,
            "is_active": bool,
        },
    )
    return _save_round_type(round_type)


@transaction.atomic
def round_type_delete(*, round_type: RoundType) -> None:
    """Delete an unused round type. One that interviews refer to is history: deactivate it instead."""
    if Interview.objects.filter(round_type=round_type).exists():
        raise Conflict(
            f"The round type '{round_type.name}' is used by interviews and cannot be deleted; "
            "deactivate it instead (is_active: false).",
            code="in_use",
        )
    try:
        with transaction.atomic():
            round_type.delete()
    except IntegrityError as exc:  # an interview was booked with it meanwhile
        raise Conflict(
            f"The round type '{round_type.name}' is used by interviews and cannot be deleted; deactivate it instead.",
            code="in_use",
        ) from exc


# --- Scheduling ----------------------------------------------------------------------------------


def _clean_scheduled_at(value: Any) -> datetime:
    if not isinstance(value, datetime):
        raise Invalid("Give a date and time in ISO 8601, e.g. 2030-03-10T10:00:00+05:30.", field="scheduled_at")
    if timezone.is_naive(value):
        raise Invalid(
            "The time needs a UTC offset (e.g. 2030-03-10T10:00:00+05:30 or 2030-03-10T04:30:00Z); "
            "without one it is ambiguous.",
            field="scheduled_at",
        )
    if value <= timezone.now():
        raise Invalid("An interview can only be scheduled in the future.", field="scheduled_at")
    return value


def _check_interviewer(user: Any) -> User:
    if not isinstance(user, User) or user.role != Role.INTERVIEWER or not user.is_active:
        raise Invalid("The interviewer must be an active user with the interviewer role.", field="interviewer")
    return user


def _check_round_type(round_type: Any) -> RoundType:
    if not isinstance(round_type, RoundType) or not round_type.is_active:
        raise Invalid("This round type is inactive; choose an active one.", field="round_type")
    return round_type


def _clean_location(value: Any) -> str:
    location: str = (value or "").strip()
    if len(location) > LOCATION_MAX:
        raise Invalid(f"The location can be at most {LOCATION_MAX} characters.", field="location")
    return location


def _clean_meeting_url(value: Any) -> str:
    url: str = (value or "").strip()
    if not url:
        return ""
    if len(url) > MEETING_URL_MAX:
        raise Invalid(f"The meeting link can be at most {MEETING_URL_MAX} characters.", field="meeting_url")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except DjangoValidationError as exc:
        raise Invalid("Enter a valid http(s) meeting link.", field="meeting_url") from exc
    return url


def _check_application_active(application: Application) -> None:
    if application.status not in ACTIVE_STATUSES:
        raise Conflict(
            f"The application is {application.status}; interviews can only be scheduled for an active "
            "application (applied, screening or interviewing).",
            code="application_inactive",
            field="application",
        )


def _overlapping(interview: Interview) -> list[Interview]:
    """Scheduled interviews sharing the interviewer or the candidate whose [start, end) meets this one's."""
    query = (
        Interview.objects.filter(
            Q(interviewer_id=interview.interviewer_id) | Q(candidate_id=interview.candidate_id),
            status=InterviewStatus.SCHEDULED,
            scheduled_at__lt=interview.ends_at,
            ends_at__gt=interview.scheduled_at,
        )
        .select_related("interviewer", "round_type")
        .order_by("scheduled_at", "id")
    )
    if interview.pk:
        query = query.exclude(pk=interview.pk)
    return list(query[:10])


def _conflict(interview: Interview, clashes: Iterable[Interview]) -> Conflict:
    details = []
    parts = []
    for other in clashes:
        who = "interviewer" if other.interviewer_id == interview.interviewer_id else "candidate"
        details.append(
            {
                "id": other.pk,
                "scheduled_at": utc_iso(other.scheduled_at),
                "ends_at": utc_iso(other.ends_at),
                "round_type": other.round_type.name,
                "interviewer": other.interviewer.full_name,
                "shared": who,
            }
        )
        parts.append(f"interview {other.pk} ({utc_iso(other.scheduled_at)} to {utc_iso(other.ends_at)}, same {who})")
    if parts:
        detail = "This time overlaps with " + "; ".join(parts) + "."
    else:
        detail = "This time overlaps with another scheduled interview of the interviewer or the candidate."
    return Conflict(detail, code="schedule_conflict", field="scheduled_at", conflicts=details)


def _save_without_overlap(interview: Interview, *, update_fields: list[str] | None = None) -> None:
    """Write ``interview`` only if it overlaps nothing; raise a Conflict naming what it overlaps otherwise."""
    if interview.status == InterviewStatus.SCHEDULED:
        clashes = _overlapping(interview)
        if clashes:
            raise _conflict(interview, clashes)
    try:
        # A savepoint: the exclusion violation must not poison the caller's transaction, so we can still
        # look up (with a new snapshot) the interview that won the race and name it.
        with transaction.atomic():
            interview.save(update_fields=update_fields)
    except IntegrityError as exc:
        if settings.IS_POSTGRES and violates(exc, *OVERLAP_CONSTRAINTS):
            raise _conflict(interview, _overlapping(interview)) from exc
        raise Conflict("This interview conflicts with existing data.") from exc


def _ends_at(interview: Interview) -> datetime:
    """The end, refused when the calendar cannot hold it: ``9999-12-31T23:30Z`` plus an hour overflowed (a 500),
    and an end within a day of the last representable moment could not be shown in every recipient's zone."""
    try:
        return add_or_fail(interview.scheduled_at, timedelta(minutes=interview.duration))
    except ParseError:
        raise Invalid(
            "The interview would end too far in the future; choose an earlier time.", field="scheduled_at"
        ) from None


@transaction.atomic
def interview_schedule(
    *,
    application: Application,
    round_type: RoundType,
    interviewer: User,
    scheduled_at: datetime,
    duration: int | None = None,
    location: str = "",
    meeting_url: str = "",
    actor: User | None,
) -> Interview:
    """Book one round of an application. The first booking moves an applied/screening application on to
    interviewing (with an application event)."""
    scheduled_at = _clean_scheduled_at(scheduled_at)
    round_type = _check_round_type(round_type)
    interviewer = _check_interviewer(interviewer)
    duration = round_type.default_duration if duration is None else _clean_duration(duration, field="duration")
    location = _clean_location(location)
    meeting_url = _clean_meeting_url(meeting_url)

    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_application_active(application)

    interview = Interview(
        application=application,
        candidate_id=application.candidate_id,
        round_type=round_type,
        interviewer=interviewer,
        scheduled_at=scheduled_at,
        duration=duration,
        location=location,
        meeting_url=meeting_url,
        status=InterviewStatus.SCHEDULED,
        created_by=actor,
    )
    interview.ends_at = _ends_at(interview)
    _save_without_overlap(interview)

    if application.status in (ApplicationStatus.APPLIED, ApplicationStatus.SCREENING):
        application_transition(
            application=application,
            to_status=ApplicationStatus.INTERVIEWING,
            actor=actor,
            note=f"{round_type.name} interview scheduled for {utc_iso(scheduled_at)}.",
        )
    interview.application = application
    reports.report_interview_refresh(interview=interview, feedback=None)
    outbox.notify_interview_scheduled(interview=interview)
    return interview


INTERVIEW_FIELDS = ("round_type", "interviewer", "scheduled_at", "duration", "location", "meeting_url", "status")
_CALENDAR_FIELDS = ("interviewer", "scheduled_at", "duration", "location", "meeting_url")


def _lock_interview(interview: Interview) -> Interview:
    # Application first, then the interview: the same order as application_transition.
    Application.objects.select_for_update().filter(pk=interview.application_id).first()
    # The related rows come in the same query for the checks and the emails; ``of`` locks the interview row
    # alone, where a bare FOR UPDATE would lock every joined row too (the round type that many interviews
    # share, both people, the job), serialising unrelated writes. The application is locked just above.
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__job", "round_type", "candidate", "interviewer")
        .get(pk=interview.pk)
    )


def _set_status(interview: Interview, new_status: str) -> bool:
    """Apply an admin's status change; return True when it is a cancellation."""
    if new_status not in InterviewStatus.values:
        raise Invalid(f"Status must be one of: {', '.join(InterviewStatus.values)}.", field="status")
    if new_status == interview.status:
        return False
    allowed = STATUS_TRANSITIONS[interview.status]
    if new_status not in allowed:
        raise Conflict(
            f"An interview cannot go from '{interview.status}' to '{new_status}'.",
            code="invalid_transition",
            field="status",
            allowed=list(allowed),
        )
    if new_status in (InterviewStatus.COMPLETED, InterviewStatus.NO_SHOW) and interview.scheduled_at > timezone.now():
        raise Conflict(
            f"The interview has not started yet; it can be marked {new_status} once it has.",
            code="not_started",
            field="status",
        )
    if new_status == InterviewStatus.NO_SHOW and hasattr(interview, "feedback"):
        raise Conflict("Feedback was submitted for this interview; it cannot be a no-show.", field="status")
    interview.status = new_status
    return new_status == InterviewStatus.CANCELLED


@transaction.atomic
def interview_update(
    *, interview: Interview, data: dict[str, Any], actor: User | None, expected_sequence: int | None = None
) -> Interview:
    """Reschedule (time, duration, interviewer), edit where it happens, or set the status.

    Any change a calendar shows bumps ``sequence`` and re-checks overlaps; cancelling also bumps it. With
    ``expected_sequence`` (the revision the person's form showed), a change made meanwhile by someone else is
    refused, checked under the row lock, so two recruiters editing the same interview never overwrite each other.
    """
    _refuse_unknown(data, INTERVIEW_FIELDS)
    interview = _lock_interview(interview)
    if expected_sequence is not None and interview.sequence != expected_sequence:
        raise Conflict(
            "Someone else changed this interview while you were editing it; its current details are shown.",
            code="stale",
        )

    changes = {name: value for name, value in data.items() if name != "status"}
    if "round_type" in changes and changes["round_type"].pk == interview.round_type_id:
        changes.pop("round_type")
    if "interviewer" in changes and changes["interviewer"].pk == interview.interviewer_id:
        changes.pop("interviewer")
    if "scheduled_at" in changes and changes["scheduled_at"] == interview.scheduled_at:
        changes.pop("scheduled_at")
    for name in ("duration", "location", "meeting_url"):
        if name in changes and changes[name] == getattr(interview, name):
            changes.pop(name)

    if changes:
        if interview.status != InterviewStatus.SCHEDULED:
            raise Conflict(
                f"The interview is {interview.status}; only a scheduled interview can be changed.",
                code="not_scheduled",
            )
        if "scheduled_at" in changes:
            interview.scheduled_at = _clean_scheduled_at(changes["scheduled_at"])
        elif interview.scheduled_at <= timezone.now() and ({"duration", "interviewer"} & set(changes)):
            raise Conflict("The interview has already started; give a new future time to reschedule it.")
        _set_given(
            interview,
            changes,
            {
                "round_type": _check_round_type,
                "interviewer": _check_interviewer,
                "duration": lambda minutes: _clean_duration(minutes, field="duration"),
                "location": _clean_location,
                "meeting_url": _clean_meeting_url,
            },
        )
        if {"scheduled_at", "duration", "interviewer"} & set(changes):
            _check_application_active(interview.application)
        interview.ends_at = _ends_at(interview)

    cancelled = "status" in data and _set_status(interview, data["status"])
    calendar_changed = any(name in changes for name in _CALENDAR_FIELDS)
    if calendar_changed or cancelled:
        interview.sequence += 1
    _save_without_overlap(interview)
    reports.report_interview_refresh(interview=interview)

    if cancelled:
        outbox.notify_interview_cancelled(interview=interview)
    elif calendar_changed and interview.status == InterviewStatus.SCHEDULED:
        outbox.notify_interview_rescheduled(interview=interview)
    return interview


@transaction.atomic
def interview_cancel(*, interview: Interview, actor: User | None) -> Interview:
    """Cancel a scheduled interview. It stays in the history; cancelling twice changes nothing."""
    interview = _lock_interview(interview)
    if interview.status == InterviewStatus.CANCELLED:
        return interview
    if interview.status != InterviewStatus.SCHEDULED:
        raise Conflict(
            f"The interview is {interview.status.replace('_', '-')}; only a scheduled interview can be cancelled.",
            code="invalid_transition",
            field="status",
        )
    _cancel(interview)
    return interview


def _cancel(interview: Interview) -> None:
    """Cancel a locked, scheduled interview: a new calendar version (SEQUENCE), its reports row, the emails."""
    interview.status = InterviewStatus.CANCELLED
    interview.sequence += 1
    interview.save(update_fields=["status", "sequence", "updated_at"])
    reports.report_interview_refresh(interview=interview, feedback=None)
    outbox.notify_interview_cancelled(interview=interview)


@transaction.atomic
def interviews_cancel_for_application(*, application: Application, actor: User | None) -> int:
    """Cancel every scheduled interview of an application that left the pipeline. Returns how many."""
    interviews = list(
        Interview.objects.select_for_update().filter(application=application, status=InterviewStatus.SCHEDULED)
    )
    for interview in interviews:
        interview.application = application  # the row in hand: the emails and reports read it without a query
        _cancel(interview)
    return len(interviews)


# --- Feedback ------------------------------------------------------------------------------------


def _clean_score(value: object, *, field: str, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not RATING_MIN <= value <= RATING_MAX:
        raise Invalid(f"{label} must be a whole number from {RATING_MIN} to {RATING_MAX}.", field=field)
    return value


def _clean_text(value: object, *, field: str, required: bool, label: str) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid(f"{label} must be text.", field=field)
    value = value.strip()
    if required and not value:
        raise Invalid(f"{label} are required.", field=field)
    if len(value) > FEEDBACK_TEXT_MAX:
        raise Invalid(f"{label} can be at most {FEEDBACK_TEXT_MAX:,} characters.", field=field)
    return value


def _clean_criteria_scores(value: Any, *, criteria: list[str]) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid("Criteria scores are an object of {criterion: 1-5}.", field="criteria_scores")
    unknown = [key for key in value if key not in criteria]
    if unknown:
        allowed = ", ".join(criteria) or "none"
        raise Invalid(
            f"Unknown criteria: {', '.join(map(str, unknown))}. This round type scores: {allowed}.",
            field="criteria_scores",
        )
    return {
        key: _clean_score(score, field="criteria_scores", label=f"The score for '{key}'")
        for key, score in value.items()
    }


def _candidate_erased(interview: Interview) -> bool:
    return Erasure.objects.filter(user_id=interview.candidate_id).exists()


def _duplicate_feedback() -> Conflict:
    return Conflict("Feedback for this interview was already submitted.", code="duplicate")


def _feedback_refusal(interview: Interview) -> Conflict | None:
    """Why this (locked) interview takes no feedback now, if it does not."""
    if interview.status in (InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW):
        label = "cancelled" if interview.status == InterviewStatus.CANCELLED else "marked as a no-show"
        return Conflict(f"The interview was {label}; it takes no feedback.", code="invalid_state")
    if interview.scheduled_at > timezone.now():
        return Conflict("The interview has not started yet; feedback comes after it.", code="not_started")
    return None


@transaction.atomic
def feedback_submit(
    *,
    interview: Interview,
    interviewer: User,
    rating: int,
    comments: str,
    recommendation: str = Recommendation.NO_DECISION,
    criteria_scores: dict[str, int] | None = None,
    private_notes: str = "",
) -> Feedback:
    """The interviewer's one feedback on their interview; submitting marks the interview completed, records
    version 1 and removes the interviewer's draft."""
    interview = _lock_interview(interview)
    if interview.interviewer_id != interviewer.pk:
        raise Forbidden("Only the interview's interviewer can submit its feedback.")
    rating = _clean_score(rating, field="rating", label="The rating")
    comments = _clean_text(comments, field="comments", required=True, label="Comments")
    recommendation = _clean_recommendation(recommendation)
    criteria_scores = _clean_criteria_scores(criteria_scores, criteria=list(interview.round_type.criteria or []))
    private_notes = _clean_text(private_notes, field="private_notes", required=False, label="Private notes")

    if _candidate_erased(interview):
        # Read under the application lock an erasure also takes: an erasure committed while this waited is
        # seen here. The scores are kept (the reports count them, as they do for feedback an erasure wiped);
        # the free text about the erased person is not stored, the same end state as erasing afterwards.
        comments, private_notes = "", ""

    refusal = _feedback_refusal(interview)
    if refusal is not None:
        # An existing feedback is the first thing to say; in the usual case (no refusal) the unique
        # constraint says it below, without a query before the insert.
        if Feedback.objects.filter(interview=interview).exists():
            raise _duplicate_feedback()
        raise refusal

    feedback = Feedback(
        interview=interview,
        interviewer=interviewer,
        rating=rating,
        comments=comments,
        recommendation=recommendation,
        criteria_scores=criteria_scores,
        private_notes=private_notes,
    )
    try:
        # No savepoint: on a duplicate the Conflict leaves this atomic block at once, which rolls it back.
        feedback.save(force_insert=True)
    except IntegrityError as exc:
        raise _duplicate_feedback() from exc
    _record_version(feedback, at=feedback.submitted_at)
    FeedbackDraft.objects.filter(interview=interview).delete()
    if interview.status != InterviewStatus.COMPLETED:
        interview.status = InterviewStatus.COMPLETED
        interview.save(update_fields=["status", "updated_at"])
    reports.report_interview_refresh(interview=interview, feedback=feedback)
    outbox.notify_feedback_submitted(feedback=feedback)
    return feedback


def _record_version(feedback: Feedback, *, at: datetime) -> FeedbackVersion:
    return FeedbackVersion.objects.create(
        feedback=feedback,
        number=feedback.version,
        submitted_at=at,
        **{name: getattr(feedback, name) for name in FEEDBACK_FIELDS},
    )


def _check_author(interview: Interview, user: User, *, what: str) -> None:
    if interview.interviewer_id != user.pk:
        raise Forbidden(f"Only the interview's interviewer can {what}.")


def _clean_recommendation(value: Any, *, blank: bool = False) -> str:
    if blank and value in (None, ""):
        return ""
    if value not in Recommendation.values:
        raise Invalid(f"Recommendation must be one of: {', '.join(Recommendation.values)}.", field="recommendation")
    return str(value)


@transaction.atomic
def feedback_draft_save(*, interview: Interview, interviewer: User, data: dict[str, Any]) -> FeedbackDraft:
    """Save (create or replace) the interviewer's draft scorecard. Every field is optional; what is given must
    still be valid (a rating from 1 to 5, the round type's criteria), so submitting it later cannot surprise.
    Drafts may be written before the interview (notes while preparing) but not once feedback is submitted:
    then the feedback itself is edited."""
    _refuse_unknown(data, FEEDBACK_FIELDS)
    interview = _lock_interview(interview)
    _check_author(interview, interviewer, what="keep a draft of its feedback")
    if Feedback.objects.filter(interview=interview).exists():
        raise Conflict(
            "Feedback for this interview was already submitted; edit the submitted feedback instead.",
            code="already_submitted",
        )
    refusal = _feedback_refusal(interview)
    if refusal is not None and refusal.code == "invalid_state":  # cancelled or no-show; "not started" is fine
        raise refusal
    rating = data.get("rating")
    values = {
        "interviewer": interviewer,
        "rating": None if rating is None else _clean_score(rating, field="rating", label="The rating"),
        "comments": _clean_text(data.get("comments"), field="comments", required=False, label="Comments"),
        "recommendation": _clean_recommendation(data.get("recommendation"), blank=True),
        "criteria_scores": _clean_criteria_scores(
            data.get("criteria_scores"), criteria=list(interview.round_type.criteria or [])
        ),
        "private_notes": _clean_text(
            data.get("private_notes"), field="private_notes", required=False, label="Private notes"
        ),
    }
    if _candidate_erased(interview):  # under the application lock an erasure takes, as in feedback_submit
        values["comments"], values["private_notes"] = "", ""
    # The interview row is locked: no other writer can insert this interview's draft meanwhile.
    draft, _created = FeedbackDraft.objects.update_or_create(interview=interview, defaults=values)
    return draft


@transaction.atomic
def feedback_draft_discard(*, interview: Interview, interviewer: User) -> None:
    """Throw the interviewer's draft away; discarding none changes nothing."""
    _check_author(interview, interviewer, what="discard its draft")
    FeedbackDraft.objects.filter(interview_id=interview.pk, interviewer=interviewer).delete()


def _edit_window_closed(feedback: Feedback) -> Conflict:
    return Conflict(
        f"Feedback can be edited for {FEEDBACK_EDIT_WINDOW.total_seconds() / 3600:.0f} hours after it is "
        f"submitted; this one was submitted at {utc_iso(feedback.submitted_at)} and could be edited until "
        f"{utc_iso(feedback.editable_until)}.",
        code="edit_window_closed",
        editable_until=utc_iso(feedback.editable_until),
    )


@transaction.atomic
def feedback_edit(*, feedback: Feedback, editor: User, data: dict[str, Any]) -> Feedback:
    """Change a submitted scorecard: its author only, within FEEDBACK_EDIT_WINDOW of the first submission.

    Fields not given keep their value. Each edit that changes something is a new version (the history keeps
    every one). The feedback row is locked, so two edits at once are applied one after the other, each on the
    other's result: no lost update and no duplicate version number. ``submitted_at`` stays the first
    submission, so the reports' feedback turnaround and the notifications sent on submission stay right; an
    edit sends nothing.
    """
    _refuse_unknown(data, FEEDBACK_FIELDS)
    # The application first, as feedback_submit and an erasure lock it: an erasure committed while this waited
    # is seen below, and one that comes after waits for this edit and then wipes it.
    Application.objects.select_for_update(of=("self",)).filter(interviews__feedback__pk=feedback.pk).first()
    feedback = (
        Feedback.objects.select_for_update(of=("self",))
        .select_related("interview__round_type", "interviewer")
        .get(pk=feedback.pk)
    )
    if feedback.interviewer_id != editor.pk:
        raise Forbidden("Only the interviewer who wrote this feedback can edit it.")
    now = timezone.now()
    if now > feedback.editable_until:
        raise _edit_window_closed(feedback)
    criteria = list(feedback.interview.round_type.criteria or [])
    _set_given(
        feedback,
        data,
        {
            "rating": lambda score: _clean_score(score, field="rating", label="The rating"),
            "comments": lambda text: _clean_text(text, field="comments", required=True, label="Comments"),
            "recommendation": _clean_recommendation,
            "criteria_scores": lambda scores: _clean_criteria_scores(scores, criteria=criteria),
            "private_notes": lambda text: _clean_text(
                text, field="private_notes", required=False, label="Private notes"
            ),
        },
    )
    if _candidate_erased(feedback.interview):
        # Nothing written about an erased person is stored; the scores still change.
        feedback.comments, feedback.private_notes = "", ""
    latest = FeedbackVersion.objects.filter(feedback=feedback, number=feedback.version).first()
    if latest is not None and all(getattr(latest, name) == getattr(feedback, name) for name in FEEDBACK_FIELDS):
        return feedback  # nothing changed: no new version
    feedback.version += 1
    feedback.edited_at = now
    feedback.save(update_fields=[*FEEDBACK_FIELDS, "version", "edited_at"])
    _record_version(feedback, at=now)
    return feedback
