"""Draft scorecards (the interviewer's alone), submission (v1, the draft gone), edits within 24 hours of the first
submission (v2...), refused after; through the services and the API."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from ims.core.exceptions import Conflict, Forbidden, Invalid
from ims.interviews import selectors, services
from ims.interviews.models import FEEDBACK_EDIT_WINDOW, Feedback, FeedbackDraft, FeedbackVersion, InterviewStatus
from ims.interviews.tests.helpers import feedback_url
from ims.notifications.models import Notification
from ims.reports.models import InterviewFact
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "rating": 4,
    "comments": "Clear thinking, good tests.",
    "recommendation": "yes",
    "criteria_scores": {"Problem solving": 5, "Communication": 3},
    "private_notes": "Salary expectations high.",
}


def draft_url(interview_id: int) -> str:
    return f"/api/application-rounds/{interview_id}/feedback/draft/"


def versions_url(interview_id: int) -> str:
    return f"/api/application-rounds/{interview_id}/feedback/versions/"


@pytest.fixture
def held_interview(interviewer, round_type):
    """Ivan's interview that took place an hour ago."""
    start = timezone.now() - timedelta(hours=1, minutes=30)
    return InterviewFactory(
        interviewer=interviewer, round_type=round_type, scheduled_at=start, ends_at=start + timedelta(hours=1)
    )


def _submit(interview, interviewer, **changes):
    return services.feedback_submit(interview=interview, interviewer=interviewer, **{**GOOD, **changes})


# --- Drafts --------------------------------------------------------------------------------------


