"""The note on a move along the pipeline (a status change, a selection, a withdrawal) is optional, may span lines,
and is at most NOTE_MAX characters on every one of them: a longer one is a 400 naming ``note`` and moves nothing."""

import pytest

from ims.jobs.models import NOTE_MAX, ApplicationEvent
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

MOVES = [
    ("admin_client", "patch", "", {"status": "interviewing"}, "interviewing"),
    ("admin_client", "post", "select/", {}, "selected"),
    ("candidate_client", "post", "withdraw/", {}, "withdrawn"),
]


@pytest.mark.parametrize(("client", "method", "path", "body", "to_status"), MOVES)
def test_a_note_over_the_limit_is_refused_on_every_move(request, candidate, client, method, path, body, to_status):
    application = ApplicationFactory(candidate=candidate, status="screening")
    send = getattr(request.getfixturevalue(client), method)

    response = send(f"/api/applications/{application.pk}/{path}", {**body, "note": "x" * (NOTE_MAX + 1)}, format="json")

    assert response.status_code == 400
    assert "note" in response.json()["errors"]
    application.refresh_from_db()
    assert application.status == "screening"


@pytest.mark.parametrize(("client", "method", "path", "body", "to_status"), MOVES)
def test_a_note_at_the_limit_over_several_lines_is_kept_on_every_move(
    request, candidate, client, method, path, body, to_status
):
    application = ApplicationFactory(candidate=candidate, status="screening")
    send = getattr(request.getfixturevalue(client), method)
    note = ("Spoke with the team.\n" * NOTE_MAX)[:NOTE_MAX]

    response = send(f"/api/applications/{application.pk}/{path}", {**body, "note": note}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == to_status
    assert ApplicationEvent.objects.get(application=application, to_status=to_status).note == note
