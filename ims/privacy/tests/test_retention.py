"""Retention: candidates whose every application ended long enough ago are anonymised, exactly once."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from ims.accounts.models import User
from ims.jobs.models import ApplicationEvent, ApplicationStatus
from ims.privacy import services
from ims.privacy.models import AuditAction, AuditEntry, Erasure
from ims.privacy.tasks import apply_retention
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)


def _application(candidate, status: str, *, days_ago: int):
    """An application that reached ``status`` ``days_ago`` days before NOW (its event says when)."""
    with time_machine.travel(NOW - timedelta(days=days_ago), tick=False):
        application = ApplicationFactory(candidate=candidate, status=status, cover_letter="letter")
        ApplicationEvent.objects.create(application=application, from_status="applied", to_status=status)
    return application


@pytest.fixture
def people(db):
    people = {
        name: CandidateFactory(email=f"{name}@example.com")
        for name in (
            "old_rejected",
            "old_withdrawn",
            "recent_rejected",
            "recent_withdrawn",
            "still_active",
            "reapplied",
            "selected",
            "never_applied",
            "two_old",
        )
    }
    _application(people["old_rejected"], ApplicationStatus.REJECTED, days_ago=400)
    _application(people["old_withdrawn"], ApplicationStatus.WITHDRAWN, days_ago=366)
    _application(people["recent_rejected"], ApplicationStatus.REJECTED, days_ago=364)
    _application(people["recent_withdrawn"], ApplicationStatus.WITHDRAWN, days_ago=30)
    _application(people["still_active"], ApplicationStatus.REJECTED, days_ago=400)
    _application(people["still_active"], ApplicationStatus.SCREENING, days_ago=400)
    _application(people["reapplied"], ApplicationStatus.REJECTED, days_ago=700)
    _application(people["reapplied"], ApplicationStatus.WITHDRAWN, days_ago=10)  # applied again since
    _application(people["selected"], ApplicationStatus.SELECTED, days_ago=900)
    _application(people["two_old"], ApplicationStatus.REJECTED, days_ago=800)
    _application(people["two_old"], ApplicationStatus.WITHDRAWN, days_ago=500)
    return people


def _names(people, ids) -> list[str]:
    by_id = {user.pk: name for name, user in people.items()}
    return sorted(by_id[pk] for pk in ids)


def test_retention_picks_exactly_the_candidates_whose_every_application_ended_long_enough_ago(people):
    with time_machine.travel(NOW, tick=False):
        report = services.retention_apply()

    assert _names(people, report.erased) == ["old_rejected", "old_withdrawn", "two_old"]
    assert _names(people, Erasure.objects.values_list("user_id", flat=True)) == [
        "old_rejected",
        "old_withdrawn",
        "two_old",
    ]
    erased = User.objects.get(pk=people["old_rejected"].pk)
    assert erased.email.endswith("@erased.invalid") and not erased.is_active
    assert User.objects.get(pk=people["recent_rejected"].pk).email == "recent_rejected@example.com"
    entry = AuditEntry.objects.filter(action=AuditAction.ERASURE).first()
    assert (entry.actor_id, entry.extra) == (None, {"reason": "retention"})


def test_each_status_has_its_own_retention_period(people, settings):
    settings.RETENTION_WITHDRAWN_DAYS = 600
    settings.RETENTION_REJECTED_DAYS = 365

    with time_machine.travel(NOW, tick=False):
        report = services.retention_apply(dry_run=True)

    assert _names(people, report.due) == ["old_rejected"]


def test_a_period_of_zero_turns_that_rule_off(people, settings):
    settings.RETENTION_REJECTED_DAYS = 0

    with time_machine.travel(NOW, tick=False):
        report = services.retention_apply(dry_run=True)

    assert _names(people, report.due) == ["old_withdrawn"]


def test_running_retention_twice_does_nothing_the_second_time(people):
    with time_machine.travel(NOW, tick=False):
        first = services.retention_apply()
        erased = {u.pk: (u.email, u.password, u.token_version) for u in User.objects.filter(pk__in=first.erased)}
        audit = AuditEntry.objects.count()
        second = services.retention_apply()

    assert len(first.erased) == 3
    assert (second.due, second.erased) == ([], [])
    assert Erasure.objects.count() == 3
    assert AuditEntry.objects.count() == audit
    assert {u.pk: (u.email, u.password, u.token_version) for u in User.objects.filter(pk__in=first.erased)} == erased


def test_the_dry_run_prints_who_would_be_anonymised_and_changes_nothing(people):
    before = sorted(User.objects.values_list("pk", "email", "first_name", "is_active", "password"))
    out = StringIO()

    with time_machine.travel(NOW, tick=False):
        call_command("apply_retention", "--dry-run", stdout=out)

    assert "would anonymise: #{} old_rejected@example.com".format(people["old_rejected"].pk) in out.getvalue()
    assert "old_withdrawn@example.com" in out.getvalue() and "two_old@example.com" in out.getvalue()
    assert "recent_rejected" not in out.getvalue()
    assert "3 candidate(s) would be anonymised" in out.getvalue()
    assert sorted(User.objects.values_list("pk", "email", "first_name", "is_active", "password")) == before
    assert not Erasure.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_command_without_dry_run_anonymises_and_says_so(people):
    out = StringIO()

    with time_machine.travel(NOW, tick=False):
        call_command("apply_retention", stdout=out)

    assert "3 candidate(s) anonymised." in out.getvalue()
    assert Erasure.objects.count() == 3


def test_the_periodic_task_runs_the_retention(people):
    with time_machine.travel(NOW, tick=False):
        assert apply_retention.delay() is not None

    assert Erasure.objects.count() == 3


def test_a_candidate_who_applies_again_is_no_longer_due(people):
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        ApplicationFactory(candidate=people["old_rejected"], status=ApplicationStatus.APPLIED)

    with time_machine.travel(NOW, tick=False):
        report = services.retention_apply(dry_run=True)

    assert "old_rejected" not in _names(people, report.due)
