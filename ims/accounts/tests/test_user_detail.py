import pytest

from ims.accounts.models import User
from ims.accounts.tests.helpers import bearer, login, refresh, tokens

PROFILE = {
    "email": "cara.new@example.com",
    "first_name": "C",
    "last_name": "New",
    "phone": "+442071838750",
    "timezone": "Europe/London",
    "role": "candidate",
}


def test_an_admin_reads_any_user(admin_client, candidate):
    response = admin_client.get(f"/api/users/{candidate.pk}/")
    assert response.status_code == 200
    assert response.json()["email"] == "cara@example.com"
    assert "password" not in response.json()


def test_detail_answers_without_a_trailing_slash(admin_client, candidate):
    assert admin_client.get(f"/api/users/{candidate.pk}").status_code == 200


def test_an_unknown_user_is_a_json_404(admin_client):
    response = admin_client.get("/api/users/999999/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("persona", ["interviewer", "candidate"])
@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_non_admins_cannot_touch_the_user_detail(request, persona, method, other_candidate):
    client = request.getfixturevalue(f"{persona}_client")
    response = getattr(client, method)(f"/api/users/{other_candidate.pk}/", {"first_name": "Hacked"})
    assert response.status_code == 403
    other_candidate.refresh_from_db()
    assert other_candidate.first_name == "Otto" and other_candidate.is_active


@pytest.mark.parametrize("persona", ["interviewer", "candidate"])
def test_non_admins_cannot_read_even_their_own_detail_url(request, persona):
    user = request.getfixturevalue(persona)
    assert request.getfixturevalue(f"{persona}_client").get(f"/api/users/{user.pk}/").status_code == 403


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_anonymous_cannot_touch_the_user_detail(anon_client, candidate, method):
    assert getattr(anon_client, method)(f"/api/users/{candidate.pk}/").status_code == 401


def test_an_admin_replaces_a_profile_with_put(admin_client, candidate):
    response = admin_client.put(f"/api/users/{candidate.pk}/", PROFILE)
    assert response.status_code == 200, response.json()
    candidate.refresh_from_db()
    assert (candidate.email, candidate.last_name, candidate.phone, candidate.timezone) == (
        "cara.new@example.com",
        "New",
        "+442071838750",
        "Europe/London",
    )


def test_put_without_the_required_fields_is_a_400_naming_them(admin_client, candidate):
    response = admin_client.put(f"/api/users/{candidate.pk}/", {"first_name": "X"})
    assert response.status_code == 400
    assert {"email", "role"} <= set(response.json()["errors"])


def test_an_admin_patches_one_field(admin_client, candidate):
    response = admin_client.patch(f"/api/users/{candidate.pk}", {"first_name": "Carla"})
    assert response.status_code == 200
    assert response.json()["first_name"] == "Carla"
    assert response.json()["full_name"] == "Carla Candidate"


def test_an_admin_can_change_a_role_and_it_takes_effect_on_the_next_request(admin_client, candidate, candidate_client):
    assert candidate_client.get("/api/users/").status_code == 403
    response = admin_client.patch(f"/api/users/{candidate.pk}/", {"role": "admin"})
    assert response.status_code == 200
    # Same access token as before; the role is read from the database on every request.
    assert candidate_client.get("/api/users/").status_code == 200
    admin_client.patch(f"/api/users/{candidate.pk}/", {"role": "candidate"})
    assert candidate_client.get("/api/users/").status_code == 403


def test_an_admin_cannot_change_their_own_role(admin, admin_client):
    response = admin_client.patch(f"/api/users/{admin.pk}/", {"role": "candidate"})
    assert response.status_code == 409
    assert "role" in response.json()["errors"]
    admin.refresh_from_db()
    assert admin.role == "admin"


def test_changing_an_email_to_one_taken_in_any_case_is_refused_naming_email(admin_client, candidate, other_candidate):
    response = admin_client.patch(f"/api/users/{candidate.pk}/", {"email": "OTTO@example.com"})
    assert response.status_code == 409
    assert "email" in response.json()["errors"]


def test_changing_an_email_stores_it_lowercased_and_the_user_logs_in_with_it(admin_client, candidate):
    admin_client.patch(f"/api/users/{candidate.pk}/", {"email": "Cara.Two@Example.com"})
    candidate.refresh_from_db()
    assert candidate.email == "cara.two@example.com"
    assert login("cara.two@example.com").status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "nope"), ("phone", "123"), ("timezone", "Nowhere/City"), ("role", "owner"), ("last_name", "y" * 151)],
)
def test_bad_update_input_is_a_400_naming_the_field(admin_client, candidate, field, value):
    response = admin_client.patch(f"/api/users/{candidate.pk}/", {field: value})
    assert response.status_code == 400
    assert field in response.json()["errors"]
    candidate.refresh_from_db()
    assert candidate.role == "candidate" and candidate.email == "cara@example.com"


@pytest.mark.parametrize("method", ["put", "patch"])
def test_privilege_flags_in_an_admin_update_are_never_applied(admin_client, candidate, method):
    payload = {
        **PROFILE,
        "is_staff": True,
        "is_superuser": True,
        "is_active": False,
        "password": "x",
        "token_version": 5,
    }
    response = getattr(admin_client, method)(f"/api/users/{candidate.pk}/", payload)
    assert response.status_code == 200
    candidate.refresh_from_db()
    assert (candidate.is_superuser, candidate.is_active, candidate.is_staff, candidate.token_version) == (
        False,
        True,
        False,
        0,
    )
    assert candidate.check_password("correct horse battery staple 42")


def test_deleting_a_user_deactivates_them_and_keeps_the_row(admin_client, candidate):
    response = admin_client.delete(f"/api/users/{candidate.pk}/")
    assert response.status_code == 204
    candidate.refresh_from_db()
    assert candidate.is_active is False
    assert admin_client.get(f"/api/users/{candidate.pk}/").json()["is_active"] is False


def test_deactivation_stops_every_token_at_once_and_blocks_login_and_refresh(admin_client, candidate):
    pair = tokens("cara@example.com")
    client = bearer(pair["access"])
    assert client.get("/api/users/me/").status_code == 200
    assert admin_client.delete(f"/api/users/{candidate.pk}").status_code == 204
    response = client.get("/api/users/me/")
    assert response.status_code == 401
    assert refresh(pair["refresh"]).status_code == 401
    assert login("cara@example.com").status_code == 401


def test_deactivating_twice_is_harmless(admin_client, candidate):
    admin_client.delete(f"/api/users/{candidate.pk}/")
    assert admin_client.delete(f"/api/users/{candidate.pk}/").status_code == 204


def test_an_admin_cannot_deactivate_themselves(admin, admin_client):
    response = admin_client.delete(f"/api/users/{admin.pk}/")
    assert response.status_code == 409
    assert "yourself" in response.json()["detail"] or "your own" in response.json()["detail"]
    admin.refresh_from_db()
    assert admin.is_active
    assert User.objects.get(pk=admin.pk).is_active


def test_a_deactivated_admin_loses_admin_access_immediately(admin_client, client_for):
    from tests.factories import AdminFactory

    other_admin = AdminFactory()
    other_client = client_for(other_admin)
    admin_client.delete(f"/api/users/{other_admin.pk}/")
    assert other_client.get("/api/users/").status_code == 401


def test_the_detail_does_not_accept_post(admin_client, candidate):
    response = admin_client.post(f"/api/users/{candidate.pk}/", {})
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
