import pytest

from ims.interviews.models import ROUND_TYPE_GUIDANCE_MAX, RoundType
from tests.factories import InterviewFactory, RoundTypeFactory

URL = "/api/interview-rounds/"
pytestmark = pytest.mark.django_db


def test_admin_creates_a_round_type_with_criteria(admin_client):
    response = admin_client.post(
        URL,
        {"name": "Coding", "default_duration": 90, "criteria": ["Correctness", "Code quality"], "description": "Pair"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "Coding"
    assert body["default_duration"] == 90
    assert body["criteria"] == ["Correctness", "Code quality"]
    assert body["is_active"] is True


def test_round_type_duration_defaults_to_sixty_minutes(admin_client):
    response = admin_client.post(URL, {"name": "HR"})
    assert response.status_code == 201
    assert response.json()["default_duration"] == 60


def test_round_type_names_are_unique_ignoring_case(admin_client, round_type):
    response = admin_client.post(URL, {"name": "  technical "})
    assert response.status_code == 409
    assert "name" in response.json()["errors"]
    assert RoundType.objects.count() == 1


def test_renaming_a_round_type_onto_another_name_is_a_conflict(admin_client, round_type):
    other = RoundTypeFactory(name="HR")
    response = admin_client.patch(f"{URL}{other.pk}/", {"name": "TECHNICAL"})
    assert response.status_code == 409
    assert "name" in response.json()["errors"]


@pytest.mark.parametrize(
    "criteria",
    [[""], ["x" * 101], ["Same", "same"], [f"c{i}" for i in range(21)], "not a list"],
    ids=["empty", "too-long", "duplicate", "too-many", "not-a-list"],
)
def test_bad_criteria_are_refused_naming_criteria(admin_client, criteria):
    response = admin_client.post(URL, {"name": "Coding", "criteria": criteria}, format="json")
    assert response.status_code == 400
    assert "criteria" in response.json()["errors"]
    assert not RoundType.objects.exists()


@pytest.mark.parametrize("duration", [4, 481])
def test_default_duration_must_be_between_5_and_480_minutes(admin_client, duration):
    response = admin_client.post(URL, {"name": "Coding", "default_duration": duration})
    assert response.status_code == 400
    assert "default_duration" in response.json()["errors"]


def test_interviewer_may_list_round_types_but_not_create_them(interviewer_client, round_type):
    listing = interviewer_client.get(URL)
    assert listing.status_code == 200
    assert [row["name"] for row in listing.json()["results"]] == ["Technical"]
    assert interviewer_client.post(URL, {"name": "Coding"}).status_code == 403
    assert interviewer_client.patch(f"{URL}{round_type.pk}/", {"name": "X"}).status_code == 403
    assert interviewer_client.delete(f"{URL}{round_type.pk}/").status_code == 403


def test_candidate_cannot_see_round_types(candidate_client, round_type):
    assert candidate_client.get(URL).status_code == 403
    assert candidate_client.get(f"{URL}{round_type.pk}/").status_code == 403


def test_anonymous_users_must_log_in(anon_client):
    assert anon_client.get(URL).status_code == 401


def test_admin_replaces_a_round_type_with_put(admin_client, round_type):
    response = admin_client.put(
        f"{URL}{round_type.pk}/", {"name": "System design", "default_duration": 45, "criteria": ["Trade-offs"]}
    )
    assert response.status_code == 200
    round_type.refresh_from_db()
    assert (round_type.name, round_type.default_duration, round_type.criteria) == ("System design", 45, ["Trade-offs"])


def test_put_without_a_name_is_refused(admin_client, round_type):
    response = admin_client.put(f"{URL}{round_type.pk}/", {"default_duration": 45})
    assert response.status_code == 400
    assert "name" in response.json()["errors"]


def test_unused_round_type_can_be_deleted(admin_client, round_type):
    assert admin_client.delete(f"{URL}{round_type.pk}/").status_code == 204
    assert not RoundType.objects.exists()


def test_round_type_in_use_cannot_be_deleted_but_can_be_deactivated(admin_client, round_type):
    InterviewFactory(round_type=round_type)
    response = admin_client.delete(f"{URL}{round_type.pk}/")
    assert response.status_code == 409
    assert "deactivate" in response.json()["detail"]
    assert admin_client.patch(f"{URL}{round_type.pk}/", {"is_active": False}).status_code == 200
    round_type.refresh_from_db()
    assert round_type.is_active is False


def test_list_can_be_filtered_to_active_round_types(admin_client, round_type):
    RoundTypeFactory(name="Retired", is_active=False)
    response = admin_client.get(URL, {"is_active": "true"})
    assert [row["name"] for row in response.json()["results"]] == ["Technical"]


def test_unknown_round_type_is_404(admin_client):
    assert admin_client.get(f"{URL}999999/").status_code == 404


def test_admin_writes_and_edits_the_guidance_the_interview_kit_shows(admin_client):
    guidance = "Ask about a system they designed.\nGood: names trade-offs unprompted."
    created = admin_client.post(URL, {"name": "System design", "guidance": f"  {guidance}  "})
    assert created.status_code == 201, created.json()
    assert created.json()["guidance"] == guidance
    changed = admin_client.patch(f"{URL}{created.json()['id']}/", {"guidance": "Ask about scaling."})
    assert changed.status_code == 200, changed.json()
    assert RoundType.objects.get(pk=created.json()["id"]).guidance == "Ask about scaling."


def test_guidance_longer_than_the_limit_is_refused_naming_the_field(admin_client):
    response = admin_client.post(URL, {"name": "Long", "guidance": "x" * (ROUND_TYPE_GUIDANCE_MAX + 1)})
    assert response.status_code == 400
    assert "guidance" in response.json()["errors"]
    assert not RoundType.objects.filter(name="Long").exists()
