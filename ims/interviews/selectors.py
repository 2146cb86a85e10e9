"""Scoped reads: every query for interviews and feedback starts from what the requesting user may see.

Admins see everything; an interviewer sees only the interviews they conduct and the feedback they wrote
(blind review); a candidate sees no interviews here, only the candidate-safe part of feedback on their own.
"""

from datetime import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ims.accounts.models import Role, User
from ims.interviews.models import Feedback, Interview, InterviewStatus, RoundType
from ims.jobs.models import Application


def round_types_visible_to(user: User) -> QuerySet[RoundType]:
    if user.role in (Role.ADMIN, Role.INTERVIEWER):
        return RoundType.objects.all()
    return RoundType.objects.none()


def round_type_get(*, user: User, pk: int) -> RoundType:
    try:
        return round_types_visible_to(user).get(pk=pk)
    except RoundType.DoesNotExist as exc:
        raise Http404 from exc


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


def interview_get(*, user: User, pk: int) -> Interview:
    try:
        return interviews_visible_to(user).get(pk=pk)
    except Interview.DoesNotExist as exc:
        raise Http404 from exc


def application_for_rounds(*, user: User, pk: int) -> Application:
    """The application whose rounds ``user`` asks for: any for an admin; for an interviewer only one in
    which they conduct an interview (otherwise it does not exist for them)."""
    applications = Application.objects.all()
    if user.role == Role.INTERVIEWER:
        applications = applications.filter(interviews__interviewer=user).distinct()
    elif user.role != Role.ADMIN:
        applications = applications.none()
    try:
        return applications.get(pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc


def interviews_of_application(*, user: User, application: Application) -> QuerySet[Interview]:
    return interviews_visible_to(user).filter(application=application).order_by("scheduled_at", "id")


def interviews_upcoming(
    *,
    user: User,
    start: datetime | None = None,
    end: datetime | None = None,
    job_id: int | None = None,
    interviewer_id: int | None = None,
) -> QuerySet[Interview]:
    """Scheduled interviews that have not started yet, soonest first."""
    queryset = interviews_visible_to(user).filter(status=InterviewStatus.SCHEDULED, scheduled_at__gt=timezone.now())
    if start is not None:
        queryset = queryset.filter(scheduled_at__gte=start)
    if end is not None:
        queryset = queryset.filter(scheduled_at__lt=end)
    if job_id is not None:
        queryset = queryset.filter(application__job_id=job_id)
    if interviewer_id is not None:
        queryset = queryset.filter(interviewer_id=interviewer_id)
    return queryset.order_by("scheduled_at", "id")


def interviews_of_interviewer(*, user: User, status: str | None = None, upcoming: bool = False) -> QuerySet[Interview]:
    queryset = _with_details(Interview.objects.filter(interviewer=user))
    if status:
        queryset = queryset.filter(status=status)
    if upcoming:
        queryset = queryset.filter(status=InterviewStatus.SCHEDULED, scheduled_at__gt=timezone.now())
    return queryset.order_by("scheduled_at", "id")


def feedback_of_interview(*, user: User, interview: Interview) -> Feedback:
    """The feedback on an interview ``user`` can see (admins: any; interviewers: their own)."""
    queryset = Feedback.objects.select_related("interviewer", "interview__round_type").filter(interview=interview)
    if user.role == Role.INTERVIEWER:
        queryset = queryset.filter(interviewer=user)
    elif user.role != Role.ADMIN:
        queryset = queryset.none()
    try:
        return queryset.get()
    except Feedback.DoesNotExist as exc:
        raise Http404("No feedback has been submitted for this interview yet.") from exc


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


def interview_of_candidate(*, candidate: User, pk: int) -> Interview | None:
    return (
        Interview.objects.filter(candidate=candidate, pk=pk)
        .select_related("application__job", "candidate", "round_type", "interviewer")
        .first()
    )
