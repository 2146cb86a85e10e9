"""Scoped reads: every query for interviews and feedback starts from what the requesting user may see.

Admins see everything; an interviewer sees only the interviews they conduct and the feedback they wrote
(blind review); a candidate sees no interviews here, only the candidate-safe part of feedback on their own.
"""

from datetime import datetime
from typing import Any

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Lower, RowNumber
from django.http import Http404
from django.utils import timezone

from ims.accounts.models import Role, User
from ims.core.pagination import DEFAULT_PAGE_SIZE, CountedRows, first_page
from ims.core.prepared import PreparedCount, PreparedRead
from ims.interviews.models import Feedback, FeedbackDraft, FeedbackVersion, Interview, InterviewStatus, RoundType
from ims.jobs import selectors as job_selectors
from ims.jobs.models import APPLICATION_ORDERING, Application


def round_types_visible_to(user: User) -> QuerySet[RoundType]:
    if user.role in (Role.ADMIN, Role.INTERVIEWER):
        return RoundType.objects.all()
    return RoundType.objects.none()


def access_round_type(*, user: User, pk: int) -> RoundType:
    """The round type ``pk`` if ``user`` may see it (admins and interviewers), or Http404."""
    try:
        return round_types_visible_to(user).get(pk=pk)
    except RoundType.DoesNotExist as exc:
        raise Http404("No such round type.") from exc


def _with_details(queryset: QuerySet[Interview]) -> QuerySet[Interview]:
    # A LEFT JOIN on the one-to-one feedback (unique interview_id), looked up per row of the page. The former
    # ``Exists(...)`` was planned as a hashed subplan that read every feedback id (52 ms at 1M applications).
    return queryset.select_related("application__job", "candidate", "round_type", "interviewer").annotate(
        feedback_submitted=ExpressionWrapper(Q(feedback__isnull=False), output_field=BooleanField())
    )


def interviews_visible_to(user: User) -> QuerySet[Interview]:
    if user.role == Role.ADMIN:
        queryset = Interview.objects.all()
    elif user.role == Role.INTERVIEWER:
        queryset = Interview.objects.filter(interviewer=user)
    else:
        queryset = Interview.objects.none()
    return _with_details(queryset)


def access_interview(*, user: User, pk: int) -> Interview:
    """The interview ``pk`` with its application, job, people, round type and ``feedback_submitted`` if ``user``
    may see it, or Http404: admins any, an interviewer the ones they conduct, a candidate their own (what the
    candidate's pages and calendar invites show; the interviews API refuses candidates by role first)."""
    if user.role == Role.CANDIDATE:
        queryset = _with_details(Interview.objects.filter(candidate=user))
    else:
        queryset = interviews_visible_to(user)
    try:
        return queryset.get(pk=pk)
    except Interview.DoesNotExist as exc:
        raise Http404("No such interview.") from exc


def interviews_of_application(*, user: User, application: Application) -> QuerySet[Interview]:
    return interviews_visible_to(user).filter(application=application).order_by("scheduled_at", "id")


def interviews_upcoming(
    *,
    user: User,
    start: datetime | None = None,
    end: datetime | None = None,
    job_id: int | None = None,
    interviewer_id: int | None = None,
    now: datetime | None = None,
) -> QuerySet[Interview]:
    """Scheduled interviews that have not started yet (by ``now``, the present unless given), soonest first."""
    now = timezone.now() if now is None else now
    queryset = interviews_visible_to(user).filter(status=InterviewStatus.SCHEDULED, scheduled_at__gt=now)
    if start is not None:
        queryset = queryset.filter(scheduled_at__gte=start)
    if end is not None:
        queryset = queryset.filter(scheduled_at__lt=end)
    if job_id is not None:
        queryset = queryset.filter(application__job_id=job_id)
    if interviewer_id is not None:
        queryset = queryset.filter(interviewer_id=interviewer_id)
    return queryset.order_by("scheduled_at", "id")


def applications_of_candidate(*, candidate: User) -> QuerySet[Application]:
    """A candidate's own applications, each with its upcoming scheduled interviews (``upcoming_interviews``).

    In this app rather than in ims.jobs.selectors: interviews build on jobs, so jobs knows nothing of them."""
    return (
        Application.objects.filter(candidate=candidate)
        .select_related("job")
        .prefetch_related(Prefetch("interviews", queryset=_upcoming(timezone.now()), to_attr="upcoming_interviews"))
    )


