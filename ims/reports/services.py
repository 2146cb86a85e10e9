"""Keep the report rollups current. The pipeline's own services call these, once per write, inside their
transaction: an application event (:func:`report_application_refresh`) or an interview / feedback write
(:func:`report_interview_refresh`). Nothing here runs later or on a schedule, so a report is never stale."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Min

from ims.interviews.models import Feedback, Interview
from ims.jobs.models import Application, ApplicationEvent
from ims.reports import rollups
from ims.reports.cache import reports_changed, reports_weeks_changed
from ims.reports.models import ApplicationFact, InterviewFact, StageVisit

_UNKNOWN: Any = object()


def _upsert(model: type[ApplicationFact | InterviewFact], key: dict[str, Any], values: dict[str, Any]) -> bool:
    """Update the row, or create it; True when created."""
    if model.objects.filter(**key).update(**values):
        return False
    model.objects.create(**key, **values)
    return True


# What a report by week reads of a stay; left_at second.
STAY = ("status", "left_at", "job_id", "seconds", "left_to", "reason")


def report_application_refresh(*, application: Application, events: Sequence[ApplicationEvent] | None = None) -> None:
    """Rewrite the application's fact and stage visits from its events (read unless given, oldest first)."""
    if events is None:
        events = list(
            ApplicationEvent.objects.filter(application_id=application.pk)
            .order_by("at", "id")
            .only("from_status", "to_status", "reason", "at")
        )
    fact, visits = rollups.application_rows(
        application_id=application.pk,
        job_id=application.job_id,
        applied_at=application.applied_at,
        status=application.status,
        events=[rollups.Event(e.from_status, e.to_status, e.reason, e.at) for e in events],
    )
    key = {"application_id": fact.pop("application_id")}
    reports_changed("applications")
    if len(events) <= 1:
        # A new application: nothing to replace (its first interview is still to come), and no stay ended; it
        # counts in the week it came in.
        ApplicationFact.objects.create(**key, **fact)
        StageVisit.objects.bulk_create([StageVisit(**visit) for visit in visits])
        reports_weeks_changed("applied-weeks", [fact["applied_week"]])
        return
    if _upsert(ApplicationFact, key, fact):
        # Written without the services until now: it starts counting in the week it came in. (A move changes
        # neither the week nor the job an application is counted by.)
        reports_weeks_changed("applied-weeks", [fact["applied_week"]])
    stays = StageVisit.objects.filter(application_id=application.pk)
    before = set(stays.values_list(*STAY))
    stays.delete()
    StageVisit.objects.bulk_create([StageVisit(**visit) for visit in visits])
    # The weeks of the ended stays that changed (usually the one this event ended), for the reports by week.
    changed = before ^ {tuple(visit[column] for column in STAY) for visit in visits}
    reports_weeks_changed("visits", [rollups.week_start(stay[1]) for stay in changed if stay[1] is not None])


def report_application_removed(*, application: Application) -> None:
    """Called before an application is deleted (its rollup rows go with it, ON DELETE CASCADE): invalidate the
    reports that counted it, and the weeks its ended stays were counted in."""
    ended = StageVisit.objects.filter(application_id=application.pk).values_list("left_at", flat=True)
    reports_changed("applications")
    reports_weeks_changed("visits", [rollups.week_start(left_at) for left_at in ended if left_at is not None])
    reports_weeks_changed("applied-weeks", [rollups.week_start(application.applied_at)])


def report_interview_refresh(*, interview: Interview, feedback: Feedback | None = _UNKNOWN) -> None:
    """Rewrite the interview's fact, and its application's first interview (a booking, a move or a cancel
    may change which interview is first)."""
    if feedback is _UNKNOWN:
        feedback_at = Feedback.objects.filter(interview_id=interview.pk).values_list("submitted_at", flat=True).first()
    else:
        feedback_at = None if feedback is None else feedback.submitted_at
    application = interview.application
    row = rollups.interview_row(
        interview_id=interview.pk,
        job_id=application.job_id,
        interviewer_id=interview.interviewer_id,
        scheduled_at=interview.scheduled_at,
        ends_at=interview.ends_at,
        status=interview.status,
        feedback_at=feedback_at,
    )
    key = {"interview_id": row.pop("interview_id")}
    # A move to another week changes the load of both weeks.
    weeks = {row["week"], *InterviewFact.objects.filter(**key).values_list("week", flat=True)}
    created = _upsert(InterviewFact, key, row)
    reports_changed("interviews")
    reports_weeks_changed("interview-weeks", weeks)
    if feedback is not _UNKNOWN and feedback is not None and not created:
        # Feedback moves no interview and keeps it among the held ones: the first interview stays as it was
        # (unless the interview was written without a service, as seed_demo does for one in the past).
        return
    first = Interview.objects.filter(application_id=application.pk, status__in=rollups.HELD_OR_PLANNED).aggregate(
        first=Min("scheduled_at")
    )["first"]
    ApplicationFact.objects.filter(application_id=application.pk).update(
        **rollups.first_interview(applied_at=application.applied_at, starts=[first] if first else [])
    )
