"""/app/rounds/: recruiters keep the round types, their criteria and guidance, through the round_type services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ims.interviews.models import RoundType
from ims.ui.tests.helpers import page_client
from tests import factories

pytestmark = pytest.mark.django_db

NEW = {
    "name": "System design",
    "description": "Whiteboard a service.",
    "guidance": "Ask how it scales.\nGood: names the trade-offs.",
    "default_duration": "45",
    "criteria": "Trade-offs\n\nCommunication\n",
}


def test_an_admin_creates_a_round_type_with_criteria_and_guidance(admin):
    client = page_client(admin)
    assert client.get("/app/rounds/new/").status_code == 200

    response = client.post("/app/rounds/new/", NEW)

    assert response.status_code == 302 and response["Location"] == "/app/rounds/"
    round_type = RoundType.objects.get(name="System design")
    assert round_type.criteria == ["Trade-offs", "Communication"]
    assert round_type.guidance == "Ask how it scales.\nGood: names the trade-offs."
    assert round_type.default_duration == 45
    page = client.get("/app/rounds/").content.decode()
    assert "Round type “System design” created." in page
    assert "Trade-offs" in page and "Ask how it scales." in page


def test_a_duplicate_name_is_refused_next_to_the_name_and_nothing_typed_is_lost(admin):
    factories.RoundTypeFactory(name="Technical")
    response = page_client(admin).post("/app/rounds/new/", {**NEW, "name": "technical"})

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_name_error"' in body and "A round type named &#x27;technical&#x27; already exists." in body
    assert "Ask how it scales." in body
    assert not RoundType.objects.filter(name="technical").exists()


def test_repeated_criteria_are_the_services_error_on_the_criteria_field(admin):
    response = page_client(admin).post("/app/rounds/new/", {**NEW, "criteria": "Tests\ntests"})
    assert 'id="id_criteria_error"' in response.content.decode()
    assert "appears twice" in response.content.decode()


def test_an_admin_edits_a_round_type(admin):
    round_type = factories.RoundTypeFactory(name="HR", criteria=["Values"])
    client = page_client(admin)
    assert "Values" in client.get(f"/app/rounds/{round_type.pk}/edit/").content.decode()

    response = client.post(f"/app/rounds/{round_type.pk}/edit/", {**NEW, "name": "People fit"})

    assert response.status_code == 302
    round_type.refresh_from_db()
    assert (round_type.name, round_type.criteria) == ("People fit", ["Trade-offs", "Communication"])


def test_deactivating_and_reactivating_is_idempotent(admin):
    round_type = factories.RoundTypeFactory(name="HR")
    client = page_client(admin)
    url = f"/app/rounds/{round_type.pk}/active/"
    # Two admins clicking "Deactivate" at once: both land on the same state, no error.
    assert client.post(url, {"active": "0"}).status_code == 302
    assert client.post(url, {"active": "0"}).status_code == 302
    round_type.refresh_from_db()
    assert not round_type.is_active
    assert "Deactivated" in client.get("/app/rounds/").content.decode()
    client.post(url, {"active": "1"})
    round_type.refresh_from_db()
    assert round_type.is_active
    assert client.get(url).status_code == 405


def test_an_unused_round_type_is_deleted_after_a_confirmation(admin):
    round_type = factories.RoundTypeFactory(name="Aptitude")
    client = page_client(admin)
    assert b"Delete round type" in client.get(f"/app/rounds/{round_type.pk}/delete/").content

    response = client.post(f"/app/rounds/{round_type.pk}/delete/")

    assert response.status_code == 302
    assert not RoundType.objects.filter(pk=round_type.pk).exists()
    assert client.post(f"/app/rounds/{round_type.pk}/delete/").status_code == 404  # the second admin's click


def test_a_round_type_in_use_is_not_deleted_and_the_refusal_offers_deactivation(admin):
    interview = factories.InterviewFactory()
    round_type = interview.round_type
    client = page_client(admin)

    response = client.post(f"/app/rounds/{round_type.pk}/delete/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "is used by interviews and cannot be deleted" in body
    assert f'action="/app/rounds/{round_type.pk}/active/"' in body and "Deactivate instead" in body
    assert RoundType.objects.filter(pk=round_type.pk).exists()


def test_the_list_takes_the_same_queries_for_three_round_types_as_for_thirty(admin):
    client = page_client(admin)
    client.get("/app/rounds/")  # warm the session and the user

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/app/rounds/").status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        factories.InterviewFactory(round_type=factories.RoundTypeFactory(criteria=["A", "B"]))
    few = count()
    for _ in range(27):
        factories.InterviewFactory(round_type=factories.RoundTypeFactory(criteria=["A", "B"]))
    assert count() == few
