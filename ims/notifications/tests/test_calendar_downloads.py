""" "Add to calendar" on the candidate's page and in the interviewer's kit: the interview's invite as it stands
now (a cancelled interview's is a CANCEL, so importing it removes the event), as a private download named for
the interview. The candidate's copy names the interviewer but carries no address of theirs (issue 14)."""

import pytest

from ims.interviews.models import InterviewStatus
from ims.ui.tests.helpers import page_client
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(candidate, interviewer):
    return factories.InterviewFactory(
        application=factories.ApplicationFactory(candidate=candidate, status="interviewing"), interviewer=interviewer
    )


def _candidates_download(candidate, interview):
    url = f"/app/applications/{interview.application_id}/interviews/{interview.pk}/calendar.ics"
    return page_client(candidate).get(url)


def _kit_download(interviewer, interview):
    return page_client(interviewer).get(f"/app/interviews/{interview.pk}/calendar.ics")


def _assert_download(response, interview, method):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    assert response["Content-Disposition"] == f'attachment; filename="interview-{interview.pk}.ics"'
    assert response["Cache-Control"] == "private, no-store"
    assert f"METHOD:{method}" in response.content.decode()


def test_the_candidate_downloads_a_scheduled_interview_as_a_request_without_the_interviewers_address(
    candidate, interviewer, interview
):
    response = _candidates_download(candidate, interview)

    _assert_download(response, interview, "REQUEST")
    assert interviewer.email not in response.content.decode()


def test_the_candidate_downloads_a_cancelled_interview_as_a_cancel(candidate, interview):
    interview.status = InterviewStatus.CANCELLED
    interview.save(update_fields=["status"])

    _assert_download(_candidates_download(candidate, interview), interview, "CANCEL")


def test_the_interviewer_downloads_a_scheduled_interview_from_the_kit_as_a_request(interviewer, interview):
    response = _kit_download(interviewer, interview)

    _assert_download(response, interview, "REQUEST")
    assert interviewer.email in response.content.decode()


def test_the_interviewer_downloads_a_cancelled_interview_from_the_kit_as_a_cancel(interviewer, interview):
    interview.status = InterviewStatus.CANCELLED
    interview.save(update_fields=["status"])

    _assert_download(_kit_download(interviewer, interview), interview, "CANCEL")
