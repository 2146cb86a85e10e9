"""``access_interview``, ``access_round_type`` and ``access_feedback``: the row a person may see, or Http404.
One test per persona."""

import pytest
from django.http import Http404

from ims.interviews.selectors import access_feedback, access_interview, access_round_type
from tests.factories import FeedbackFactory, InterviewFactory, RoundTypeFactory

pytestmark = pytest.mark.django_db


# --- access_interview ----------------------------------------------------------------------------


def test_an_admin_gets_any_interview_with_what_its_page_shows(admin, django_assert_num_queries):
    interview = InterviewFactory()

    with django_assert_num_queries(1):
        found = access_interview(user=admin, pk=interview.pk)
        shown = (found.application.job.title, found.candidate.email, found.round_type.name, found.interviewer.email)

    assert found == interview
    assert shown[0] == interview.application.job.title
    assert found.feedback_submitted is False


def test_an_interviewer_gets_an_interview_they_conduct(interviewer):
    interview = InterviewFactory(interviewer=interviewer)

    assert access_interview(user=interviewer, pk=interview.pk) == interview


def test_another_interviewer_does_not_get_it(interviewer, other_interviewer):
    interview = InterviewFactory(interviewer=interviewer)

    with pytest.raises(Http404):
        access_interview(user=other_interviewer, pk=interview.pk)


def test_a_candidate_gets_their_own_interview(candidate):
    interview = InterviewFactory(application__candidate=candidate)

    assert access_interview(user=candidate, pk=interview.pk) == interview


def test_another_candidate_does_not_get_it(candidate, other_candidate):
    interview = InterviewFactory(application__candidate=candidate)

    with pytest.raises(Http404):
        access_interview(user=other_candidate, pk=interview.pk)


# --- access_round_type ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin", "interviewer"])
def test_staff_get_any_round_type_active_or_not(request, persona):
    round_type = RoundTypeFactory(is_active=False)

    assert access_round_type(user=request.getfixturevalue(persona), pk=round_type.pk) == round_type


def test_a_candidate_gets_no_round_type(candidate):
    round_type = RoundTypeFactory()

    with pytest.raises(Http404):
        access_round_type(user=candidate, pk=round_type.pk)


def test_a_round_type_that_does_not_exist_is_not_found(admin):
    with pytest.raises(Http404):
        access_round_type(user=admin, pk=987654)


# --- access_feedback (by interview) --------------------------------------------------------------


def test_an_admin_gets_the_feedback_on_any_interview(admin, django_assert_num_queries):
    feedback = FeedbackFactory()

    with django_assert_num_queries(1):
        found = access_feedback(user=admin, pk=feedback.interview_id)
        shown = (found.interviewer.email, found.interview.round_type.name)

    assert found == feedback
    assert shown == (feedback.interviewer.email, feedback.interview.round_type.name)


def test_an_interviewer_gets_the_feedback_they_wrote(interviewer):
    feedback = FeedbackFactory(interview__interviewer=interviewer)

    assert access_feedback(user=interviewer, pk=feedback.interview_id) == feedback


def test_another_interviewer_does_not_get_the_feedback(interviewer, other_interviewer):
    feedback = FeedbackFactory(interview__interviewer=interviewer)

    with pytest.raises(Http404):
        access_feedback(user=other_interviewer, pk=feedback.interview_id)


def test_a_candidate_does_not_get_the_feedback_on_their_own_interview_here(candidate):
    feedback = FeedbackFactory(interview__application__candidate=candidate)

    with pytest.raises(Http404):
        access_feedback(user=candidate, pk=feedback.interview_id)


def test_an_interview_without_feedback_has_none_to_get(admin, interviewer):
    interview = InterviewFactory(interviewer=interviewer)

    for user in (admin, interviewer):
        with pytest.raises(Http404):
            access_feedback(user=user, pk=interview.pk)


def test_an_id_past_64_bits_is_not_found_rather_than_an_error(admin):
    with pytest.raises(Http404):
        access_feedback(user=admin, pk=2**64)
