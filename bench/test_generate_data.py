"""The benchmark's data generator writes consistent data that respects every rule the API relies on."""

from collections import defaultdict
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.utils import timezone

from ims.accounts.models import Role, User
from ims.interviews.models import Feedback, FeedbackVersion, Interview, InterviewStatus
from ims.jobs.models import Application, ApplicationEvent, Job

pytestmark = pytest.mark.django_db


def generate(n: int = 2000, **options) -> str:
    out = StringIO()
    call_command("generate_data", applications=n, stdout=out, **options)
    return out.getvalue()


def test_generated_data_follows_the_ratios():
    generate(2000)
    assert Application.objects.count() == 2000
    assert Job.objects.count() == 10
    assert User.objects.filter(role=Role.CANDIDATE).count() == 200
    assert User.objects.filter(role=Role.INTERVIEWER).count() == 4
    assert 250 <= Interview.objects.count() <= 500


def test_every_application_has_its_applied_event_and_a_valid_path():
    generate(2000)
    applied = ApplicationEvent.objects.filter(to_status="applied", from_status="").values_list("application_id")
    assert set(applied) == set(Application.objects.values_list("id"))
    last_status = {}
    for event in ApplicationEvent.objects.order_by("application_id", "at", "id"):
        last_status[event.application_id] = event.to_status
    assert last_status == dict(Application.objects.values_list("id", "status"))


def test_nobody_has_two_interviews_at_once():
    generate(2000)
    by_person = defaultdict(list)
    for interview in Interview.objects.all():
        by_person["i", interview.interviewer_id].append((interview.scheduled_at, interview.ends_at))
        by_person["c", interview.candidate_id].append((interview.scheduled_at, interview.ends_at))
    for slots in by_person.values():
        slots.sort()
        for (_, previous_end), (start, _) in pairwise(slots):
            assert previous_end <= start


def test_interviews_belong_to_their_applications_candidate_and_follow_applying():
    generate(2000)
    for interview in Interview.objects.select_related("application"):
        assert interview.candidate_id == interview.application.candidate_id
        assert interview.scheduled_at > interview.application.applied_at


def test_there_are_upcoming_interviews_and_feedback_only_on_completed_past_ones():
    generate(2000)
    now = timezone.now()
    assert Interview.objects.filter(status=InterviewStatus.SCHEDULED, scheduled_at__gt=now).exists()
    assert Feedback.objects.exists()
    assert not Feedback.objects.exclude(interview__status=InterviewStatus.COMPLETED).exists()
    assert not Feedback.objects.filter(interview__scheduled_at__gt=now).exists()
    assert not Feedback.objects.exclude(interviewer=F("interview__interviewer")).exists()


def test_every_generated_feedback_is_its_first_version_as_submitting_records_it():
    generate(2000)
    assert Feedback.objects.exists()
    assert set(Feedback.objects.values_list("version", flat=True)) == {1}
    versions = {v.feedback_id: v for v in FeedbackVersion.objects.all()}
    assert set(versions) == set(Feedback.objects.values_list("pk", flat=True))
    for feedback in Feedback.objects.all()[:50]:
        version = versions[feedback.pk]
        assert (version.number, version.rating, version.comments, version.submitted_at) == (
            1,
            feedback.rating,
            feedback.comments,
            feedback.submitted_at,
        )


def test_generated_users_log_in_with_the_printed_password():
    output = generate(100, password="Printed-pass-1")  # noqa: S106 - a test password
    assert "Printed-pass-1" in output
    assert User.objects.get(email="admin1@bench.example.com").check_password("Printed-pass-1")
    assert User.objects.filter(role=Role.CANDIDATE).first().check_password("Printed-pass-1")


def test_existing_data_is_kept_unless_reset_is_asked_for():
    generate(100)
    with pytest.raises(CommandError, match="--reset"):
        generate(100)
    generate(300, reset=True)
    assert Application.objects.count() == 300


def test_the_same_seed_gives_the_same_data():
    generate(500, seed=7)
    first = list(Application.objects.order_by("id").values_list("job_id", "candidate_id", "status"))
    generate(500, seed=7, reset=True)
    assert list(Application.objects.order_by("id").values_list("job_id", "candidate_id", "status")) == first


def test_generated_data_has_its_report_rollups_as_the_services_would_write_them():
    from ims.reports.models import ApplicationFact, InterviewFact, StageVisit

    generate(2000)
    assert ApplicationFact.objects.count() == 2000
    assert StageVisit.objects.count() == ApplicationEvent.objects.count()
    assert InterviewFact.objects.count() == Interview.objects.count()
    assert InterviewFact.objects.filter(feedback_at__isnull=False).count() == Feedback.objects.count()
    # Selected applications have a time to hire; the rest do not.
    assert not ApplicationFact.objects.filter(status="selected", hire_seconds__isnull=True).exists()
    assert not ApplicationFact.objects.exclude(status="selected").filter(hire_seconds__isnull=False).exists()
