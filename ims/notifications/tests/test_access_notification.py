"""``access_notification``: one's own notifications, every one for an admin, or Http404."""

import pytest
from django.http import Http404

from ims.notifications.models import NotificationKind
from ims.notifications.selectors import access_notification
from tests.factories import FeedbackFactory, NotificationFactory

pytestmark = pytest.mark.django_db


def test_an_admin_gets_anyones_notification(admin, candidate):
    notification = NotificationFactory(recipient=candidate)

    assert access_notification(user=admin, pk=notification.pk) == notification


@pytest.mark.parametrize("persona", ["interviewer", "candidate"])
def test_a_person_gets_their_own_notification(request, persona):
    user = request.getfixturevalue(persona)
    notification = NotificationFactory(recipient=user)

    assert access_notification(user=user, pk=notification.pk) == notification


@pytest.mark.parametrize(("persona", "other"), [("candidate", "other_candidate"), ("interviewer", "other_interviewer")])
def test_a_person_does_not_get_someone_elses(request, persona, other):
    notification = NotificationFactory(recipient=request.getfixturevalue(other))

    with pytest.raises(Http404):
        access_notification(user=request.getfixturevalue(persona), pk=notification.pk)


def test_an_interviewer_does_not_get_a_feedback_summary_of_someone_elses_feedback(interviewer, other_interviewer):
    feedback = FeedbackFactory(interview__interviewer=other_interviewer)
    notification = NotificationFactory(
        recipient=interviewer, kind=NotificationKind.FEEDBACK_SUBMITTED, interview=feedback.interview
    )

    with pytest.raises(Http404):
        access_notification(user=interviewer, pk=notification.pk)
