"""Scoped reads for jobs and applications. Views fetch only through these, so other people's rows are 404."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ims.accounts.models import User
from ims.jobs.models import Application, ApplicationEvent, ApplicationStatus, Job

STATUS_COUNT_PREFIX = "count_"


def jobs_list(queryset: QuerySet[Job] | None = None) -> QuerySet[Job]:
    """Jobs (all, or the given filtered ones) with their ``application_count``, for admins."""
    queryset = Job.objects.all() if queryset is None else queryset
    return queryset.select_related("created_by").annotate(application_count=Count("applications"))


def jobs_open() -> QuerySet[Job]:
    """Jobs that accept applications, for everyone signed in. No internal counts."""
    return Job.objects.filter(is_open=True)


def jobs_with_application_counts(queryset: QuerySet[Job] | None = None) -> QuerySet[Job]:
    """Jobs with ``application_count`` and ``count_<status>`` for each status, in one aggregate query
    (``COUNT(...) FILTER (WHERE status = ...)`` on PostgreSQL)."""
    queryset = Job.objects.all() if queryset is None else queryset
    per_status = {
        f"{STATUS_COUNT_PREFIX}{status}": Count("applications", filter=Q(applications__status=status))
        for status in ApplicationStatus.values
    }
    return queryset.annotate(application_count=Count("applications"), **per_status)


def job_get(*, pk: int) -> Job | None:
    return Job.objects.filter(pk=pk).first()


def _application_base() -> QuerySet[Application]:
    return Application.objects.select_related("job", "candidate")


def applications_visible_to(user: User) -> QuerySet[Application]:
    """Admins see every application, a candidate their own, anyone else none."""
    if not (user and user.is_authenticated):
        return Application.objects.none()
    if user.is_admin:
        return _application_base()
    if user.is_candidate:
        return _application_base().filter(candidate=user)
    return Application.objects.none()


def applications_of_job(*, job: Job) -> QuerySet[Application]:
    return _application_base().filter(job=job)


def application_events(*, application: Application) -> QuerySet[ApplicationEvent]:
    return ApplicationEvent.objects.filter(application=application).select_related("actor").order_by("at", "id")


def application_with_events(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.prefetch_related(
        Prefetch("events", queryset=ApplicationEvent.objects.select_related("actor").order_by("at", "id"))
    )


def applications_of_candidate(*, candidate: User) -> QuerySet[Application]:
    """A candidate's own applications, each with its upcoming scheduled interviews (``upcoming_interviews``)."""
    from ims.interviews.models import Interview, InterviewStatus

    upcoming = (
        Interview.objects.filter(status=InterviewStatus.SCHEDULED, scheduled_at__gt=timezone.now())
        .select_related("round_type", "interviewer")
        .order_by("scheduled_at", "id")
    )
    return (
        Application.objects.filter(candidate=candidate)
        .select_related("job")
        .prefetch_related(Prefetch("interviews", queryset=upcoming, to_attr="upcoming_interviews"))
    )
