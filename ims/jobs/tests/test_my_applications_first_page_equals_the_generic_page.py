"""/api/applications/me/ without query parameters is read from statements compiled once per connection; every
answer equals the generic path's (the same page asked for as ``?page=1``), in fewer or as many queries, and a
candidate with more than a page of applications gets the same paging and count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ims.interviews import selectors as interview_selectors
from ims.interviews.models import InterviewStatus
from tests.factories import ApplicationFactory, InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_pages(monkeypatch) -> list:
    """The first pages the prepared path answered (so a test knows the path it compares did run)."""
    answered = []
    read = interview_selectors.applications_of_candidate_first_page

    def spy(**kwargs):
        answered.append(read(**kwargs))
        return answered[-1]

    monkeypatch.setattr(interview_selectors, "applications_of_candidate_first_page", spy)
    return answered


def both_answers(client, django_assert_max_num_queries, queries: int, first_pages: list) -> tuple[dict, dict]:
    with django_assert_max_num_queries(queries):
        fast = client.get("/api/applications/me/")
    assert len(first_pages) == 1
    generic = client.get("/api/applications/me/?page=1")
    assert len(first_pages) == 1
    assert fast.status_code == generic.status_code == 200
    return fast.json(), generic.json()


@pytest.mark.parametrize("count", [0, 1, 7, 20])
def test_a_page_of_applications_is_the_generic_page(
    candidate_client, candidate, other_candidate, interviewer, count, django_assert_max_num_queries, first_pages
):
    applications = [ApplicationFactory(candidate=candidate) for _ in range(count)]
    ApplicationFactory(candidate=other_candidate)
    for days, application in enumerate(applications[:3], start=2):
        InterviewFactory(application=application, interviewer=interviewer)
        InterviewFactory(application=application, interviewer=interviewer)
        InterviewFactory(application=application, status=InterviewStatus.CANCELLED)
        past = timezone.now() - timedelta(days=days)  # one candidate: their interviews may not overlap
        InterviewFactory(application=application, scheduled_at=past, ends_at=past + timedelta(hours=1))

    # The user, the page, its upcoming interviews (none when the page is empty), the count when the page is full.
    queries = 2 if count == 0 else 3 if count < 20 else 4
    fast, generic = both_answers(candidate_client, django_assert_max_num_queries, queries, first_pages)

    assert fast == generic
    assert fast["count"] == count
    assert fast["next"] is None
    assert sum(len(row["upcoming_interviews"]) for row in fast["results"]) == 2 * min(count, 3)


def test_more_than_a_page_of_applications_is_paged_and_counted_as_before(
    candidate_client, candidate, django_assert_max_num_queries, first_pages
):
    for _ in range(25):
        ApplicationFactory(candidate=candidate)

    fast, generic = both_answers(candidate_client, django_assert_max_num_queries, 4, first_pages)

    assert fast == generic
    assert fast["count"] == 25
    assert fast["next"] is not None
    assert len(fast["results"]) == 20


def test_the_first_page_reads_the_applications_as_they_are_now(candidate_client, candidate):
    application = ApplicationFactory(candidate=candidate)
    assert candidate_client.get("/api/applications/me/").json()["results"][0]["status"] == "applied"

    type(application).objects.filter(pk=application.pk).update(status="screening")

    assert candidate_client.get("/api/applications/me/").json()["results"][0]["status"] == "screening"
