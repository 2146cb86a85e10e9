"""Time in stage and interviewer load are kept per ISO week: a write invalidates only the weeks whose rows it
changed, and the next request computes those weeks again and takes the others from the cache."""

from datetime import UTC, date, datetime

import pytest

from ims.interviews import services as interviews
from ims.jobs import services as jobs
from ims.reports import selectors
from ims.reports.tests.history import NOW, at
from tests import factories

pytestmark = pytest.mark.django_db

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}
THIS_WEEK = date(2026, 3, 16)  # NOW is Sunday 22 March


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(write, **kwargs):
        with at(NOW), django_capture_on_commit_callbacks(execute=True):
            return write(**kwargs)

    return run


@pytest.fixture
def read(admin, client_for):
    def rows(name: str):
        with at(NOW):
            response = client_for(admin).get(f"/api/reports/{name}/", MARCH)
        assert response.status_code == 200, response.content
        return response.json()["rows"]

    return rows


@pytest.fixture
def computed_weeks(monkeypatch):
    """The weeks each report computed again, per computation."""
    weeks = {"time-in-stage": [], "interviewer-load": [], "applications-over-time": []}
    recorded = (
        ("time-in-stage", "_stays_by_week"),
        ("interviewer-load", "_load_by_week"),
        ("applications-over-time", "_applications_by_week"),
    )
    for name, function in recorded:
        original = getattr(selectors, function)

        def recording(filters, missing, *args, original=original, name=name):
            weeks[name].append(list(missing))
            return original(filters, missing, *args)

        monkeypatch.setattr(selectors, function, recording)
    return weeks


def interviewing(rows):
    return next(row for row in rows if row["stage"] == "interviewing")


def reject_a6(committed, history, admin) -> None:
    """A6 (interviewing since 6 March) rejected now, committed: its stay ends this week."""
    committed(
        jobs.application_transition,
        application=history.applications["a6"],
        to_status="rejected",
        actor=admin,
        reason="failed_interview",
    )


def test_a_transition_that_ends_a_stay_this_week_recomputes_only_this_week(
    history, read, committed, computed_weeks, admin
):
    assert interviewing(read("time-in-stage"))["count"] == 4
    assert len(computed_weeks["time-in-stage"][0]) == 6  # every week March touches (23 February to 30 March), at first
    # A6 has been interviewing since 6 March; rejected now, its stay ends this week.
    reject_a6(committed, history, admin)
    # Interviewing since T0+4D+1H, rejected at T0+20D: 15 d 23 h, with 1 d 23 h, 5 d, 5 d 23 h and 8 d 23 h
    # (history.py): ranks 3 and 5 of five.
    assert interviewing(read("time-in-stage")) == {
        "stage": "interviewing",
        "count": 5,
        "median_days": 5.96,
        "p90_days": 15.96,
    }
    assert computed_weeks["time-in-stage"][1:] == [[THIS_WEEK]]


def test_a_new_application_leaves_time_in_stage_cached(history, read, committed, candidate, computed_weeks):
    before = read("time-in-stage")
    committed(jobs.application_create, candidate=candidate, job=history.designer)
    assert read("funnel")[0]["reached"] == 7  # the write committed
    assert read("time-in-stage") == before
    assert len(computed_weeks["time-in-stage"]) == 1  # the first read only


def test_rescheduling_an_interview_to_another_week_updates_both_weeks(
    history, read, committed, admin, other_interviewer, computed_weeks
):
    def load():
        return {(r["week"], r["interviewer"]): (r["total"], r["upcoming"]) for r in read("interviewer-load")}

    interview = committed(
        interviews.interview_schedule,
        application=history.applications["a6"],
        round_type=factories.RoundTypeFactory(default_duration=60),
        interviewer=other_interviewer,
        scheduled_at=datetime(2026, 3, 24, 10, 0, tzinfo=UTC),
        actor=admin,
    )
    assert load()[("2026-03-23", other_interviewer.pk)] == (1, 1)
    committed(
        interviews.interview_update,
        interview=interview,
        data={"scheduled_at": datetime(2026, 3, 31, 10, 0, tzinfo=UTC)},
        actor=admin,
    )
    rows = load()
    assert ("2026-03-23", other_interviewer.pk) not in rows
    assert rows[("2026-03-30", other_interviewer.pk)] == (1, 1)
    assert computed_weeks["interviewer-load"][-1] == [date(2026, 3, 23), date(2026, 3, 30)]


def test_a_deleted_application_leaves_the_weeks_its_stays_ended_in(history, read, committed, computed_weeks):
    applied = next(row for row in read("time-in-stage") if row["stage"] == "applied")
    assert applied["count"] == 6
    # A3 applied at T0+2D and withdrew at T0+5D, before any interview: deletable; its stay ended on 7 March.
    committed(jobs.application_delete, application=history.applications["a3"])
    applied = next(row for row in read("time-in-stage") if row["stage"] == "applied")
    assert applied["count"] == 5
    assert computed_weeks["time-in-stage"][1:] == [[date(2026, 3, 2)]]


def test_a_new_application_recounts_only_its_week_and_a_move_none(
    history, read, committed, candidate, admin, computed_weeks
):
    def this_week():
        return sum(r["count"] for r in read("applications-over-time") if r["week"] == THIS_WEEK.isoformat())

    assert this_week() == 0
    assert len(computed_weeks["applications-over-time"][0]) == 6  # every week March touches, at first
    committed(jobs.application_create, candidate=candidate, job=history.designer)
    assert this_week() == 1
    assert computed_weeks["applications-over-time"][1:] == [[THIS_WEEK]]
    reject_a6(committed, history, admin)
    assert interviewing(read("time-in-stage"))["count"] == 5  # the move committed
    assert this_week() == 1
    assert computed_weeks["applications-over-time"][1:] == [[THIS_WEEK]]  # nothing recounted


def test_a_deleted_application_is_no_longer_counted_in_the_week_it_came_in(history, read, committed, computed_weeks):
    def first_week():
        return sum(r["count"] for r in read("applications-over-time") if r["week"] == "2026-03-02")

    assert first_week() == 6
    committed(jobs.application_delete, application=history.applications["a3"])
    assert first_week() == 5
    assert computed_weeks["applications-over-time"][1:] == [[date(2026, 3, 2)]]


def test_a_range_too_long_for_weekly_parts_is_computed_whole_and_follows_every_write(
    history, committed, candidate, admin, client_for, computed_weeks
):
    def total():
        with at(NOW):
            response = client_for(admin).get(
                "/api/reports/applications-over-time/", {"from": "2020-01-01", "to": "2040-12-31"}
            )
        assert response.status_code == 200, response.content
        return sum(row["count"] for row in response.json()["rows"])

    assert total() == 6
    committed(jobs.application_create, candidate=candidate, job=history.designer)
    assert total() == 7
    # Both times over every week of the 21 years at once (one query), not from ~1,100 cached weekly parts.
    assert [len(weeks) for weeks in computed_weeks["applications-over-time"]] == [1097, 1097]
