"""The rollup rows of one application or interview, derived from its source rows. Pure functions: the services,
the rebuild command and the bench data generator all call these, so the rows are the same whoever writes them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ims.interviews.models import InterviewStatus
from ims.jobs.models import ApplicationStatus
from ims.reports.models import FUNNEL_STAGES

STAGE_INDEX: dict[str, int] = {stage: n for n, stage in enumerate(FUNNEL_STAGES)}
LEFT = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)
# Interviews that did or will take place: a cancelled one is not a candidate's first interview.
HELD_OR_PLANNED = (InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED, InterviewStatus.NO_SHOW)


def week_start(at: datetime) -> date:
    """Monday of ``at``'s ISO week, in UTC: the same instant for every viewer, whatever their time zone."""
    day = at.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def seconds_between(start: datetime, end: datetime) -> int:
    return int((end - start) // timedelta(seconds=1))


@dataclass(frozen=True)
class Event:
    from_status: str
    to_status: str
    reason: str
    at: datetime


def application_rows(
    *, application_id: int, job_id: int, applied_at: datetime, status: str, events: Sequence[Event]
) -> tuple[dict, list[dict]]:
    """The fact (without its first-interview columns) and the stage visits of one application.

    ``events`` are the application's events in order (``at``, then id); the first is its ``applied``.
    """
    furthest = 0
    visits: list[dict] = []
    selected_at = None
    left_stage = ""
    for event in events:
        if visits:
            visit = visits[-1]
            visit["left_at"] = event.at
            visit["left_to"] = event.to_status
            visit["reason"] = event.reason if event.to_status == ApplicationStatus.REJECTED else ""
            visit["seconds"] = max(0, seconds_between(visit["entered_at"], event.at))
        visits.append(
            {
                "application_id": application_id,
                "job_id": job_id,
                "status": event.to_status,
                "entered_at": event.at,
                "left_at": None,
                "left_to": "",
                "reason": "",
                "seconds": None,
            }
        )
        furthest = max(furthest, STAGE_INDEX.get(event.to_status, 0))
        if event.to_status == ApplicationStatus.SELECTED:
            selected_at = event.at
        if event.to_status in LEFT:
            left_stage = event.from_status
    if status not in LEFT:
        left_stage = ""
    fact = {
        "application_id": application_id,
        "job_id": job_id,
        "applied_at": applied_at,
        "applied_week": week_start(applied_at),
        "status": status,
        "furthest_stage": furthest,
        "left_stage": left_stage,
        "selected_at": selected_at,
        "hire_seconds": None if selected_at is None else max(0, seconds_between(applied_at, selected_at)),
    }
    return fact, visits


def first_interview(*, applied_at: datetime, starts: Iterable[datetime]) -> dict:
    """The first-interview columns of a fact, from the start times of its held or planned interviews."""
    first = min(starts, default=None)
    return {
        "first_interview_at": first,
        "first_interview_seconds": None if first is None else max(0, seconds_between(applied_at, first)),
    }


def interview_row(
    *,
    interview_id: int,
    job_id: int,
    interviewer_id: int,
    scheduled_at: datetime,
    ends_at: datetime,
    status: str,
    feedback_at: datetime | None,
) -> dict:
    return {
        "interview_id": interview_id,
        "job_id": job_id,
        "interviewer_id": interviewer_id,
        "scheduled_at": scheduled_at,
        "ends_at": ends_at,
        "week": week_start(scheduled_at),
        "status": status,
        "feedback_at": feedback_at,
        # Feedback written before the scheduled end (a short interview) counts as no wait at all.
        "turnaround_seconds": None if feedback_at is None else max(0, seconds_between(ends_at, feedback_at)),
    }