def applications_of_candidate_first_page(*, candidate: User) -> CountedRows:
    """The default page of :func:`applications_of_candidate` (newest first) with its count, from statements
    compiled once per connection: the page, each with ``upcoming_interviews``, in two queries as the prefetch
    makes (three when the page is full and the list is counted)."""
    applications = first_page(_candidate_applications, _candidate_applications_count, candidate.pk)
    if applications:
        upcoming: dict[int, list[Interview]] = {application.pk: [] for application in applications}
        for interview in _candidate_upcoming.list(candidate.pk, timezone.now()):
            if interview.application_id in upcoming:  # the interviews of applications past this page are not shown
                upcoming[interview.application_id].append(interview)
        for application in applications:
            application.upcoming_interviews = upcoming[application.pk]
    return applications


def _upcoming(now: datetime) -> QuerySet[Interview]:
    return (
        Interview.objects.filter(status=InterviewStatus.SCHEDULED, scheduled_at__gt=now)
        .select_related("round_type", "interviewer")
        .order_by("scheduled_at", "id")
    )


_candidate_applications = PreparedRead(
    lambda candidate: (
        Application.objects.filter(candidate=candidate)
        .select_related("job")
        .order_by(*APPLICATION_ORDERING)[:DEFAULT_PAGE_SIZE]
    )
)
_candidate_applications_count = PreparedCount(lambda candidate: Application.objects.filter(candidate=candidate))
# By the candidate rather than the page's ids: one statement whatever the page's length.
_candidate_upcoming = PreparedRead(
    lambda candidate, now: _upcoming(now).filter(application__candidate=candidate), kinds=(int, datetime)
)


def interviews_of_interviewer(*, user: User, status: str | None = None, upcoming: bool = False) -> QuerySet[Interview]:
    queryset = _with_details(Interview.objects.filter(interviewer=user))
    if status:
        queryset = queryset.filter(status=status)
    if upcoming:
        queryset = queryset.filter(status=InterviewStatus.SCHEDULED, scheduled_at__gt=timezone.now())
    return queryset.order_by("scheduled_at", "id")


def access_feedback(*, user: User, pk: int) -> Feedback:
    """The feedback on interview ``pk`` if ``user`` may read it, or Http404: admins any; an interviewer the
    feedback they wrote on an interview they conduct (blind review); candidates none here (they read the
    candidate-safe part through :func:`feedback_for_candidate`)."""
    queryset = Feedback.objects.select_related("interviewer", "interview__round_type").filter(
        # Through the interview's primary key (the same column, no join): that lookup answers "none" for an id
        # past 64 bits, where ``interview_id=`` would send it to the database and fail.
        interview__pk=pk
    )
    if user.role == Role.INTERVIEWER:
        queryset = queryset.filter(interviewer=user, interview__interviewer=user)
    elif user.role != Role.ADMIN:
        raise Http404("No such interview.")
    try:
        return queryset.get()
    except Feedback.DoesNotExist as exc:
        raise Http404("No feedback on this interview that you may read.") from exc


def feedback_for_candidate(*, user: User) -> QuerySet[Feedback]:
    """Feedback on the candidate's own interviews, newest interview first."""
    if user.role != Role.CANDIDATE:
        return Feedback.objects.none()
    return (
        Feedback.objects.filter(interview__candidate=user)
        .select_related("interview__round_type", "interview__application__job")
        .order_by("-interview__scheduled_at", "-id")
    )


def interviews_of_candidate_application(*, candidate: User, application: Application) -> QuerySet[Interview]:
    """The candidate's interviews for one of their applications, with what the calendar invite needs."""
    return (
        Interview.objects.filter(candidate=candidate, application=application)
        .select_related("application__job", "candidate", "round_type", "interviewer")
        .order_by("scheduled_at", "id")
    )


def round_types_with_usage(*, user: User) -> QuerySet[RoundType]:
    """The round types with how many interviews use them, active ones first (one query)."""
    return (
        round_types_visible_to(user)
        .annotate(interview_count=Count("interviews"))
        .order_by("-is_active", Lower("name"), "pk")
    )


# --- The recruiter's dashboard (issue 14) ---------------------------------------------------------


def interviews_between(*, user: User, start: datetime, end: datetime) -> QuerySet[Interview]:
    """Scheduled interviews ``user`` may see that start in [start, end), soonest first."""
    return (
        interviews_visible_to(user)
        .filter(status=InterviewStatus.SCHEDULED, scheduled_at__gte=start, scheduled_at__lt=end)
        .order_by("scheduled_at", "id")
    )


