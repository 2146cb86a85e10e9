"""A small hiring history built by hand through the real services, at known instants, so every report's figures
can be worked out on paper (see the comments) and asserted exactly.

T0 is Monday 2026-03-02 09:00 UTC; D is a day, H an hour. Two jobs: "Backend Engineer" (Engineering, full
time, 3 openings) with five applications, and "Product Designer" (Design, contract, 1 opening) with one.

- A1 (backend): applied T0, screening T0+1D, interview booked at T0+1D+1H (-> interviewing) and cancelled,
  another held at T0+3D (1 h) with feedback 5 h after its end, selected T0+10D.
- A2 (backend): applied T0+1D, screening T0+2D, rejected (not qualified) T0+4D, re-opened T0+6D, interview
  booked T0+6D+1H for T0+8D (other interviewer), feedback 25 h after its end, selected T0+12D.
- A3 (backend): applied T0+2D, withdrawn T0+5D before any interview.
- A4 (backend): applied T0+2D, screening T0+3D, interview booked T0+4D for T0+5D (a Saturday), a no-show,
  rejected (failed interview) T0+9D.
- A5 (designer, the job's one application): applied T0+3D, screening T0+4D, interview booked T0+4D+1H for
  T0+5D+2H, feedback 2 h after its end, selected T0+6D.
- A6 (backend): applied T0+4D, interview booked T0+4D+1H for Sunday 2026-03-08 23:30 UTC (already Monday in
  Tokyo), no feedback yet: overdue by the time the reports are read, at T0+20D.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import time_machine

from ims.interviews import services as interviews
from ims.jobs import services as jobs
from ims.jobs.models import EmploymentType
from tests import factories

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
D = timedelta(days=1)
H = timedelta(hours=1)
NOW = T0 + 20 * D


@dataclass
class History:
    backend: object
    designer: object
    applications: dict


def at(when: datetime):
    return time_machine.travel(when, tick=False)


def build_history(*, admin, interviewer, other_interviewer) -> History:
    with at(T0 - 7 * D):
        backend = factories.JobFactory(title="Backend Engineer", department="Engineering", openings=3)
        designer = factories.JobFactory(
            title="Product Designer", department="Design", employment_type=EmploymentType.CONTRACT, openings=1
        )
        round_type = factories.RoundTypeFactory(name="Technical", default_duration=60)
        people = [factories.CandidateFactory(timezone="Asia/Tokyo") for _ in range(6)]

    def apply(n: int, job, when: datetime):
        with at(when):
            return jobs.application_create(candidate=people[n], job=job)

    def move(application, to_status: str, when: datetime, **extra):
        with at(when):
            return jobs.application_transition(application=application, to_status=to_status, actor=admin, **extra)

    def book(application, who, when: datetime, starts: datetime):
        with at(when):
            return interviews.interview_schedule(
                application=application, round_type=round_type, interviewer=who, scheduled_at=starts, actor=admin
            )

    def feedback(interview, when: datetime):
        with at(when):
            return interviews.feedback_submit(
                interview=interview, interviewer=interview.interviewer, rating=4, comments="Good."
            )

    a1 = apply(0, backend, T0)
    move(a1, "screening", T0 + D)
    cancelled = book(a1, interviewer, T0 + D + H, T0 + 2 * D)
    with at(T0 + D + 2 * H):
        interviews.interview_cancel(interview=cancelled, actor=admin)
    held = book(a1, interviewer, T0 + D + 3 * H, T0 + 3 * D)
    feedback(held, T0 + 3 * D + H + 5 * H)
    with at(T0 + 10 * D):
        jobs.application_select(application=a1, actor=admin)

    a2 = apply(1, backend, T0 + D)
    move(a2, "screening", T0 + 2 * D)
    move(a2, "rejected", T0 + 4 * D, reason="not_qualified")
    move(a2, "screening", T0 + 6 * D, note="A second look: strong portfolio.")
    second = book(a2, other_interviewer, T0 + 6 * D + H, T0 + 8 * D)
    feedback(second, T0 + 8 * D + H + 25 * H)
    with at(T0 + 12 * D):
        jobs.application_select(application=a2, actor=admin)

    a3 = apply(2, backend, T0 + 2 * D)
    with at(T0 + 5 * D):
        jobs.application_withdraw(application=a3, actor=people[2])

    a4 = apply(3, backend, T0 + 2 * D)
    move(a4, "screening", T0 + 3 * D)
    missed = book(a4, interviewer, T0 + 4 * D, T0 + 5 * D)
    with at(T0 + 5 * D + 2 * H):
        interviews.interview_update(interview=missed, data={"status": "no_show"}, actor=admin)
    move(a4, "rejected", T0 + 9 * D, reason="failed_interview")

    a5 = apply(4, designer, T0 + 3 * D)
    move(a5, "screening", T0 + 4 * D)
    design = book(a5, interviewer, T0 + 4 * D + H, T0 + 5 * D + 2 * H)
    feedback(design, T0 + 5 * D + 3 * H + 2 * H)
    with at(T0 + 6 * D):
        jobs.application_select(application=a5, actor=admin)

    a6 = apply(5, backend, T0 + 4 * D)
    book(a6, interviewer, T0 + 4 * D + H, datetime(2026, 3, 8, 23, 30, tzinfo=UTC))

    return History(backend, designer, {"a1": a1, "a2": a2, "a3": a3, "a4": a4, "a5": a5, "a6": a6})
