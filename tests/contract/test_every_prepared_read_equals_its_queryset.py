"""Every read the selectors compile once per connection (``PreparedRead``) returns exactly what the queryset it is
built from returns: the same rows, every stored field, its annotations and its ``select_related`` objects, for the
ids that find a row and the ones that must not (someone else's, none)."""

import importlib
from datetime import timedelta

import pytest
from django.utils import timezone

from ims.core.prepared import PreparedCount, PreparedRead
from ims.interviews.models import InterviewStatus
from tests.factories import ApplicationFactory, FeedbackFactory, InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db

# Where prepared reads live: the selectors, and the API views' default pages (each built from a selector).
SELECTOR_MODULES = [
    "ims.accounts.selectors",
    "ims.jobs.selectors",
    "ims.interviews.selectors",
    "ims.jobs.api.views",
    "ims.interviews.api.views",
]


def prepared_reads() -> dict[str, PreparedRead | PreparedCount]:
    found = {}
    for module_name in SELECTOR_MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if isinstance(value, PreparedRead | PreparedCount):
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
    InterviewFactory(application=mine, interviewer=interviewer)
    InterviewFactory(application=mine, interviewer=other_interviewer, status=InterviewStatus.CANCELLED)
    for days in (3, 4):  # past interviews with feedback
        start = timezone.now() - timedelta(days=days)
        past = InterviewFactory(
            application=mine, interviewer=interviewer, scheduled_at=start, status=InterviewStatus.COMPLETED
        )
        FeedbackFactory(interview=past, interviewer=interviewer)
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
        "now": timezone.now(),
        "a_week_ago": timezone.now() - timedelta(days=7),
        "in_a_year": timezone.now() + timedelta(days=365),
    }


# For each prepared read, the id tuples to try (by the names in ``history``); a page and its count share them.
OWN_APPLICATION = [
    ("candidate", "mine"),
    ("candidate", "theirs"),
    ("other_candidate", "theirs"),
    ("candidate", "missing"),
]
INTERVIEWED = [("interviewer", "mine"), ("interviewer", "theirs"), ("admin", "mine"), ("interviewer", "missing")]
CANDIDATES = [("candidate",), ("other_candidate",), ("missing",)]
INTERVIEWERS = [("interviewer",), ("admin",), ("missing",)]
INSTANTS = [("now",), ("a_week_ago",), ("in_a_year",)]
INTERVIEWER_INSTANTS = [("interviewer", "now"), ("interviewer", "a_week_ago"), ("admin", "now")]
CASES = {
    "ims.accounts.selectors._user_by_id": [("candidate",), ("admin",), ("missing",)],
    "ims.jobs.selectors._job": [("job",), ("other_job",), ("missing",)],
    "ims.jobs.selectors._admin_job": [("job",), ("other_job",), ("missing",)],
    "ims.jobs.selectors._application": [("mine",), ("theirs",), ("missing",)],
    "ims.jobs.selectors._own_application": OWN_APPLICATION,
    "ims.jobs.selectors._interviewed_application": INTERVIEWED,
    "ims.jobs.selectors._events_of": [("mine",), ("theirs",), ("missing",)],
    "ims.interviews.selectors._candidate_applications": CANDIDATES,
    "ims.interviews.selectors._candidate_applications_count": CANDIDATES,
    "ims.jobs.api.views._open_jobs": [()],
    "ims.jobs.api.views._open_jobs_count": [()],
    "ims.interviews.api.views._candidate_feedback": CANDIDATES,
    "ims.interviews.api.views._candidate_feedback_count": CANDIDATES,
    "ims.interviews.api.views._interviews_of_interviewer": INTERVIEWERS,
    "ims.interviews.api.views._interviews_of_interviewer_count": INTERVIEWERS,
    "ims.interviews.api.views._upcoming_all": INSTANTS,
    "ims.interviews.api.views._upcoming_all_count": INSTANTS,
    "ims.interviews.api.views._upcoming_mine": INTERVIEWER_INSTANTS,
    "ims.interviews.api.views._upcoming_mine_count": INTERVIEWER_INSTANTS,
    "ims.interviews.selectors._candidate_upcoming": [
        ("candidate", "now"),
        ("candidate", "a_week_ago"),
        ("candidate", "in_a_year"),
        ("other_candidate", "now"),
    ],
}


def test_every_prepared_read_has_its_parity_cases():
    assert set(prepared_reads()) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_prepared_read_returns_what_its_queryset_returns(history, name):
    read = prepared_reads()[name]
    if isinstance(read, PreparedCount):
        return check_count(read, [[history[key] for key in case] for case in CASES[name]])
    for case in CASES[name]:
        ids = [history[key] for key in case]

        prepared = [snapshot(instance) for instance in read.list(*ids)]
        expected = [snapshot(instance) for instance in read.build(*ids)]

        assert prepared == expected, case
    assert any(read.list(*[history[key] for key in case]) for case in CASES[name]), "no case finds a row"


def check_count(count: PreparedCount, cases: list[list]) -> None:
    """A prepared count equals the paginator's capped count of its queryset, for limits below and above it."""
    for ids in cases:
        for limit in (1, 2, 1001):
            assert count.count(*ids, limit=limit) == count.build(*ids).order_by().values("pk")[:limit].count()
    assert any(count.count(*ids, limit=1001) > 1 for ids in cases), "no case counts more than one row"
