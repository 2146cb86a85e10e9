"""Every update service of the interviews app names only the fields it may change: a field it does not know is
refused before anything is written, and the error names the first such field."""

import pytest

from ims.core.exceptions import Invalid
from ims.interviews import services
from ims.interviews.models import FeedbackDraft, InterviewStatus
from tests.factories import FeedbackFactory, InterviewFactory, RoundTypeFactory

UNKNOWN = {"owner": 1, "created_at": "2030-01-01"}


def _assert_refused(call, **kwargs):
    with pytest.raises(Invalid) as refused:
        call(**kwargs)
    assert refused.value.detail == "Unknown field(s): created_at, owner."
    assert refused.value.field == "created_at"


def test_a_round_type_update_with_unknown_fields_is_refused_and_changes_nothing(db):
    round_type = RoundTypeFactory(name="Technical")
    _assert_refused(services.round_type_update, round_type=round_type, data={"name": "Renamed", **UNKNOWN})
    round_type.refresh_from_db()
    assert round_type.name == "Technical"


def test_an_interview_update_with_unknown_fields_is_refused_and_changes_nothing(admin):
    interview = InterviewFactory(location="Room 1")
    _assert_refused(services.interview_update, interview=interview, data={"location": "Room 2", **UNKNOWN}, actor=admin)
    interview.refresh_from_db()
    assert interview.location == "Room 1"


def test_a_draft_with_unknown_fields_is_refused(interviewer):
    interview = InterviewFactory(interviewer=interviewer)
    data = {"rating": 3, **UNKNOWN}
    _assert_refused(services.feedback_draft_save, interview=interview, interviewer=interviewer, data=data)
    assert not FeedbackDraft.objects.filter(interview=interview).exists()


def test_a_feedback_edit_with_unknown_fields_is_refused_and_changes_nothing(interviewer):
    feedback = FeedbackFactory(
        interview__interviewer=interviewer, interview__status=InterviewStatus.COMPLETED, rating=4
    )
    _assert_refused(services.feedback_edit, feedback=feedback, editor=interviewer, data={"rating": 2, **UNKNOWN})
    feedback.refresh_from_db()
    assert feedback.rating == 4
