"""On PostgreSQL, with real parallel connections: the database keeps the invariants under races."""

import threading
from collections import Counter

import pytest
from django.db import connection

from ims.jobs.models import Application, ApplicationStatus
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(requests: list) -> list[int]:
    """Run each request in its own thread (own connection), released together; return the status codes."""
    barrier = threading.Barrier(len(requests))
    codes: list[int] = [0] * len(requests)
    errors: list[BaseException] = []

    def run(index: int, request) -> None:
        try:
            barrier.wait(timeout=10)
            codes[index] = request().status_code
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return codes


def test_duplicate_applications_racing_leave_one_row_and_the_losers_get_409(client_for):
    candidate = CandidateFactory()
    job = JobFactory()
    clients = [client_for(candidate) for _ in range(6)]

    codes = _race([lambda c=c: c.post("/api/applications/", {"job": job.pk}, format="json") for c in clients])

    assert Counter(codes) == Counter({201: 1, 409: 5})
    assert Application.objects.filter(job=job, candidate=candidate).count() == 1


def test_duplicate_applications_racing_past_the_precheck_still_give_one_row(monkeypatch):
    """Skip the friendly pre-check so every thread reaches the INSERT: the constraint alone decides."""
    from django.db.models import QuerySet

    from ims.core.exceptions import Conflict
    from ims.jobs.services import application_create

    real_exists = QuerySet.exists
    monkeypatch.setattr(QuerySet, "exists", lambda self: False if self.model is Application else real_exists(self))
    candidate = CandidateFactory()
    job = JobFactory()
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def apply() -> None:
        try:
            barrier.wait(timeout=10)
            application_create(candidate=candidate, job=job)
            outcomes.append("created")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert Counter(outcomes) == Counter({"created": 1, "conflict": 3})
    assert Application.objects.filter(job=job, candidate=candidate).count() == 1


def test_two_selections_racing_for_the_last_opening_one_wins_and_the_job_closes(client_for, admin):
    job = JobFactory(openings=2)
    ApplicationFactory(job=job, status=ApplicationStatus.SELECTED)
    first = ApplicationFactory(job=job, status=ApplicationStatus.INTERVIEWING)
    second = ApplicationFactory(job=job, status=ApplicationStatus.INTERVIEWING)
    clients = [client_for(admin), client_for(admin)]

    codes = _race(
        [
            lambda: clients[0].put(f"/api/applications/{first.pk}/select/"),
            lambda: clients[1].put(f"/api/applications/{second.pk}/select/"),
        ]
    )

    assert sorted(codes) == [200, 409]
    assert Application.objects.filter(job=job, status=ApplicationStatus.SELECTED).count() == 2
    job.refresh_from_db()
    assert job.is_open is False
    assert job.closed_at is not None


def test_many_selections_racing_never_exceed_the_openings(client_for, admin):
    job = JobFactory(openings=3)
    applications = [ApplicationFactory(job=job, status=ApplicationStatus.SCREENING) for _ in range(8)]
    clients = [client_for(admin) for _ in applications]

    codes = _race(
        [
            lambda c=c, a=a: c.post(f"/api/applications/{a.pk}/select/")
            for c, a in zip(clients, applications, strict=True)
        ]
    )

    assert Counter(codes) == Counter({200: 3, 409: 5})
    assert Application.objects.filter(job=job, status=ApplicationStatus.SELECTED).count() == 3
    job.refresh_from_db()
    assert job.is_open is False