def interviews_with_feedback_of_application(*, user: User, application: Application) -> list[Interview]:
    """Every interview of the application with its submitted feedback (``interview.feedback`` or none), for the
    admin's side-by-side scorecards: one query whatever the number of rounds. Admins only; others get none."""
    if user.role != Role.ADMIN:
        return []
    return list(interviews_of_application(user=user, application=application).select_related("feedback"))


def interview_of_interviewer_for_application(*, user: User, application_pk: int) -> int | None:
    """The id of the interview an interviewer conducts for this application (their next scheduled one, else
    their latest), or None when they conduct none: where the application's address sends them."""
    if user.role != Role.INTERVIEWER:
        return None
    rows = list(
        Interview.objects.filter(application_id=application_pk, interviewer=user)
        .order_by("scheduled_at", "id")
        .values_list("pk", "scheduled_at", "status")
    )
    now = timezone.now()
    upcoming = [pk for pk, at, status in rows if status == InterviewStatus.SCHEDULED and at > now]
    if upcoming:
        return upcoming[0]
    return rows[-1][0] if rows else None


def interviews_busy(
    *, user: User, interviewer_id: int | None, candidate_id: int, start: datetime, end: datetime
) -> list[Interview]:
    """Scheduled interviews of the interviewer or the candidate that meet [start, end): the availability
    strip's busy blocks. Admins only; one query."""
    if user.role != Role.ADMIN:
        return []
    people = Q(candidate_id=candidate_id)
    if interviewer_id is not None:
        people |= Q(interviewer_id=interviewer_id)
    return list(
        Interview.objects.filter(people, status=InterviewStatus.SCHEDULED, scheduled_at__lt=end, ends_at__gt=start)
        .select_related("round_type", "interviewer", "candidate", "application__job")
        .order_by("scheduled_at", "id")
    )


def feedback_overdue_by_interviewer(*, user: User) -> list[dict[str, Any]]:
    """Per interviewer, the interviews that ended over ``FEEDBACK_OVERDUE_AFTER`` ago (the reports' rule) and
    still have no feedback, with the oldest's end; most overdue first. One query. Admins only."""
    from ims.reports.selectors import FEEDBACK_OVERDUE_AFTER

    if user.role != Role.ADMIN:
        return []
    rows = (
        Interview.objects.filter(
            feedback__isnull=True,
            status__in=[InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED],
            ends_at__lt=timezone.now() - FEEDBACK_OVERDUE_AFTER,
        )
        .order_by()
        .values("interviewer_id", "interviewer__first_name", "interviewer__last_name", "interviewer__email")
        .annotate(overdue=Count("pk"), oldest=Min("ends_at"))
        .order_by("oldest", "interviewer_id")
    )
    return [
        {
            "interviewer_id": row["interviewer_id"],
            "name": f"{row['interviewer__first_name']} {row['interviewer__last_name']}".strip()
            or row["interviewer__email"],
            "overdue": row["overdue"],
            "oldest": row["oldest"],
        }
        for row in rows
    ]


def interviewers_schedulable() -> QuerySet[User]:
    """Active interviewers, by name: whom a round can be booked with."""
    return User.objects.filter(role=Role.INTERVIEWER, is_active=True).order_by("first_name", "last_name", "id")


def round_types_schedulable() -> QuerySet[RoundType]:
    return RoundType.objects.filter(is_active=True).order_by("name", "id")


# --- The pipeline board's cards (issue 14): applications with their interviews' facts ----------------


