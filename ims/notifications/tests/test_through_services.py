"""The whole path through the jobs and interviews services: each event writes its emails in its own
transaction and the invites of one interview stay one calendar event."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from ims.interviews import services as interviews
from ims.jobs import services as jobs
from ims.notifications.models import Notification, NotificationKind
from ims.notifications.tests.conftest import event_of, invite_of
from tests import factories


def _to(email):
    return [m for m in mail.outbox if m.to == [email]]


def _schedule(application, interviewer, admin, start):
    return interviews.interview_schedule(
        application=application,
        round_type=factories.RoundTypeFactory(name="System design"),
        interviewer=interviewer,
        scheduled_at=start,
        duration=60,
        location="Room 2",
        actor=admin,
    )


def test_applying_scheduling_moving_and_rejecting_sends_the_right_emails(
    admin, candidate, interviewer, other_interviewer, django_capture_on_commit_callbacks
):
    job = factories.JobFactory(title="Platform Engineer")
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)

    with django_capture_on_commit_callbacks(execute=True):
        application = jobs.application_create(job=job, candidate=candidate)
    assert [m.subject for m in _to(candidate.email)] == ["We received your application for Platform Engineer"]

    with django_capture_on_commit_callbacks(execute=True):
        interview = _schedule(application, interviewer, admin, start)
    first = event_of(_to(interviewer.email)[0])
    assert str(invite_of(_to(candidate.email)[1])["METHOD"]) == "REQUEST"

    with django_capture_on_commit_callbacks(execute=True):
        interview = interviews.interview_update(
            interview=interview,
            data={"scheduled_at": start + timedelta(hours=2), "interviewer": other_interviewer},
            actor=admin,
        )
    moved = event_of(_to(other_interviewer.email)[0])
    assert str(moved["UID"]) == str(first["UID"])
    assert moved["SEQUENCE"] > first["SEQUENCE"]
    assert moved.decoded("DTSTART") == start + timedelta(hours=2)
    # The replaced interviewer's calendar drops the event.
    replaced = _to(interviewer.email)[-1]
    assert str(invite_of(replaced)["METHOD"]) == "CANCEL"
    assert str(event_of(replaced)["UID"]) == str(first["UID"])

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.application_reject(application=application, actor=admin, reason="not_qualified")
    kinds = sorted(Notification.objects.filter(recipient=candidate).values_list("kind", flat=True))
    assert NotificationKind.INTERVIEW_CANCELLED in kinds
    assert NotificationKind.APPLICATION_REJECTED in kinds
    cancel = next(m for m in _to(candidate.email) if m.subject.startswith("Cancelled"))
    assert str(invite_of(cancel)["METHOD"]) == "CANCEL"
    assert event_of(cancel)["SEQUENCE"] > moved["SEQUENCE"]
    assert [m.subject for m in _to(candidate.email) if not m.subject.startswith("Cancelled")] == [
        "Your application for Platform Engineer"
    ]
    assert len(_to(other_interviewer.email)) == 1
    assert _to(interviewer.email) == []


def test_submitting_feedback_through_the_service_tells_the_candidate_and_the_admins(
    admin, candidate, interviewer, django_capture_on_commit_callbacks
):
    application = factories.ApplicationFactory(candidate=candidate, status="interviewing")
    interview = factories.InterviewFactory(
        application=application,
        interviewer=interviewer,
        scheduled_at=timezone.now() - timedelta(hours=2),
        ends_at=timezone.now() - timedelta(hours=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        interviews.feedback_submit(
            interview=interview, interviewer=interviewer, rating=4, comments="Good.", private_notes="Secret."
        )

    assert [m.subject.split(" ")[0] for m in _to(candidate.email)] == ["Feedback"]
    assert "is available" in _to(candidate.email)[0].subject
    assert "4/5" in _to(admin.email)[0].subject
    assert all("Secret." not in m.body for m in mail.outbox)
