"""A scorecard's recommendation is one of the choices on every path that writes one (submitting, a draft, an
edit), however the service is called: anything else is refused naming ``recommendation``, and nothing is
written."""

import pytest

from ims.core.exceptions import Invalid
from ims.interviews import services
from ims.interviews.models import Feedback, FeedbackDraft, InterviewStatus
from tests.factories import FeedbackFactory, InterviewFactory

MESSAGE = "Recommendation must be one of: definitely_not, no, yes, strong_yes, no_decision."
HIRE = {"recommendation": "hire"}


def _assert_refused(call, **kwargs):
    with pytest.raises(Invalid) as refused:
        call(**kwargs)
    assert (refused.value.field, refused.value.detail) == ("recommendation", MESSAGE)


def test_submitting_with_an_unknown_recommendation_is_refused(interviewer):
    interview = InterviewFactory(interviewer=interviewer)
    scorecard = {"rating": 4, "comments": "Solid.", **HIRE}
    _assert_refused(services.feedback_submit, interview=interview, interviewer=interviewer, **scorecard)
    assert not Feedback.objects.exists()


def test_a_draft_with_an_unknown_recommendation_is_refused(interviewer):
    _assert_refused(
        services.feedback_draft_save,
        interview=InterviewFactory(interviewer=interviewer),
        interviewer=interviewer,
        data=HIRE,
    )
    assert not FeedbackDraft.objects.exists()


def test_an_edit_with_an_unknown_recommendation_is_refused(interviewer):
    feedback = FeedbackFactory(interview__interviewer=interviewer, interview__status=InterviewStatus.COMPLETED)
    _assert_refused(services.feedback_edit, feedback=feedback, editor=interviewer, data=HIRE)
    feedback.refresh_from_db()
    assert feedback.recommendation == "no_decision"
