from django.core import mail

from ims.notifications import outbox
from ims.notifications.models import Notification, NotificationKind
from ims.notifications.tests.conftest import html_of
from tests import factories


def test_submitted_feedback_tells_the_candidate_it_is_available_without_its_content(
    candidate, admin, interview_between, django_capture_on_commit_callbacks
):
    candidate.timezone = "Europe/Berlin"
    candidate.save()
    feedback = factories.FeedbackFactory(
        interview=interview_between(status="completed"),
        rating=2,
        comments="Struggled with recursion.",
        private_notes="Do not hire: rude to the receptionist.",
        recommendation="no",
    )

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_feedback_submitted(feedback=feedback)

    [message] = [m for m in mail.outbox if m.to == [candidate.email]]
    assert message.subject == "Feedback on your Technical interview for Backend Engineer is available"
    assert "Monday, 3 June 2030, 12:00 CEST (Europe/Berlin)" in message.body
    for secret in ("rude to the receptionist", "Struggled with recursion", "2/5"):
        assert secret not in message.body
        assert secret not in html_of(message)
        assert secret not in message.subject
    assert Notification.objects.get(recipient=candidate).kind == NotificationKind.FEEDBACK_AVAILABLE


def test_submitted_feedback_sends_every_admin_a_summary_without_private_notes(
    admin, interviewer, interview_between, django_capture_on_commit_callbacks
):
    second_admin = factories.AdminFactory(email="adam@example.com")
    factories.AdminFactory(email="gone@example.com", is_active=False)
    feedback = factories.FeedbackFactory(
        interview=interview_between(status="completed"),
        rating=5,
        comments="Excellent system design.",
        private_notes="Knows the CTO.",
        recommendation="strong_yes",
    )

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_feedback_submitted(feedback=feedback)

    to_admins = [m for m in mail.outbox if m.to[0] in (admin.email, second_admin.email)]
    assert sorted(m.to[0] for m in to_admins) == sorted([admin.email, second_admin.email])
    assert "gone@example.com" not in [m.to[0] for m in mail.outbox]
    message = to_admins[0]
    assert message.subject == "Feedback from Ivan Interviewer on Cara Candidate (Technical, Backend Engineer): 5/5"
    assert "Recommendation: Strong yes" in message.body
    assert "Excellent system design." in message.body
    assert "Excellent system design." in html_of(message)
    assert "Knows the CTO" not in message.body
    assert "Knows the CTO" not in html_of(message)
    assert set(Notification.objects.filter(recipient__role="admin").values_list("kind", flat=True)) == {
        NotificationKind.FEEDBACK_SUBMITTED
    }
