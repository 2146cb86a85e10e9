"""The pipeline's rules for one move hold whichever path moves the application: a single move (the API, the
admin) and a board's batch. Only an admin re-opens a rejected application, re-opening needs a note, rejecting
needs a reason, and a status the pipeline does not know is refused; a refused move changes nothing."""

import pytest

from ims.core.exceptions import Forbidden, Invalid
from ims.jobs.models import Application, ApplicationEvent
from ims.jobs.services import application_transition, applications_bulk_transition
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _single(application, **kwargs):
    return application_transition(application=application, **kwargs)


def _batch(application, **kwargs):
    return applications_bulk_transition(job=application.job, application_ids=[application.pk], **kwargs)


PATHS = pytest.mark.parametrize("move", [_single, _batch], ids=["single move", "board batch"])


def _unchanged(application, status):
    assert Application.objects.get(pk=application.pk).status == status
    assert not ApplicationEvent.objects.filter(application=application).exists()


@PATHS
def test_an_interviewer_cannot_reopen_a_rejected_application(move, interviewer):
    application = ApplicationFactory(status="rejected")

    with pytest.raises(Forbidden):
        move(application, to_status="screening", actor=interviewer, note="Worth a second look.")

    _unchanged(application, "rejected")


@PATHS
def test_an_admin_reopens_a_rejected_application_with_a_note(move, admin):
    application = ApplicationFactory(status="rejected")

    move(application, to_status="screening", actor=admin, note="Worth a second look.")

    assert Application.objects.get(pk=application.pk).status == "screening"
    assert ApplicationEvent.objects.get(application=application).note == "Worth a second look."


REFUSALS = pytest.mark.parametrize(
    ("from_status", "to_status", "field"),
    [("rejected", "screening", "note"), ("screening", "rejected", "reason"), ("applied", "hired", "status")],
    ids=["re-opening without a note", "rejecting without a reason", "an unknown status"],
)


@PATHS
@REFUSALS
def test_a_move_without_what_it_needs_is_refused_naming_the_field(move, admin, from_status, to_status, field):
    application = ApplicationFactory(status=from_status)

    with pytest.raises(Invalid) as refused:
        move(application, to_status=to_status, actor=admin)

    assert refused.value.field == field
    _unchanged(application, from_status)


def test_an_unknown_status_is_refused_with_the_statuses_there_are(admin):
    with pytest.raises(Invalid) as refused:
        _batch(ApplicationFactory(), to_status="hired", actor=admin)

    assert refused.value.detail == (
        "Status must be one of: applied, screening, interviewing, selected, rejected, withdrawn."
    )
