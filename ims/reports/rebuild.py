"""Derive every rollup row again from the source rows, in chunks of applications.

Used by the migration that created the rollup tables (with its historical models), by ``manage.py
reports_rebuild`` and by the bench data generator (``generate_data``), which writes the rows with COPY.
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


def rebuild(*, apps=None, using: str = "default") -> tuple[int, int, int]:
    """Empty the rollup tables and fill them from the source rows. Returns (facts, visits, interviews)."""
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
