"""Interviews follow their application through the pipeline."""

import pytest

from ims.interviews.models import InterviewStatus
from ims.jobs.models import ApplicationStatus
from ims.jobs.services import application_transition
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("to_status", "reason"),
    [
        (ApplicationStatus.WITHDRAWN, ""),
        (ApplicationStatus.REJECTED, "failed_interview"),
        (ApplicationStatus.SELECTED, ""),
    ],
)
def test_leaving_the_pipeline_cancels_scheduled_interviews_and_keeps_the_rest(admin, candidate, to_status, reason):
    scheduled = InterviewFactory(application__candidate=candidate)
    application = scheduled.application
    completed = InterviewFactory(application=application, status=InterviewStatus.COMPLETED)
    application_transition(application=application, to_status=to_status, actor=admin, reason=reason)
    scheduled.refresh_from_db()
    completed.refresh_from_db()
    assert (scheduled.status, scheduled.sequence) == (InterviewStatus.CANCELLED, 1)
    assert completed.status == InterviewStatus.COMPLETED


def test_withdrawn_application_interviews_disappear_from_upcoming(admin_client, admin, candidate):
    interview = InterviewFactory(application__candidate=candidate)
    application_transition(application=interview.application, to_status=ApplicationStatus.WITHDRAWN, actor=candidate)
    assert admin_client.get("/api/interviews/upcoming/").json()["count"] == 0
    assert admin_client.get(f"/api/application-rounds/{interview.pk}/").json()["status"] == "cancelled"


def test_an_interviewing_application_stays_interviewing_when_another_round_is_booked(
    admin_client, round_type, interviewer
):
    from ims.interviews.tests.helpers import days_ahead, rounds_url, schedule_body

    interview = InterviewFactory()
    application = interview.application
    response = admin_client.post(rounds_url(application.pk), schedule_body(round_type, interviewer, days_ahead(10)))
    assert response.status_code == 201
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEWING
