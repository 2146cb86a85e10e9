"""``access_job`` and ``access_application``: the row a person may see, or Http404 (the API's JSON 404, the
pages' HTML 404). One test per persona."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from ims.jobs.selectors import access_application, access_job, application_with_events
from tests.factories import ApplicationFactory, InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db


# --- access_job ----------------------------------------------------------------------------------


def test_an_admin_gets_any_job_with_its_application_count(admin):
    job = ApplicationFactory(job=JobFactory(is_open=False)).job

    found = access_job(user=admin, pk=job.pk)

    assert found == job
    assert found.application_count == 1


@pytest.mark.parametrize("persona", ["interviewer", "candidate"])
def test_everyone_signed_in_gets_a_job_open_or_closed_without_internal_counts(request, persona):
    job = JobFactory(is_open=False)

    found = access_job(user=request.getfixturevalue(persona), pk=job.pk)

    assert found == job
    assert not hasattr(found, "application_count")


def test_an_anonymous_visitor_gets_a_job_as_the_careers_page_shows_it(db):
    job = JobFactory()

    assert access_job(user=AnonymousUser(), pk=job.pk) == job


def test_a_job_that_does_not_exist_is_not_found_for_anyone(admin, candidate):
    for user in (admin, candidate, AnonymousUser()):
        with pytest.raises(Http404):
            access_job(user=user, pk=987654)


# --- access_application --------------------------------------------------------------------------


def test_an_admin_gets_any_application_with_its_job_and_candidate(admin, django_assert_num_queries):
    application = ApplicationFactory()

    with django_assert_num_queries(1):
        found = access_application(user=admin, pk=application.pk)
        assert (found.job.title, found.candidate.email) == (application.job.title, application.candidate.email)

    assert found == application


def test_a_candidate_gets_their_own_application(candidate):
    application = ApplicationFactory(candidate=candidate)

    assert access_application(user=candidate, pk=application.pk) == application


def test_another_candidate_does_not_get_it(candidate, other_candidate):
    application = ApplicationFactory(candidate=candidate)

    with pytest.raises(Http404):
        access_application(user=other_candidate, pk=application.pk)


def test_an_interviewer_gets_an_application_they_conduct_rounds_of_once_however_many(interviewer):
    first = InterviewFactory(interviewer=interviewer)
    InterviewFactory(interviewer=interviewer, application=first.application, candidate=first.candidate)

    assert access_application(user=interviewer, pk=first.application_id) == first.application


def test_another_interviewer_does_not_get_it(interviewer, other_interviewer):
    interview = InterviewFactory(interviewer=interviewer)

    with pytest.raises(Http404):
        access_application(user=other_interviewer, pk=interview.application_id)


def test_an_anonymous_visitor_gets_no_application(db):
    application = ApplicationFactory()

    with pytest.raises(Http404):
        access_application(user=AnonymousUser(), pk=application.pk)


def test_the_events_come_in_one_more_query_oldest_first(admin, django_assert_num_queries):
    application = ApplicationFactory()
    application.events.create(to_status="applied")
    application.events.create(from_status="applied", to_status="screening", actor=admin)

    with django_assert_num_queries(2):
        found = application_with_events(access_application(user=admin, pk=application.pk))
        moves = [(event.to_status, event.actor) for event in found.event_list]

    assert moves == [("applied", None), ("screening", admin)]
