import pytest

FIELDS = {
    "id",
    "email",
    "first_name",
    "last_name",
    "full_name",
    "phone",
    "role",
    "timezone",
    "is_active",
    "date_joined",
}


@pytest.mark.parametrize("persona", ["admin", "interviewer", "candidate"])
def test_every_role_reads_their_own_profile(request, persona):
    user = request.getfixturevalue(persona)
    response = request.getfixturevalue(f"{persona}_client").get("/api/users/me/")
    assert response.status_code == 200
    assert set(response.json()) == FIELDS
    assert response.json()["id"] == user.pk
    assert response.json()["role"] == persona


def test_me_answers_without_a_trailing_slash(candidate_client):
    assert candidate_client.get("/api/users/me").status_code == 200


def test_me_is_not_mistaken_for_a_user_id(admin_client):
    assert admin_client.get("/api/users/me/").json()["email"] == "admin@example.com"


@pytest.mark.parametrize("method", ["get", "put", "patch"])
def test_anonymous_has_no_profile(anon_client, db, method):
    response = getattr(anon_client, method)("/api/users/me/", {})
    assert response.status_code == 401


@pytest.mark.parametrize("persona", ["admin", "interviewer", "candidate"])
@pytest.mark.parametrize("method", ["put", "patch"])
def test_every_role_updates_their_own_profile(request, persona, method):
    client = request.getfixturevalue(f"{persona}_client")
    payload = {"first_name": "Neo", "last_name": "Name", "phone": "+14155550123", "timezone": "Asia/Tokyo"}
    response = getattr(client, method)("/api/users/me/", payload)
    assert response.status_code == 200
    user = request.getfixturevalue(persona)
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.phone, user.timezone) == ("Neo", "Name", "+14155550123", "Asia/Tokyo")


@pytest.mark.parametrize("persona", ["admin", "interviewer", "candidate"])
@pytest.mark.parametrize("method", ["put", "patch"])
def test_role_email_and_privilege_flags_are_not_writable_on_me(request, persona, method):
    client = request.getfixturevalue(f"{persona}_client")
    user = request.getfixturevalue(persona)
    payload = {
        "role": "admin" if persona != "admin" else "candidate",
        "email": "sneaky@example.com",
        "is_active": False,
        "is_staff": True,
        "is_superuser": True,
        "token_version": 7,
        "password": "x",
        "first_name": "Still",
    }
    response = getattr(client, method)("/api/users/me", payload)
    assert response.status_code == 200
    assert response.json()["role"] == persona
    before_email = user.email
    user.refresh_from_db()
    assert (user.role, user.email, user.is_active, user.is_superuser, user.token_version) == (
        persona,
        before_email,
        True,
        False,
        0,
    )
    assert user.first_name == "Still"
    assert user.check_password("correct horse battery staple 42")


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "555"), ("timezone", "Atlantis/Capital"), ("first_name", "z" * 151)],
)
def test_bad_profile_input_is_a_400_naming_the_field(candidate, candidate_client, field, value):
    response = candidate_client.patch("/api/users/me/", {field: value})
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_clearing_the_phone_is_allowed(candidate, candidate_client):
    candidate_client.patch("/api/users/me/", {"phone": "+14155550123"})
    assert candidate_client.patch("/api/users/me/", {"phone": ""}).json()["phone"] == ""


def test_me_does_not_accept_delete(candidate_client):
    assert candidate_client.delete("/api/users/me/").status_code == 405
