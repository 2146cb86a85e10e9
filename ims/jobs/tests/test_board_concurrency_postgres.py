"""On PostgreSQL, with real parallel connections: two recruiters acting on the same cards at once. One batch
wins whole, the other is refused whole with a message; nothing is half-applied and nothing deadlocks."""

import threading

import pytest
from django.db import connection

from ims.core.exceptions import ServiceError
from ims.jobs.models import Application, ApplicationEvent, ApplicationStatus, Job
from ims.jobs.services import applications_bulk_transition
from ims.ui.tests.helpers import page_client
from tests.factories import AdminFactory, ApplicationFactory, JobFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _together(calls: list) -> list[str]:
    """Run each call in its own thread (own connection), released together; 'ok' or the refusal's code."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = [""] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call) -> None:
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[index] = "ok"
        except ServiceError as exc:
            outcomes[index] = exc.code
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return outcomes


def _statuses(cards) -> list[str]:
    return list(
        Application.objects.filter(pk__in=[c.pk for c in cards]).order_by("pk").values_list("status", flat=True)
    )


@pytest.mark.parametrize("attempt", range(3))
def test_two_bulk_moves_sharing_a_card_one_wins_whole_the_other_changes_nothing(attempt):
    job = JobFactory()
    first, second = AdminFactory(), AdminFactory()
    c1, c2, shared, c4 = (ApplicationFactory(job=job) for _ in range(4))
    seen = {c.pk: "applied" for c in (c1, c2, shared, c4)}

    outcomes = _together(
        [
            lambda: applications_bulk_transition(
                job=job, application_ids=[c1.pk, c2.pk, shared.pk], to_status="screening", actor=first, seen=seen
            ),
            lambda: applications_bulk_transition(
                job=job,
                application_ids=[c4.pk, shared.pk],
                to_status="rejected",
                actor=second,
                reason="not_qualified",
                seen=seen,
            ),
        ]
    )

    assert sorted(outcomes) == ["ok", "stale"]
    if outcomes[0] == "ok":
        assert _statuses([c1, c2, shared, c4]) == ["screening", "screening", "screening", "applied"]
    else:
        assert _statuses([c1, c2, shared, c4]) == ["applied", "applied", "rejected", "rejected"]
    assert ApplicationEvent.objects.filter(application__job=job).count() == (3 if outcomes[0] == "ok" else 2)


def test_two_selections_racing_for_the_last_openings_never_overfill_the_job():
    job = JobFactory(openings=2)
    admin = AdminFactory()
    cards = [ApplicationFactory(job=job, status=ApplicationStatus.INTERVIEWING) for _ in range(3)]

    outcomes = _together(
        [
            lambda: applications_bulk_transition(
                job=job, application_ids=[cards[0].pk, cards[1].pk], to_status="selected", actor=admin
            ),
            lambda: applications_bulk_transition(
                job=job, application_ids=[cards[2].pk], to_status="selected", actor=admin
            ),
        ]
    )

    assert sorted(outcomes) == ["job_full", "ok"]
    selected = Application.objects.filter(job=job, status=ApplicationStatus.SELECTED).count()
    assert selected == (2 if outcomes[0] == "ok" else 1)
    assert Job.objects.get(pk=job.pk).is_open is (selected < 2)


def test_two_recruiters_moving_the_same_card_from_the_board_one_wins_the_other_sees_a_message():
    job = JobFactory()
    card = ApplicationFactory(job=job)
    clients = [page_client(AdminFactory()), page_client(AdminFactory())]
    bodies = [
        {"applications": f"{card.pk}:applied", "to_status": "screening"},
        {"applications": f"{card.pk}:applied", "to_status": "rejected", "reason": "other"},
    ]
    responses: list = [None, None]

    def move(index: int) -> None:
        responses[index] = clients[index].post(f"/app/jobs/{job.pk}/move/", bodies[index], follow=True)

    _together([lambda: move(0), lambda: move(1)])

    texts = [r.content.decode() for r in responses]
    winners = [i for i, text in enumerate(texts) if "1 application moved to" in text]
    assert len(winners) == 1
    loser = 1 - winners[0]
    assert "meanwhile; nothing was changed" in texts[loser]
    assert Application.objects.get(pk=card.pk).status == ("screening" if winners == [0] else "rejected")
    assert ApplicationEvent.objects.filter(application=card).count() == 1
