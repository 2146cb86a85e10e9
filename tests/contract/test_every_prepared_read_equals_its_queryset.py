"""Every read the selectors compile once per connection (``PreparedRead``) returns exactly what the queryset it is
built from returns: the same rows, every stored field, its annotations and its ``select_related`` objects, for the
ids that find a row and the ones that must not (someone else's, none)."""

import importlib

import pytest

from ims.core.prepared import PreparedRead
from tests.factories import ApplicationFactory, InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db

SELECTOR_MODULES = ["ims.accounts.selectors", "ims.jobs.selectors", "ims.interviews.selectors"]


def prepared_reads() -> dict[str, PreparedRead]:
    found = {}
    for module_name in SELECTOR_MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if isinstance(value, PreparedRead):
                found[f"{module_name}.{name}"] = value
    return found


def snapshot(instance, depth: int = 0) -> dict:
    """Every stored value, annotation and loaded related object of ``instance``, recursively."""
    values = {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}
    extra = {k: v for k, v in vars(instance).items() if k not in values and not k.startswith("_")}
    related = {
        field.name: snapshot(getattr(instance, field.name), depth + 1)
        for field in instance._meta.concrete_fields
        if field.is_relation and field.is_cached(instance) and getattr(instance, field.name) is not None
    }
    return {**values, **extra, **related}


@pytest.fixture
def history(admin, interviewer, other_interviewer, candidate, other_candidate):
    """Two jobs, applications of two candidates with events by the admin, one interviewed by ``interviewer``."""
    job, other_job = JobFactory(created_by=admin), JobFactory(created_by=admin)
    mine = ApplicationFactory(job=job, candidate=candidate)
    ApplicationFactory(job=other_job, candidate=candidate)
    theirs = ApplicationFactory(job=job, candidate=other_candidate)
    for application in (mine, theirs):
        application.events.create(to_status="applied")
        application.events.create(from_status="applied", to_status="screening", actor=admin, note="Strong CV")
    InterviewFactory(application=mine, interviewer=interviewer)
    InterviewFactory(application=theirs, interviewer=other_interviewer)
    return {
        "job": job.pk,
        "other_job": other_job.pk,
        "mine": mine.pk,
        "theirs": theirs.pk,
        "candidate": candidate.pk,
        "other_candidate": other_candidate.pk,
        "interviewer": interviewer.pk,
        "admin": admin.pk,
        "missing": 987654,
    }


# For each prepared read, the id tuples to try (by the names in ``history``).
CASES = {
    "ims.accounts.selectors._user_by_id": [("candidate",), ("admin",), ("missing",)],
    "ims.jobs.selectors._job": [("job",), ("other_job",), ("missing",)],
    "ims.jobs.selectors._admin_job": [("job",), ("other_job",), ("missing",)],
    "ims.jobs.selectors._application": [("mine",), ("theirs",), ("missing",)],
    "ims.jobs.selectors._own_application": [
        ("candidate", "mine"),
        ("candidate", "theirs"),
        ("other_candidate", "theirs"),
        ("candidate", "missing"),
    ],
    "ims.jobs.selectors._interviewed_application": [
        ("interviewer", "mine"),
        ("interviewer", "theirs"),
        ("admin", "mine"),
        ("interviewer", "missing"),
    ],
    "ims.jobs.selectors._events_of": [("mine",), ("theirs",), ("missing",)],
}


def test_every_prepared_read_has_its_parity_cases():
    assert set(prepared_reads()) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_prepared_read_returns_what_its_queryset_returns(history, name):
    read = prepared_reads()[name]
    for case in CASES[name]:
        ids = [history[key] for key in case]

        prepared = [snapshot(instance) for instance in read.list(*ids)]
        expected = [snapshot(instance) for instance in read.build(*ids)]

        assert prepared == expected, case
    assert any(read.list(*[history[key] for key in case]) for case in CASES[name]), "no case finds a row"
