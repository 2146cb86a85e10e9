"""A cached report is recomputed after every committed write whose result it shows, not only the rollups'
own writes: a rebuild of the rollups, a job renamed or moved to another department, an interviewer renamed, an
erasure. (Without that, the names and figures could be those of before the write for up to the cache's timeout.)"""

import pytest
from django.core.management import call_command

from ims.accounts import services as accounts
from ims.jobs import services as jobs
from ims.jobs.models import Application
from ims.privacy import services as privacy
from ims.reports import selectors
from ims.reports.tests.history import at
from tests import factories

pytestmark = pytest.mark.django_db

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed (the cache is invalidated on commit)."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


@pytest.fixture
def read(admin, client_for):
    """``read(name, **params)``: the rows of a report over March 2026, read at the history's reading time."""
    from ims.reports.tests.history import NOW

    def rows(name: str, **params):
        with at(NOW):
            response = client_for(admin).get(f"/api/reports/{name}/", {**MARCH, **params})
        assert response.status_code == 200, response.content
        return response.json()["rows"]

    return rows


def test_rebuilding_the_rollups_invalidates_the_cached_reports(history, read, committed):
    assert [r["reached"] for r in read("funnel") if r["job"] is None] == [6, 5, 5, 3]
    # An application written without the services (an import, a fix in the database): no rollup row yet.
    application = factories.ApplicationFactory(job=history.backend)
    Application.objects.filter(pk=application.pk).update(applied_at=history.applications["a1"].applied_at)
    assert [r["reached"] for r in read("funnel") if r["job"] is None] == [6, 5, 5, 3]  # still the cached figures
    committed(call_command, "reports_rebuild")
    assert [r["reached"] for r in read("funnel") if r["job"] is None] == [7, 5, 5, 3]


def test_a_renamed_job_reads_its_new_title_and_department(history, read, committed):
    assert {r["job_title"] for r in read("funnel") if r["job"] == history.backend.pk} == {"Backend Engineer"}
    assert read("funnel", department="Platform")[0]["reached"] == 0
    committed(jobs.job_update, job=history.backend, title="Platform Engineer", department="Platform")
    assert {r["job_title"] for r in read("funnel") if r["job"] == history.backend.pk} == {"Platform Engineer"}
    assert read("funnel", department="Platform")[0]["reached"] == 5


def test_a_renamed_interviewer_reads_their_new_name(history, read, committed, interviewer, admin):
    def names():
        return {r["interviewer_name"] for r in read("interviewer-load") if r["interviewer"] == interviewer.pk}

    assert len(names()) == 1
    committed(accounts.user_update, user=interviewer, actor=admin, data={"first_name": "Renamed", "last_name": "X"})
    assert names() == {"Renamed X"}


def test_an_erasure_invalidates_the_cached_reports(history, read, committed, admin, monkeypatch):
    computed = []
    funnel = selectors.REPORTS["funnel"]
    monkeypatch.setitem(selectors.REPORTS, "funnel", lambda filters: computed.append(1) or funnel(filters))
    read("funnel")
    read("funnel")
    assert len(computed) == 1
    # A3 withdrew: the erasure moves no application, yet no report computed before it is served after it.
    candidate = history.applications["a3"].candidate
    committed(privacy.user_erase_by_admin, user=candidate, actor=admin)
    read("funnel")
    assert len(computed) == 2


def test_the_clock_bound_figures_move_with_the_clock_while_the_rest_stays_cached(
    admin, client_for, candidate, interviewer, committed, monkeypatch
):
    from datetime import UTC, datetime, timedelta

    from ims.interviews import services as interviews

    start = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)  # a Monday
    with at(start - timedelta(days=1)):
        application = committed(jobs.application_create, candidate=candidate, job=factories.JobFactory())
        committed(
            interviews.interview_schedule,
            application=application,
            round_type=factories.RoundTypeFactory(default_duration=60),
            interviewer=interviewer,
            scheduled_at=start,
            actor=admin,
        )
    fixed = []
    counts = selectors.CLOCK_BOUND["interviewer-load"]
    monkeypatch.setitem(
        selectors.CLOCK_BOUND, "interviewer-load", (lambda f: fixed.append(1) or counts[0](f), counts[1])
    )

    def read(name: str, when: datetime):
        with at(when):
            rows = client_for(admin).get(f"/api/reports/{name}/", {"from": "2026-05-01", "to": "2026-05-31"})
        return rows.json()["rows"]

    load = read("interviewer-load", start - timedelta(minutes=5))
    assert [(r["total"], r["scheduled"], r["upcoming"]) for r in load] == [(1, 1, 1)]
    load = read("interviewer-load", start + timedelta(minutes=5))  # it has started: no longer upcoming
    assert [(r["total"], r["scheduled"], r["upcoming"]) for r in load] == [(1, 1, 0)]
    assert len(fixed) == 1  # the counts were read once; only the clock-bound part was read again
    # Ended at 11:00 without feedback: overdue 24 hours later, not before.
    assert read("feedback-turnaround", start + timedelta(hours=24, minutes=59))[0]["overdue"] == 0
    assert read("feedback-turnaround", start + timedelta(hours=25, minutes=1))[0]["overdue"] == 1
