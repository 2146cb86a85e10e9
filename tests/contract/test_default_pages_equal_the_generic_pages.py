"""The lists whose default page (no query parameter) is read from statements compiled once per connection answer
exactly what the generic path answers for the same page (``?page=1``): the same rows, fields, count and links,
for an empty list, a short one, a full page and more than a page, in no more queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ims.interviews.models import InterviewStatus
from tests.factories import ApplicationFactory, FeedbackFactory, InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db

# The modules whose default pages go through ims.core.pagination.first_page.
FIRST_PAGE_CALLERS = ["ims.jobs.api.views", "ims.interviews.api.views", "ims.interviews.selectors"]


@pytest.fixture
def first_pages(monkeypatch) -> list:
    """Each default page answered by the prepared path (so a test knows the path it compares did run)."""
    import importlib

    from ims.core import pagination

    answered = []

    def spy(*args, **kwargs):
        answered.append(pagination.first_page(*args, **kwargs))
        return answered[-1]

    for module in FIRST_PAGE_CALLERS:
        monkeypatch.setattr(importlib.import_module(module), "first_page", spy)
    return answered


def applications(n, *, candidate, interviewer, other_candidate):
    for _ in range(n):
        ApplicationFactory(candidate=candidate)
    ApplicationFactory(candidate=other_candidate)


def open_jobs(n, **_):
    for _ in range(n):
        JobFactory(is_open=True)
    JobFactory(is_open=False)


def interviews(n, *, candidate, interviewer, other_candidate, past: bool = False):
    """``n`` interviews of ``interviewer`` (each with its own candidate), half of them past; others' and cancelled
    ones around them."""
    for i in range(n):
        start = timezone.now() + timedelta(days=-(i + 1) if past and i % 2 else i + 1)
        InterviewFactory(interviewer=interviewer, scheduled_at=start)
    InterviewFactory()
    InterviewFactory(interviewer=interviewer, status=InterviewStatus.CANCELLED)


def feedback(n, *, candidate, interviewer, other_candidate):
    application = ApplicationFactory(candidate=candidate)
    for i in range(n):
        start = timezone.now() - timedelta(days=i + 1)
        interview = InterviewFactory(
            application=application, interviewer=interviewer, scheduled_at=start, status=InterviewStatus.COMPLETED
        )
        FeedbackFactory(interview=interview, interviewer=interviewer)
    FeedbackFactory(interview=InterviewFactory(candidate=other_candidate, status=InterviewStatus.COMPLETED))


# (path, persona whose client asks, data builder)
LISTS = {
    "applications me": ("/api/applications/me/", "candidate", applications),
    "jobs open": ("/api/jobs/open/", "candidate", open_jobs),
    "interviews me": ("/api/interviews/me/", "interviewer", lambda n, **kw: interviews(n, past=True, **kw)),
    "upcoming (interviewer)": ("/api/interviews/upcoming/", "interviewer", interviews),
    "upcoming (admin)": ("/api/interviews/upcoming/", "admin", interviews),
    "feedback me": ("/api/feedback/me/", "candidate", feedback),
}


@pytest.mark.parametrize("rows", [0, 3, 20, 23])
@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_default_page_is_the_generic_page(request, name, rows, candidate, interviewer, other_candidate, first_pages):
    path, persona, build = LISTS[name]
    build(rows, candidate=candidate, interviewer=interviewer, other_candidate=other_candidate)
    client = request.getfixturevalue(f"{persona}_client")

    with CaptureQueriesContext(connection) as generic_queries:
        generic = client.get(f"{path}?page=1")
    assert first_pages == []
    with CaptureQueriesContext(connection) as fast_queries:
        fast = client.get(path)

    assert len(reads(fast_queries)) <= len(reads(generic_queries))

    assert len(first_pages) == 1
    assert fast.status_code == generic.status_code == 200
    assert fast.json() == generic.json()
    body = fast.json()
    assert body["count"] >= rows
    assert len(body["results"]) == min(body["count"], 20)
    assert (body["next"] is not None) == (body["count"] > 20)


def reads(queries: CaptureQueriesContext) -> list[str]:
    """The statements that read data: not the switch to PostgreSQL's generic plan around one statement and back
    (ims/core/prepared.py, ``generic_plan``), which is two round trips that replace 3-5 ms of planning."""
    plan_mode = ("SET plan_cache_mode", "RESET plan_cache_mode")
    return [query["sql"] for query in queries.captured_queries if not query["sql"].startswith(plan_mode)]