def board_card_details(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """What a card shows beyond the application: ``stage_since``, ``interviews_done``, ``interviews_scheduled``
    and ``rating_avg`` (subqueries evaluated for the rows read only)."""

    def interviews(status: str) -> Coalesce:
        per_application = (
            Interview.objects.filter(application=OuterRef("pk"), status=status)
            .order_by()
            .values("application")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(per_application, output_field=IntegerField()), Value(0))

    rating = (
        Feedback.objects.filter(interview__application=OuterRef("pk"))
        .order_by()
        .values("interview__application")
        .annotate(avg=Avg("rating"))
        .values("avg")
    )
    return queryset.select_related("candidate").annotate(
        stage_since=job_selectors.stage_since(),
        interviews_done=interviews(InterviewStatus.COMPLETED),
        interviews_scheduled=interviews(InterviewStatus.SCHEDULED),
        rating_avg=Subquery(rating, output_field=FloatField()),
    )


def board_cards(
    queryset: QuerySet[Application],
    *,
    per_column: int = job_selectors.BOARD_COLUMN_CAP,
    per_final_column: int = job_selectors.BOARD_FINAL_COLUMN_CAP,
) -> dict[str, list[Application]]:
    """The first cards of each status (``per_column``, ``per_final_column`` for the final stages; newest
    application first), in two queries whatever the board's size: the ids by a window over (status, applied_at),
    then those cards with their details."""
    ranked = queryset.order_by().annotate(
        rank=Window(RowNumber(), partition_by=[F("status")], order_by=[F("applied_at").desc(), F("id").desc()]),
        cap=Case(
            When(status__in=job_selectors.FINAL_STATUSES, then=Value(per_final_column)), default=Value(per_column)
        ),
    )
    ids = list(ranked.filter(rank__lte=F("cap")).values_list("pk", flat=True))
    columns: dict[str, list[Application]] = {status: [] for status in job_selectors.BOARD_STATUSES}
    if not ids:
        return columns
    for card in board_card_details(Application.objects.filter(pk__in=ids)).order_by("-applied_at", "-id"):
        columns[card.status].append(card)
    return columns


def feedback_draft_of(*, user: User, interview: Interview) -> FeedbackDraft | None:
    """The draft scorecard on ``interview``, for its interviewer only: nobody else (admins included) sees one."""
    if user.role != Role.INTERVIEWER or interview.interviewer_id != user.pk:
        return None
    return FeedbackDraft.objects.filter(interview_id=interview.pk, interviewer=user).first()


def feedback_versions(*, user: User, feedback: Feedback) -> QuerySet[FeedbackVersion]:
    """Every submitted version of ``feedback``, oldest first: for admins and its author."""
    queryset = FeedbackVersion.objects.filter(feedback_id=feedback.pk).order_by("number")
    if user.role == Role.ADMIN or (user.role == Role.INTERVIEWER and feedback.interviewer_id == user.pk):
        return queryset
    return queryset.none()


def feedback_of_peers(*, user: User, interview: Interview) -> list[Feedback]:
    """Blind review: the other interviewers' feedback on the same application, shown to an interviewer only once
    their own feedback on ``interview`` is submitted (admins always see all). Private notes are the caller's to
    leave out for interviewers."""
    queryset = (
        Feedback.objects.filter(interview__application_id=interview.application_id)
        .exclude(interview_id=interview.pk)
        .select_related("interviewer", "interview__round_type")
        .order_by("interview__scheduled_at", "id")
    )
    if user.role == Role.ADMIN:
        return list(queryset)
    if user.role != Role.INTERVIEWER or interview.interviewer_id != user.pk:
        return []
    if not Feedback.objects.filter(interview_id=interview.pk, interviewer=user).exists():
        return []
    return list(queryset)


SCHEDULE_LIMIT = 50  # rows per section of the interviewer's schedule


def interviewer_schedule(*, user: User, day_start: datetime, day_end: datetime) -> dict[str, list[Interview]]:
    """The interviewer's own schedule in three sections, each one query of at most SCHEDULE_LIMIT rows, and each
    interview in at most one of them: ``awaiting_feedback`` (ended, neither cancelled nor a no-show, no feedback
    yet), ``today`` (scheduled, starting in [day_start, day_end), the viewer's local day, except those awaiting
    feedback: an interview still running is here, with its link to join) and ``coming`` (scheduled, after
    today)."""
    mine = _with_details(Interview.objects.filter(interviewer=user)).order_by("scheduled_at", "id")
    scheduled = mine.filter(status=InterviewStatus.SCHEDULED)
    now = timezone.now()
    not_awaiting = Q(ends_at__gt=now) | Q(feedback__isnull=False)
    return {
        "today": list(
            scheduled.filter(not_awaiting, scheduled_at__gte=day_start, scheduled_at__lt=day_end)[:SCHEDULE_LIMIT]
        ),
        "coming": list(scheduled.filter(scheduled_at__gte=day_end)[:SCHEDULE_LIMIT]),
        "awaiting_feedback": list(
            mine.filter(
                ends_at__lte=now,
                status__in=(InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED),
                feedback__isnull=True,
            )[:SCHEDULE_LIMIT]
        ),
    }
