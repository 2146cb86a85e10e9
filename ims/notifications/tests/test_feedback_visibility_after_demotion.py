"""A feedback summary follows the feedback's own visibility rule when it is read (issue 11, item 11).

Admins read all feedback, an interviewer only their own. An admin demoted to interviewer used to keep reading
the feedback summaries they had received as an admin; now those are hidden (like the feedback endpoint, which
answers 404) until they are an admin again.
"""

import pytest
from django.utils import timezone

from ims.accounts.models import Role
from ims.interviews.models import InterviewStatus
from ims.notifications.models import Notification, NotificationKind
from tests import factories

pytestmark = pytest.mark.django_db

GOOD = {"rating": 2, "comments": "Struggled with the basics.", "recommendation": "no"}


@pytest.fixture
def summary(admin, interviewer, client_for, django_capture_on_commit_callbacks):
    """Ivan submits feedback on an interview that took place; Ada (admin) receives the summary."""
    interview = factories.InterviewFactory(
        interviewer=interviewer, scheduled_at=timezone.now() - timezone.timedelta(hours=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(interviewer).post(f"/api/application-rounds/{interview.pk}/feedback/", GOOD)
    assert response.status_code == 201, response.content
    return Notification.objects.get(recipient=admin, kind=NotificationKind.FEEDBACK_SUBMITTED)


def demote(user, role=Role.INTERVIEWER):
    user.role = role
    user.save(update_fields=["role"])


def listed_ids(client) -> set[int]:
    response = client.get("/api/notifications/", {"page_size": 100})
    assert response.status_code == 200
    return {n["id"] for n in response.json()["results"]}


def test_an_admin_reads_the_feedback_summary_they_received(admin, client_for, summary):
    assert summary.pk in listed_ids(client_for(admin))
    response = client_for(admin).get(f"/api/notifications/{summary.pk}/")
    assert response.status_code == 200
    assert "Struggled with the basics." in response.json()["body_text"]


@pytest.mark.parametrize("role", [Role.INTERVIEWER, Role.CANDIDATE])
def test_an_admin_demoted_no_longer_reads_the_feedback_summary(admin, client_for, summary, role):
    other = factories.NotificationFactory(recipient=admin, subject="Your account")
    demote(admin, role)
    client = client_for(admin)
    assert listed_ids(client) == {other.pk}
    assert client.get(f"/api/notifications/{summary.pk}/").status_code == 404
    assert client.get("/api/notifications/", {"kind": NotificationKind.FEEDBACK_SUBMITTED}).json()["count"] == 0


def test_the_demoted_admin_cannot_read_the_feedback_itself_either(admin, client_for, summary):
    demote(admin)
    assert client_for(admin).get(f"/api/application-rounds/{summary.interview_id}/feedback/").status_code == 404


def test_promoted_back_they_read_it_again(admin, client_for, summary):
    demote(admin)
    demote(admin, Role.ADMIN)
    assert client_for(admin).get(f"/api/notifications/{summary.pk}/").status_code == 200


def test_a_summary_of_their_own_feedback_stays_readable_to_its_interviewer(interviewer, client_for):
    interview = factories.InterviewFactory(interviewer=interviewer, status=InterviewStatus.COMPLETED)
    factories.FeedbackFactory(interview=interview, interviewer=interviewer)
    own = factories.NotificationFactory(
        recipient=interviewer, kind=NotificationKind.FEEDBACK_SUBMITTED, interview=interview
    )
    assert client_for(interviewer).get(f"/api/notifications/{own.pk}/").status_code == 200


def test_other_notifications_of_a_demoted_admin_stay_readable(admin, client_for, summary):
    reminder = factories.NotificationFactory(recipient=admin, kind=NotificationKind.FEEDBACK_REMINDER)
    demote(admin)
    assert client_for(admin).get(f"/api/notifications/{reminder.pk}/").status_code == 200