def test_interviewer_saves_a_partial_draft_and_reads_it_back(interviewer_client, held_interview):
    response = interviewer_client.put(
        draft_url(held_interview.pk), {"comments": "Started well", "private_notes": "ask about notice"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["rating"] is None
    body = interviewer_client.get(draft_url(held_interview.pk)).json()
    assert body["comments"] == "Started well"
    assert body["private_notes"] == "ask about notice"
    assert Feedback.objects.count() == 0


def test_saving_again_replaces_the_draft(interviewer, held_interview):
    services.feedback_draft_save(interview=held_interview, interviewer=interviewer, data={"rating": 2})
    services.feedback_draft_save(interview=held_interview, interviewer=interviewer, data={"rating": 5})
    assert FeedbackDraft.objects.get().rating == 5


def test_a_draft_is_invisible_to_admins_and_other_interviewers(
    interviewer, held_interview, admin, admin_client, other_interviewer_client
):
    services.feedback_draft_save(interview=held_interview, interviewer=interviewer, data={"comments": "secret"})
    assert selectors.feedback_draft_of(user=admin, interview=held_interview) is None
    assert admin_client.get(draft_url(held_interview.pk)).status_code == 403
    response = other_interviewer_client.get(draft_url(held_interview.pk))
    assert response.status_code == 404
    assert b"secret" not in response.content
    assert admin_client.get(feedback_url(held_interview.pk)).status_code == 404  # no feedback exists yet


def test_another_interviewer_cannot_write_a_draft_on_my_interview(other_interviewer, held_interview):
    with pytest.raises(Forbidden):
        services.feedback_draft_save(interview=held_interview, interviewer=other_interviewer, data={})


def test_a_draft_is_checked_like_the_feedback_it_will_become(interviewer_client, held_interview):
    response = interviewer_client.put(draft_url(held_interview.pk), {"criteria_scores": {"Charisma": 4}}, format="json")
    assert response.status_code == 400
    assert "criteria_scores" in response.json()["errors"]
    assert interviewer_client.put(draft_url(held_interview.pk), {"rating": 9}, format="json").status_code == 400


def test_a_draft_may_be_written_before_the_interview_but_not_when_it_is_cancelled(interviewer, round_type):
    later = InterviewFactory(interviewer=interviewer, round_type=round_type)
    services.feedback_draft_save(interview=later, interviewer=interviewer, data={"comments": "questions to ask"})
    later.status = InterviewStatus.CANCELLED
    later.save()
    with pytest.raises(Conflict):
        services.feedback_draft_save(interview=later, interviewer=interviewer, data={"comments": "more"})


def test_discarding_the_draft_removes_it(interviewer_client, interviewer, held_interview):
    services.feedback_draft_save(interview=held_interview, interviewer=interviewer, data={"rating": 3})
    assert interviewer_client.delete(draft_url(held_interview.pk)).status_code == 204
    assert interviewer_client.get(draft_url(held_interview.pk)).status_code == 404


# --- Submission ----------------------------------------------------------------------------------


def test_submitting_records_version_one_and_removes_the_draft(interviewer, held_interview):
    services.feedback_draft_save(interview=held_interview, interviewer=interviewer, data={"rating": 2})
    feedback = _submit(held_interview, interviewer)
    assert not FeedbackDraft.objects.exists()
    version = FeedbackVersion.objects.get()
    assert (version.number, version.rating, version.comments) == (1, 4, GOOD["comments"])
    assert version.submitted_at == feedback.submitted_at
    assert feedback.version == 1
    assert feedback.edited_at is None


def test_a_draft_cannot_be_saved_once_feedback_is_submitted(interviewer_client, interviewer, held_interview):
    _submit(held_interview, interviewer)
    response = interviewer_client.put(draft_url(held_interview.pk), {"rating": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "already_submitted"


# --- Edits ---------------------------------------------------------------------------------------


def test_the_author_edits_within_the_window_and_each_edit_is_a_version(
    interviewer_client, client_for, interviewer, held_interview
):
    feedback = _submit(held_interview, interviewer)
    with time_machine.travel(feedback.submitted_at + timedelta(hours=3)):
        # A token issued in the travelled-to time (the fixture's would have expired by then).
        response = client_for(interviewer).patch(
            feedback_url(held_interview.pk), {"rating": 2, "comments": "On reflection, weaker."}, format="json"
        )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["rating"], body["version"], body["recommendation"]) == (2, 2, "yes")  # untouched fields stay
    assert body["edited_at"] is not None
    interviewer_client.patch(feedback_url(held_interview.pk), {"recommendation": "no"}, format="json")
    versions = interviewer_client.get(versions_url(held_interview.pk)).json()["results"]
    assert [(v["number"], v["rating"], v["recommendation"]) for v in versions] == [
        (1, 4, "yes"),
        (2, 2, "yes"),
        (3, 2, "no"),
    ]
    assert all("private_notes" not in v for v in versions)


def test_an_edit_that_changes_nothing_adds_no_version(interviewer, held_interview):
    feedback = _submit(held_interview, interviewer)
    services.feedback_edit(feedback=feedback, editor=interviewer, data={"rating": GOOD["rating"]})
    assert FeedbackVersion.objects.count() == 1


def test_editing_after_24_hours_is_refused_naming_why(client_for, interviewer, held_interview):
    feedback = _submit(held_interview, interviewer)
    with time_machine.travel(feedback.submitted_at + FEEDBACK_EDIT_WINDOW + timedelta(seconds=1)):
        response = client_for(interviewer).patch(feedback_url(held_interview.pk), {"rating": 1}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "edit_window_closed"
    assert "24 hours" in body["detail"]
    feedback.refresh_from_db()
    assert (feedback.rating, feedback.version) == (4, 1)


def test_editing_just_inside_24_hours_is_allowed(interviewer, held_interview):
    feedback = _submit(held_interview, interviewer)
    with time_machine.travel(feedback.submitted_at + FEEDBACK_EDIT_WINDOW - timedelta(seconds=1)):
        edited = services.feedback_edit(feedback=feedback, editor=interviewer, data={"rating": 5})
    assert edited.version == 2


def test_only_the_author_may_edit(other_interviewer, admin, interviewer, held_interview, other_interviewer_client):
    feedback = _submit(held_interview, interviewer)
    with pytest.raises(Forbidden):
        services.feedback_edit(feedback=feedback, editor=other_interviewer, data={"rating": 1})
    with pytest.raises(Forbidden):
        services.feedback_edit(feedback=feedback, editor=admin, data={"rating": 1})
    assert (
        other_interviewer_client.patch(feedback_url(held_interview.pk), {"rating": 1}, format="json").status_code == 404
    )


def test_an_edit_is_checked_like_a_submission(interviewer, held_interview):
    feedback = _submit(held_interview, interviewer)
    with pytest.raises(Invalid) as caught:
        services.feedback_edit(feedback=feedback, editor=interviewer, data={"comments": "   "})
    assert caught.value.field == "comments"


def test_admins_read_every_version_with_its_private_notes(admin_client, interviewer, held_interview):
    feedback = _submit(held_interview, interviewer)
    services.feedback_edit(feedback=feedback, editor=interviewer, data={"private_notes": "Changed my mind."})
    versions = admin_client.get(versions_url(held_interview.pk)).json()["results"]
    assert [v["private_notes"] for v in versions] == [GOOD["private_notes"], "Changed my mind."]


def test_an_edit_keeps_the_first_submission_time_for_the_reports_and_notifies_nobody(interviewer, held_interview):
    feedback = _submit(held_interview, interviewer)
    fact_before = InterviewFact.objects.get(interview_id=held_interview.pk)
    notifications_before = Notification.objects.count()
    with time_machine.travel(feedback.submitted_at + timedelta(hours=2)):
        services.feedback_edit(feedback=feedback, editor=interviewer, data={"rating": 1})
    feedback.refresh_from_db()
    assert feedback.submitted_at == fact_before.feedback_at
    assert InterviewFact.objects.get(interview_id=held_interview.pk).feedback_at == fact_before.feedback_at
    assert Notification.objects.count() == notifications_before
