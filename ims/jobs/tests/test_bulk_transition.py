"""One service moves a selection of cards: all or nothing, the refusal naming the card."""

import pytest

from ims.core.exceptions import Conflict, Invalid
from ims.interviews.models import InterviewStatus
from ims.jobs.models import Application, ApplicationEvent, ApplicationStatus, Job
from ims.jobs.services import applications_bulk_transition
from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db


def _cards(job, *statuses):
    return [
        ApplicationFactory(job=job, status=status, candidate=CandidateFactory(first_name=f"C{i}", last_name="Card"))
        for i, status in enumerate(statuses)
    ]


def _statuses(cards):
    return [Application.objects.get(pk=card.pk).status for card in cards]


def test_admin_moves_three_cards_to_screening_in_one_action(admin):
    job = JobFactory()
    cards = _cards(job, "applied", "applied", "applied")

    moved = applications_bulk_transition(
        job=job, application_ids=[c.pk for c in cards], to_status="screening", actor=admin
    )

    assert [a.status for a in moved] == ["screening"] * 3
    assert _statuses(cards) == ["screening"] * 3
    assert ApplicationEvent.objects.filter(to_status="screening", actor=admin).count() == 3


def test_one_refused_card_refuses_the_batch_naming_it_and_nothing_moves(admin):
    job = JobFactory()
    cards = _cards(job, "applied", "interviewing", "applied")

    with pytest.raises(Conflict) as refused:
        applications_bulk_transition(job=job, application_ids=[c.pk for c in cards], to_status="screening", actor=admin)

    assert refused.value.detail.startswith("C1 Card: ")
    assert refused.value.extra["application"] == cards[1].pk
    assert _statuses(cards) == ["applied", "interviewing", "applied"]
    assert not ApplicationEvent.objects.filter(to_status="screening").exists()


def test_bulk_reject_needs_a_reason_and_records_it_on_every_card(admin):
    job = JobFactory()
    cards = _cards(job, "applied", "screening", "interviewing")
    interview = InterviewFactory(application=cards[2])

    with pytest.raises(Invalid) as refused:
        applications_bulk_transition(job=job, application_ids=[c.pk for c in cards], to_status="rejected", actor=admin)
    assert refused.value.field == "reason"

    applications_bulk_transition(
        job=job, application_ids=[c.pk for c in cards], to_status="rejected", actor=admin, reason="not_qualified"
    )

    assert _statuses(cards) == ["rejected"] * 3
    assert set(ApplicationEvent.objects.filter(to_status="rejected").values_list("reason", flat=True)) == {
        "not_qualified"
    }
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED


def test_selecting_more_cards_than_openings_left_refuses_the_batch(admin):
    job = JobFactory(openings=2)
    _cards(job, "selected")
    cards = _cards(job, "interviewing", "interviewing")

    with pytest.raises(Conflict) as refused:
        applications_bulk_transition(job=job, application_ids=[c.pk for c in cards], to_status="selected", actor=admin)

    assert refused.value.code == "job_full"
    assert "1 selected already, 2 more asked for" in refused.value.detail
    assert _statuses(cards) == ["interviewing", "interviewing"]
    assert Job.objects.get(pk=job.pk).is_open


def test_selecting_the_last_openings_closes_the_job(admin):
    job = JobFactory(openings=2)
    cards = _cards(job, "interviewing", "screening")

    applications_bulk_transition(job=job, application_ids=[c.pk for c in cards], to_status="selected", actor=admin)

    job.refresh_from_db()
    assert _statuses(cards) == ["selected", "selected"]
    assert not job.is_open
    assert job.closed_at is not None


def test_a_card_someone_else_moved_meanwhile_refuses_the_batch_with_its_current_stage(admin):
    job = JobFactory()
    cards = _cards(job, "applied", "applied")
    Application.objects.filter(pk=cards[1].pk).update(status=ApplicationStatus.SCREENING)

    with pytest.raises(Conflict) as refused:
        applications_bulk_transition(
            job=job,
            application_ids=[c.pk for c in cards],
            to_status="screening",
            actor=admin,
            seen={c.pk: "applied" for c in cards},
        )

    assert refused.value.code == "stale"
    assert "moved this application to 'screening' meanwhile" in refused.value.detail
    assert _statuses(cards) == ["applied", "screening"]


def test_cards_of_another_job_are_not_on_this_board(admin):
    job, other = JobFactory(), JobFactory()
    mine = _cards(job, "applied")
    theirs = _cards(other, "applied")

    with pytest.raises(Invalid) as refused:
        applications_bulk_transition(
            job=job, application_ids=[mine[0].pk, theirs[0].pk], to_status="screening", actor=admin
        )

    assert refused.value.code == "not_found"
    assert _statuses(mine + theirs) == ["applied", "applied"]


def test_an_empty_selection_is_refused(admin):
    with pytest.raises(Invalid) as refused:
        applications_bulk_transition(job=JobFactory(), application_ids=[], to_status="screening", actor=admin)
    assert refused.value.field == "applications"
