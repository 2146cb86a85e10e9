"""Two recruiters submit overlapping slots for the same interviewer at the same moment from the schedule page:
one interview is booked, the other recruiter gets the page back with the inline refusal naming it."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from ims.interviews.models import Interview
from ims.ui.tests.helpers import page_client
from tests.factories import AdminFactory, ApplicationFactory, InterviewerFactory, RoundTypeFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_recruiters_booking_overlapping_slots_one_wins_the_other_sees_the_inline_refusal():
    recruiters = [AdminFactory(timezone="UTC"), AdminFactory(timezone="UTC")]
    interviewer = InterviewerFactory(first_name="Ivan", last_name="Interviewer")
    round_type = RoundTypeFactory(name="Technical", default_duration=60)
    applications = [ApplicationFactory(status="screening"), ApplicationFactory(status="screening")]
    day = (timezone.now() + timedelta(days=5)).date()
    clients = [page_client(recruiter) for recruiter in recruiters]
    barrier = threading.Barrier(2)
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def book(client, application, clock):
        try:
            barrier.wait(timeout=10)
            response = client.post(
                f"/app/applications/{application.pk}/schedule/",
                {
                    "round_type": round_type.pk,
                    "interviewer": interviewer.pk,
                    "date": day.isoformat(),
                    "time": clock,
                    "location": "Room 1",
                },
            )
            with lock:
                results.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=book, args=(clients[0], applications[0], "10:00")),
        threading.Thread(target=book, args=(clients[1], applications[1], "10:30")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(status for status, _ in results) == [302, 409]
    [winner] = Interview.objects.all()
    [refused] = [html for status, html in results if status == 409]
    local = winner.scheduled_at.astimezone(ZoneInfo("UTC"))
    assert "This time overlaps with Technical at" in refused
    assert f"{local:%H:%M}\u2013{local + timedelta(hours=1):%H:%M} UTC" in refused
    assert "the interviewer Ivan Interviewer" in refused
    assert winner.scheduled_at in {
        datetime.combine(day, datetime.min.time().replace(hour=10), tzinfo=ZoneInfo("UTC")),
        datetime.combine(day, datetime.min.time().replace(hour=10, minute=30), tzinfo=ZoneInfo("UTC")),
    }
