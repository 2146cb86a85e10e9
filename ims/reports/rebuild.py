"""Derive every rollup row again from the source rows.

Used by the migration that created the rollup tables (with its historical models), by ``manage.py
reports_rebuild`` and by the bench data generator (``generate_data``). On PostgreSQL three set-based statements do
it (seconds for a million applications); elsewhere the same pure functions the services use run over chunks of
applications. A test checks that both give exactly the rows the services wrote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from ims.reports import rollups

CHUNK = 10_000


@dataclass
class Rows:
    facts: list[dict] = field(default_factory=list)
    visits: list[dict] = field(default_factory=list)
    interviews: list[dict] = field(default_factory=list)


def rollup_rows(
    *, Application, ApplicationEvent, Interview, Feedback, using: str = "default", chunk: int = CHUNK
) -> Iterator[Rows]:
    """Yield the rollup rows of ``chunk`` applications at a time (by id), given the source model classes."""
    last = Application.objects.using(using).order_by("-pk").values_list("pk", flat=True).first() or 0
    for lo in range(1, last + 1, chunk):
        hi = lo + chunk
        apps = list(
            Application.objects.using(using)
            .filter(pk__gte=lo, pk__lt=hi)
            .values_list("pk", "job_id", "applied_at", "status")
        )
        if not apps:
            continue
        events: dict[int, list[rollups.Event]] = defaultdict(list)
        for app_id, from_status, to_status, reason, at in (
            ApplicationEvent.objects.using(using)
            .filter(application_id__gte=lo, application_id__lt=hi)
            .order_by("application_id", "at", "pk")
            .values_list("application_id", "from_status", "to_status", "reason", "at")
        ):
            events[app_id].append(rollups.Event(from_status, to_status, reason, at))
        feedback_at = dict(
            Feedback.objects.using(using)
            .filter(interview__application_id__gte=lo, interview__application_id__lt=hi)
            .values_list("interview_id", "submitted_at")
        )
        interviews: dict[int, list[tuple]] = defaultdict(list)
        for row in (
            Interview.objects.using(using)
            .filter(application_id__gte=lo, application_id__lt=hi)
            .values_list("pk", "application_id", "interviewer_id", "scheduled_at", "ends_at", "status")
        ):
            interviews[row[1]].append(row)

        out = Rows()
        for app_id, job_id, applied_at, status in apps:
            fact, visits = rollups.application_rows(
                application_id=app_id, job_id=job_id, applied_at=applied_at, status=status, events=events[app_id]
            )
            mine = interviews.get(app_id, ())
            fact.update(
                rollups.first_interview(
                    applied_at=applied_at, starts=[i[3] for i in mine if i[5] in rollups.HELD_OR_PLANNED]
                )
            )
            out.facts.append(fact)
            out.visits.extend(visits)
            for interview_id, _, interviewer_id, scheduled_at, ends_at, interview_status in mine:
                out.interviews.append(
                    rollups.interview_row(
                        interview_id=interview_id,
                        job_id=job_id,
                        interviewer_id=interviewer_id,
                        scheduled_at=scheduled_at,
                        ends_at=ends_at,
                        status=interview_status,
                        feedback_at=feedback_at.get(interview_id),
                    )
                )
        yield out


# Seconds between two instants, rounded down, never negative (as rollups.seconds_between, then max(0, ...)).
_SECONDS = "GREATEST(0, FLOOR(EXTRACT(EPOCH FROM ({end}) - ({start}))))::bigint"

POSTGRES_REBUILD = (
    # DELETE, not TRUNCATE: the caller's transaction may hold pending foreign-key checks on these tables.
    "DELETE FROM reports_applicationfact",
    "DELETE FROM reports_stagevisit",
    "DELETE FROM reports_interviewfact",
    f"""
    INSERT INTO reports_stagevisit (application_id, job_id, status, entered_at, left_at, left_to, reason, seconds)
    SELECT e.application_id, a.job_id, e.to_status, e.at, LEAD(e.at) OVER w, COALESCE(LEAD(e.to_status) OVER w, ''),
           CASE WHEN LEAD(e.to_status) OVER w = 'rejected' THEN LEAD(e.reason) OVER w ELSE '' END,
           CASE WHEN LEAD(e.at) OVER w IS NULL THEN NULL
                ELSE {_SECONDS.format(end="LEAD(e.at) OVER w", start="e.at")} END
    FROM jobs_applicationevent e JOIN jobs_application a ON a.id = e.application_id
    WINDOW w AS (PARTITION BY e.application_id ORDER BY e.at, e.id)
    """,  # noqa: S608  # nosec B608 - constant text
    f"""
    INSERT INTO reports_applicationfact (application_id, job_id, applied_at, applied_week, status, furthest_stage,
        left_stage, selected_at, hire_seconds, first_interview_at, first_interview_seconds)
    SELECT a.id, a.job_id, a.applied_at, date_trunc('week', a.applied_at AT TIME ZONE 'UTC')::date, a.status,
           COALESCE(ev.furthest, 0),
           CASE WHEN a.status IN ('rejected', 'withdrawn') THEN COALESCE(ev.left_stage, '') ELSE '' END,
           ev.selected_at,
           CASE WHEN ev.selected_at IS NULL THEN NULL
                ELSE {_SECONDS.format(end="ev.selected_at", start="a.applied_at")} END,
           fi.first_at,
           CASE WHEN fi.first_at IS NULL THEN NULL ELSE {_SECONDS.format(end="fi.first_at", start="a.applied_at")} END
    FROM jobs_application a
    LEFT JOIN (
        SELECT application_id,
               MAX(CASE to_status WHEN 'screening' THEN 1 WHEN 'interviewing' THEN 2 WHEN 'selected' THEN 3
                   ELSE 0 END) AS furthest,
               MAX(at) FILTER (WHERE to_status = 'selected') AS selected_at,
               (ARRAY_AGG(from_status ORDER BY at DESC, id DESC)
                   FILTER (WHERE to_status IN ('rejected', 'withdrawn')))[1] AS left_stage
        FROM jobs_applicationevent GROUP BY application_id
    ) ev ON ev.application_id = a.id
    LEFT JOIN (
        SELECT application_id, MIN(scheduled_at) AS first_at FROM interviews_interview
        WHERE status IN ('scheduled', 'completed', 'no_show') GROUP BY application_id
    ) fi ON fi.application_id = a.id
    """,  # noqa: S608  # nosec B608 - constant text
    f"""
    INSERT INTO reports_interviewfact (interview_id, job_id, interviewer_id, scheduled_at, ends_at, week, status,
        feedback_at, turnaround_seconds)
    SELECT i.id, a.job_id, i.interviewer_id, i.scheduled_at, i.ends_at,
           date_trunc('week', i.scheduled_at AT TIME ZONE 'UTC')::date, i.status, f.submitted_at,
           CASE WHEN f.submitted_at IS NULL THEN NULL
                ELSE {_SECONDS.format(end="f.submitted_at", start="i.ends_at")} END
    FROM interviews_interview i JOIN jobs_application a ON a.id = i.application_id
    LEFT JOIN interviews_feedback f ON f.interview_id = i.id
    """,  # noqa: S608  # nosec B608 - constant text
)


def _rebuild_postgres(connection) -> tuple[int, int, int]:
    with connection.cursor() as cursor:
        for statement in POSTGRES_REBUILD:
            cursor.execute(statement)
        counts = []
        for table in ("reports_applicationfact", "reports_stagevisit", "reports_interviewfact"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  # nosec B608 - fixed names
            counts.append(cursor.fetchone()[0])
    return counts[0], counts[1], counts[2]


def rebuild(*, apps=None, using: str = "default") -> tuple[int, int, int]:
    """Empty the rollup tables and fill them from the source rows. Returns (facts, visits, interviews)."""
    from django.db import connections

    from ims.reports.cache import reports_all_changed

    # The cached reports were computed from the rows replaced here (or from before a data set was generated).
    reports_all_changed(using=using)
    connection = connections[using]
    if connection.vendor == "postgresql":
        return _rebuild_postgres(connection)
    if apps is None:
        from django.apps import apps
    get = apps.get_model
    ApplicationFact, StageVisit, InterviewFact = (
        get("reports", "ApplicationFact"),
        get("reports", "StageVisit"),
        get("reports", "InterviewFact"),
    )
    for model in (ApplicationFact, StageVisit, InterviewFact):
        model.objects.using(using).all().delete()
    totals = [0, 0, 0]
    for rows in rollup_rows(
        Application=get("jobs", "Application"),
        ApplicationEvent=get("jobs", "ApplicationEvent"),
        Interview=get("interviews", "Interview"),
        Feedback=get("interviews", "Feedback"),
        using=using,
    ):
        ApplicationFact.objects.using(using).bulk_create([ApplicationFact(**r) for r in rows.facts])
        StageVisit.objects.using(using).bulk_create([StageVisit(**r) for r in rows.visits])
        InterviewFact.objects.using(using).bulk_create([InterviewFact(**r) for r in rows.interviews])
        totals[0] += len(rows.facts)
        totals[1] += len(rows.visits)
        totals[2] += len(rows.interviews)
    return totals[0], totals[1], totals[2]
