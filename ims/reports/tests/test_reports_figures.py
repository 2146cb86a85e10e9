"""Each report's exact figures over the hand-built history of ``history.py`` (worked out in the comments).

Durations: nearest-rank percentiles, days (or hours) rounded to 2 decimals.
"""

import pytest

pytestmark = pytest.mark.django_db


def by(rows, **match):
    return [row for row in rows if all(row[k] == v for k, v in match.items())]


def stages(rows, job):
    return {row["stage"]: row for row in rows if row["job"] == job}


def test_the_funnel_counts_each_stage_reached_and_who_left_it(history, report):
    body = report("funnel")
    assert body["columns"] == ["job", "job_title", "stage", "reached", "rejected", "withdrawn", "conversion_to_next"]
    overall = stages(body["rows"], None)
    # Six applications; A3 never left "applied" (withdrew from it); A6 went straight to interviewing, so it
    # counts as having reached screening; A2's rejection was undone by the re-opening, A4's was not.
    assert [(s, r["reached"], r["rejected"], r["withdrawn"]) for s, r in overall.items()] == [
        ("applied", 6, 0, 1),
        ("screening", 5, 0, 0),
        ("interviewing", 5, 1, 0),
        ("selected", 3, 0, 0),
    ]
    assert [r["conversion_to_next"] for r in overall.values()] == [0.8333, 1.0, 0.6, None]


def test_the_funnel_has_a_block_per_job_including_one_with_a_single_application(history, report):
    rows = report("funnel")["rows"]
    backend = stages(rows, history.backend.pk)
    assert [r["reached"] for r in backend.values()] == [5, 4, 4, 2]
    assert [r["conversion_to_next"] for r in backend.values()] == [0.8, 1.0, 0.5, None]
    assert {r["job_title"] for r in backend.values()} == {"Backend Engineer"}
    designer = stages(rows, history.designer.pk)
    assert [r["reached"] for r in designer.values()] == [1, 1, 1, 1]
    assert [r["conversion_to_next"] for r in designer.values()] == [1.0, 1.0, 1.0, None]
    assert len(rows) == 12


def test_time_to_hire_gives_median_and_90th_percentile_per_job_and_overall(history, report):
    rows = report("time-to-hire")["rows"]
    hire = by(rows, metric="time_to_hire")
    # Selected after 10 (A1), 11 (A2) and 3 (A5) days: ranks ceil(0.5*3)=2 and ceil(0.9*3)=3 of [3, 10, 11].
    assert [(r["job"], r["count"], r["median_days"], r["p90_days"]) for r in hire] == [
        (None, 3, 10.0, 11.0),
        (history.backend.pk, 2, 10.0, 11.0),
        (history.designer.pk, 1, 3.0, 3.0),
    ]


def test_time_to_first_interview_skips_cancelled_interviews(history, report):
    rows = by(report("time-to-hire")["rows"], metric="time_to_first_interview")
    # A1 3 d (its first booking was cancelled), A2 7 d, A4 3 d (a no-show still took place), A5 2 d 2 h,
    # A6 2 d 14 h 30 min; A3 never had one. Of [2.08, 2.6, 3, 3, 7]: rank 3 and rank 5.
    assert [(r["job"], r["count"], r["median_days"], r["p90_days"]) for r in rows] == [
        (None, 5, 3.0, 7.0),
        (history.backend.pk, 4, 3.0, 7.0),
        (history.designer.pk, 1, 2.08, 2.08),
    ]


def test_time_in_stage_measures_each_finished_stay_from_event_to_event(history, report):
    rows = {r["stage"]: r for r in report("time-in-stage")["rows"]}
    # applied: 1 h (A6), 1 d (A1, A2, A4, A5), 3 d (A3) -> rank 3 and rank 6 of six.
    assert rows["applied"] == {"stage": "applied", "count": 6, "median_days": 1.0, "p90_days": 3.0}
    # screening: 1 h (A1, A2 after re-opening, A5), 1 d (A4), 2 d (A2 before its rejection).
    assert rows["screening"] == {"stage": "screening", "count": 5, "median_days": 0.04, "p90_days": 2.0}
    # interviewing: 1 d 23 h (A5), 5 d (A4), 5 d 23 h (A2), 8 d 23 h (A1); A6 is still there (not counted).
    assert rows["interviewing"] == {"stage": "interviewing", "count": 4, "median_days": 5.0, "p90_days": 8.96}
    # rejected: only A2's stay ended (re-opened after 2 d); A4 is still rejected.
    assert rows["rejected"] == {"stage": "rejected", "count": 1, "median_days": 2.0, "p90_days": 2.0}


def test_interviewer_load_counts_interviews_per_iso_week_in_utc(history, report, interviewer, other_interviewer):
    rows = report("interviewer-load")["rows"]
    # A6's interview on Sunday 23:30 UTC (Monday morning in Tokyo) belongs to the week of Monday 2 March.
    assert rows == [
        {
            "week": "2026-03-02",
            "interviewer": interviewer.pk,
            "interviewer_name": "Ivan Interviewer",
            "total": 5,
            "scheduled": 1,
            "upcoming": 0,
            "completed": 2,
            "no_show": 1,
            "cancelled": 1,
        },
        {
            "week": "2026-03-09",
            "interviewer": other_interviewer.pk,
            "interviewer_name": "Olga Other",
            "total": 1,
            "scheduled": 0,
            "upcoming": 0,
            "completed": 1,
            "no_show": 0,
            "cancelled": 0,
        },
    ]


def test_feedback_turnaround_per_interviewer_and_overdue_now(history, report, interviewer, other_interviewer):
    rows = report("feedback-turnaround")["rows"]
    # Feedback 5 h and 2 h after the end (Ivan), 25 h (Olga); A6's interview ended 13 days before NOW, unanswered.
    assert [(r["interviewer"], r["count"], r["median_hours"], r["p90_hours"], r["overdue"]) for r in rows] == [
        (None, 3, 5.0, 25.0, 1),
        (interviewer.pk, 2, 2.0, 5.0, 1),
        (other_interviewer.pk, 1, 25.0, 25.0, 0),
    ]


def test_rejection_reasons_count_every_rejection_by_the_stage_it_came_from(history, report):
    rows = report("rejection-reasons")["rows"]
    # A2's rejection counts although it was re-opened afterwards.
    assert rows == [
        {"stage": "screening", "reason": "not_qualified", "count": 1},
        {"stage": "interviewing", "reason": "failed_interview", "count": 1},
    ]


def test_applications_over_time_per_week_by_job_and_by_department(history, report):
    assert report("applications-over-time")["rows"] == [
        {
            "week": "2026-03-02",
            "job": history.backend.pk,
            "job_title": "Backend Engineer",
            "department": "Engineering",
            "count": 5,
        },
        {
            "week": "2026-03-02",
            "job": history.designer.pk,
            "job_title": "Product Designer",
            "department": "Design",
            "count": 1,
        },
    ]
    assert report("applications-over-time", by="department")["rows"] == [
        {"week": "2026-03-02", "job": None, "job_title": "", "department": "Design", "count": 1},
        {"week": "2026-03-02", "job": None, "job_title": "", "department": "Engineering", "count": 5},
    ]
