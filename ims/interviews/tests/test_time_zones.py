"""Times are instants: whatever offset they arrive with, they are stored and compared as the same moment."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from ims.interviews.models import Interview
from ims.interviews.tests.helpers import rounds_url, schedule_body
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def test_a_time_booked_in_india_is_stored_and_returned_as_the_same_instant(
    admin_client, application, round_type, interviewer
):
    response = admin_client.post(
        rounds_url(application.pk), schedule_body(round_type, interviewer, "2030-03-10T10:00:00+05:30")
    )
    assert response.status_code == 201, response.json()
    assert response.json()["scheduled_at"] in ("2030-03-10T04:30:00Z", "2030-03-10T04:30:00+00:00")
    assert response.json()["ends_at"] in ("2030-03-10T05:30:00Z", "2030-03-10T05:30:00+00:00")
    assert Interview.objects.get().scheduled_at == datetime(2030, 3, 10, 4, 30, tzinfo=UTC)
    detail = admin_client.get(f"/api/application-rounds/{response.json()['id']}/")
    assert detail.json()["scheduled_at"] == response.json()["scheduled_at"]


def test_z_suffix_is_accepted(admin_client, application, round_type, interviewer):
    response = admin_client.post(
        rounds_url(application.pk), schedule_body(round_type, interviewer, "2030-03-10T04:30:00Z")
    )
    assert response.status_code == 201
    assert Interview.objects.get().scheduled_at == datetime(2030, 3, 10, 4, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "other_start",
    ["2030-03-10T05:00:00+01:00", "2030-03-09T23:30:00-05:00", "2030-03-10T05:29:00Z"],
    ids=["starts-inside-from-paris", "same-instant-from-new-york", "last-minute-in-utc"],
)
def test_overlap_is_detected_across_offsets(admin_client, application, round_type, interviewer, other_start):
    admin_client.post(rounds_url(application.pk), schedule_body(round_type, interviewer, "2030-03-10T10:00:00+05:30"))
    other = ApplicationFactory()
    response = admin_client.post(rounds_url(other.pk), schedule_body(round_type, interviewer, other_start))
    assert response.status_code == 409, response.json()
    assert Interview.objects.count() == 1


def test_the_same_wall_clock_time_in_another_zone_does_not_overlap(admin_client, application, round_type, interviewer):
    admin_client.post(rounds_url(application.pk), schedule_body(round_type, interviewer, "2030-03-10T10:00:00+05:30"))
    other = ApplicationFactory()
    response = admin_client.post(rounds_url(other.pk), schedule_body(round_type, interviewer, "2030-03-10T10:00:00Z"))
    assert response.status_code == 201


def test_overlap_is_detected_across_the_berlin_spring_forward(admin_client, application, round_type, interviewer):
    # 2030-03-31 02:00 CET jumps to 03:00 CEST. 01:30 CET + 60 min ends at 03:30 CEST (01:30Z), not 02:30.
    first_start = datetime(2030, 3, 31, 1, 30, tzinfo=BERLIN)
    assert first_start.utcoffset().total_seconds() == 3600
    first = admin_client.post(rounds_url(application.pk), schedule_body(round_type, interviewer, first_start))
    assert first.json()["ends_at"] in ("2030-03-31T01:30:00Z", "2030-03-31T01:30:00+00:00")

    other = ApplicationFactory()
    clash = datetime(2030, 3, 31, 3, 0, tzinfo=BERLIN)  # 01:00Z, looks "after 02:30" on a naive wall clock
    assert clash.utcoffset().total_seconds() == 7200
    response = admin_client.post(rounds_url(other.pk), schedule_body(round_type, interviewer, clash))
    assert response.status_code == 409

    back_to_back = datetime(2030, 3, 31, 3, 30, tzinfo=BERLIN)  # 01:30Z, exactly when the first ends
    response = admin_client.post(rounds_url(other.pk), schedule_body(round_type, interviewer, back_to_back))
    assert response.status_code == 201, response.json()
