"""N admins booking at the same moment: PostgreSQL's exclusion constraints let exactly one through."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from rest_framework.test import APIClient

from ims.accounts.services import tokens_for_user
from ims.interviews.models import Interview
from ims.interviews.tests.helpers import days_ahead, rounds_url, schedule_body
from tests.factories import (
    AdminFactory,
    ApplicationFactory,
    CandidateFactory,
    InterviewerFactory,
    JobFactory,
    RoundTypeFactory,
)

THREADS = 8
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def book_in_parallel(requests: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """POST every (application id, body) from its own thread and connection, released together."""
    token = tokens_for_user(AdminFactory())["access"]
    barrier = threading.Barrier(len(requests))
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def book(application_id: int, body: dict) -> None:
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
            barrier.wait(timeout=10)
            response = client.post(rounds_url(application_id), body, format="json")
            with lock:
                results.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def assert_one_winner(results: list[tuple[int, dict]], count: int) -> None:
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [409] * (count - 1), results
    [winner] = [body["id"] for status, body in results if status == 201]
    for status, body in results:
        if status == 409:
            # Each loser is told which interview took the slot, even when only the constraint caught it.
            assert body["code"] == "schedule_conflict"
            assert [conflict["id"] for conflict in body["conflicts"]] == [winner]


def test_parallel_bookings_of_one_interviewer_yield_exactly_one_interview():
    interviewer = InterviewerFactory()
    round_type = RoundTypeFactory()
    start = days_ahead(7)
    requests = [
        (ApplicationFactory().pk, schedule_body(round_type, interviewer, start + timedelta(minutes=5 * i)))
        for i in range(THREADS)
    ]
    assert_one_winner(book_in_parallel(requests), THREADS)
    assert Interview.objects.filter(interviewer=interviewer).count() == 1


def test_parallel_bookings_of_one_candidate_yield_exactly_one_interview():
    candidate = CandidateFactory()
    round_type = RoundTypeFactory()
    start = days_ahead(7)
    requests = [
        (
            ApplicationFactory(candidate=candidate, job=JobFactory()).pk,
            schedule_body(round_type, InterviewerFactory(), start + timedelta(minutes=5 * i)),
        )
        for i in range(THREADS)
    ]
    assert_one_winner(book_in_parallel(requests), THREADS)
    assert Interview.objects.filter(candidate=candidate).count() == 1


def test_parallel_back_to_back_bookings_all_succeed():
    interviewer = InterviewerFactory()
    round_type = RoundTypeFactory()
    start = days_ahead(7)
    requests = [
        (ApplicationFactory().pk, schedule_body(round_type, interviewer, start + timedelta(hours=i))) for i in range(4)
    ]
    assert [status for status, _ in book_in_parallel(requests)] == [201] * 4
    assert Interview.objects.filter(interviewer=interviewer).count() == 4
