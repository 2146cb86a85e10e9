import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ims.notifications.models import NotificationStatus
from tests import factories

LIST = "/api/notifications/"


def test_a_candidate_lists_only_their_own_notifications(candidate_client, candidate, other_candidate):
    mine = factories.NotificationFactory(recipient=candidate, subject="Yours", last_error="boom")
    factories.NotificationFactory(recipient=other_candidate, subject="Not yours")

    response = candidate_client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["results"]
    assert item == {
        "id": mine.pk,
        "recipient": {"id": candidate.pk, "email": candidate.email},
        "kind": "application_received",
        "subject": "Yours",
        "status": "queued",
        "attempts": 0,
        "created_at": item["created_at"],
        "sent_at": None,
    }
    assert "last_error" not in item
    assert "body_text" not in item


def test_an_interviewer_lists_only_their_own_notifications(interviewer_client, interviewer, candidate):
    factories.NotificationFactory(recipient=interviewer)
    factories.NotificationFactory(recipient=candidate)

    response = interviewer_client.get("/api/notifications")

    assert response.status_code == 200
    assert [item["recipient"]["id"] for item in response.json()["results"]] == [interviewer.pk]


def test_an_admin_lists_everyones_notifications_with_errors(admin_client, candidate, interviewer):
    factories.NotificationFactory(recipient=candidate, status=NotificationStatus.FAILED, last_error="SMTP 550")
    factories.NotificationFactory(recipient=interviewer)

    response = admin_client.get(LIST)

    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 2
    assert {item["last_error"] for item in results} == {"SMTP 550", ""}


def test_an_admin_filters_by_status_kind_and_recipient(admin_client, candidate, interviewer):
    failed = factories.NotificationFactory(recipient=candidate, status=NotificationStatus.FAILED)
    reminder = factories.NotificationFactory(recipient=interviewer, kind="interview_reminder")
    factories.NotificationFactory(recipient=candidate, status=NotificationStatus.SENT)

    def ids(query):
        response = admin_client.get(LIST + query)
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["results"]]

    assert ids("?status=failed") == [failed.pk]
    assert ids("?kind=interview_reminder") == [reminder.pk]
    assert ids(f"?recipient={interviewer.pk}") == [reminder.pk]
    assert len(ids(f"?recipient={candidate.pk}")) == 2


def test_an_unknown_status_filter_is_a_400_naming_the_parameter(admin_client):
    response = admin_client.get(LIST + "?status=lost")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "status" in response.json()["errors"]


def test_a_candidate_cannot_see_others_notifications_by_filtering_on_recipient(candidate_client, other_candidate):
    factories.NotificationFactory(recipient=other_candidate)

    response = candidate_client.get(f"{LIST}?recipient={other_candidate.pk}")

    assert response.json()["count"] == 0


def test_the_detail_shows_the_text_body_of_ones_own_notification(candidate_client, candidate):
    notification = factories.NotificationFactory(recipient=candidate, body_text="Thanks for applying.")

    response = candidate_client.get(f"{LIST}{notification.pk}/")

    assert response.status_code == 200
    assert response.json()["body_text"] == "Thanks for applying."
    assert response.json()["id"] == notification.pk
    assert "last_error" not in response.json()
    assert candidate_client.get(f"/api/notifications/{notification.pk}").status_code == 200


def test_another_persons_notification_is_not_found(candidate_client, other_candidate):
    notification = factories.NotificationFactory(recipient=other_candidate)

    response = candidate_client.get(f"{LIST}{notification.pk}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_admin_sees_any_notifications_detail_with_its_error(admin_client, candidate):
    notification = factories.NotificationFactory(recipient=candidate, last_error="SMTP 550")

    response = admin_client.get(f"{LIST}{notification.pk}/")

    assert response.status_code == 200
    assert response.json()["last_error"] == "SMTP 550"


@pytest.mark.parametrize("url", [LIST, f"{LIST}1/"])
def test_anonymous_visitors_get_401(anon_client, url, db):
    response = anon_client.get(url)

    assert response.status_code == 401


def test_notifications_cannot_be_written_through_the_api(admin_client):
    assert admin_client.post(LIST, {"subject": "x"}).status_code == 405


def test_listing_takes_the_same_number_of_queries_for_1_and_50_notifications(admin_client, candidate):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(LIST + "?page_size=100")
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    factories.NotificationFactory(recipient=candidate)
    one, count = count_queries()
    assert count == 1
    for _ in range(49):
        factories.NotificationFactory(recipient=factories.CandidateFactory())
    fifty, count = count_queries()
    assert count == 50
    assert fifty == one


def test_notifications_are_in_the_openapi_schema(admin_client):
    response = admin_client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/notifications/" in text
    assert "/api/notifications/{id}/" in text
