"""The rollups are written by the services that write the events, interviews and feedback, in the same
transaction; deriving them again from the source rows (the migration's backfill, ``reports_rebuild``, the
bench generator) gives the very same rows."""

import pytest
from django.core.management import call_command

from ims.jobs import services as jobs
from ims.reports.models import ApplicationFact, InterviewFact, StageVisit
from ims.reports.rebuild import rebuild
from tests import factories

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(ApplicationFact.objects.values_list(), key=repr),
        sorted(StageVisit.objects.values_list(*[f.attname for f in StageVisit._meta.fields if f.name != "id"])),
        sorted(InterviewFact.objects.values_list(), key=repr),
    )


def test_rebuilding_from_the_source_rows_gives_the_rows_the_services_wrote(history):
    written = snapshot()
    assert [len(rows) for rows in written] == [6, 22, 6]
    ApplicationFact.objects.all().delete()
    StageVisit.objects.all().delete()
    InterviewFact.objects.all().delete()
    assert rebuild() == (6, 22, 6)
    assert snapshot() == written


def test_the_rebuild_command_reports_what_it_wrote(history, capsys):
    call_command("reports_rebuild")
    assert "Rebuilt 6 application facts, 22 stage visits, 6 interviews." in capsys.readouterr().out


def test_a_new_application_is_counted_at_once(admin_client, candidate):
    job = factories.JobFactory()
    jobs.application_create(candidate=candidate, job=job)
    rows = admin_client.get("/api/reports/funnel/").json()["rows"]
    assert [row["reached"] for row in rows if row["job"] is None] == [1, 0, 0, 0]


def test_an_erased_application_leaves_the_reports(history, admin_client):
    application = history.applications["a3"]  # withdrawn before any interview: deletable
    jobs.application_delete(application=application)
    assert not ApplicationFact.objects.filter(application_id=application.pk).exists()
    assert not StageVisit.objects.filter(application_id=application.pk).exists()


def test_a_reopened_application_has_one_stay_per_visit_of_a_status(history):
    a2 = history.applications["a2"]
    visits = StageVisit.objects.filter(application_id=a2.pk).order_by("entered_at")
    assert [(v.status, v.left_to, v.reason) for v in visits] == [
        ("applied", "screening", ""),
        ("screening", "rejected", "not_qualified"),
        ("rejected", "screening", ""),
        ("screening", "interviewing", ""),
        ("interviewing", "selected", ""),
        ("selected", "", ""),
    ]
    fact = ApplicationFact.objects.get(application_id=a2.pk)
    assert (fact.status, fact.furthest_stage, fact.left_stage) == ("selected", 3, "")


def test_a_cached_report_is_recomputed_once_a_write_commits(
    admin_client, candidate, other_candidate, django_capture_on_commit_callbacks
):
    job = factories.JobFactory()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.application_create(candidate=candidate, job=job)

    def applied():
        rows = admin_client.get("/api/reports/funnel/").json()["rows"]
        return rows[0]["reached"]

    assert applied() == 1
    assert applied() == 1  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        jobs.application_create(candidate=other_candidate, job=job)
    assert applied() == 2


def test_reports_are_computed_when_the_cache_fails(admin_client, candidate, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    jobs.application_create(candidate=candidate, job=factories.JobFactory())
    monkeypatch.setattr(cache, "get", broken)
    response = admin_client.get("/api/reports/funnel/")
    assert response.status_code == 200
    assert response.json()["rows"][0]["reached"] == 1


def test_booking_an_interview_refreshes_the_reports_that_count_interviews(
    admin, admin_client, candidate, interviewer, other_interviewer, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from ims.interviews import services as interviews

    job = factories.JobFactory()
    round_type = factories.RoundTypeFactory()
    ahead = {"to": str(timezone.now().date() + timedelta(days=30))}
    with django_capture_on_commit_callbacks(execute=True):
        application = jobs.application_create(candidate=candidate, job=job)

    def book(who, days):
        with django_capture_on_commit_callbacks(execute=True):
            interviews.interview_schedule(
                application=application,
                round_type=round_type,
                interviewer=who,
                scheduled_at=timezone.now() + timedelta(days=days),
                actor=admin,
            )

    def figures():
        hire = admin_client.get("/api/reports/time-to-hire/", ahead).json()["rows"]
        load = admin_client.get("/api/reports/interviewer-load/", ahead).json()["rows"]
        first = [r["median_days"] for r in hire if r["metric"] == "time_to_first_interview" and r["job"] is None]
        return first[0], sum(r["total"] for r in load)

    assert figures() == (None, 0)
    book(interviewer, 5)  # moves the application to interviewing too
    assert figures() == (5.0, 1)
    # An earlier second interview: no application event this time, only the interview rollup changes.
    book(other_interviewer, 2)
    assert figures() == (2.0, 2)
