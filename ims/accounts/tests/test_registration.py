import pytest
from django.db import IntegrityError

from ims.accounts.models import User
from ims.accounts.tests.helpers import login

GOOD = {
    "email": "New.Person@Example.com",
    "password": "a strong enough passphrase 7",
    "first_name": "New",
    "last_name": "Person",
    "phone": "+14155550123",
    "timezone": "Europe/Berlin",
}
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


def test_anyone_can_register_as_a_candidate_and_then_log_in(anon_client, db):
    response = anon_client.post("/api/users/create", GOOD)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == FIELDS
    assert body["email"] == "new.person@example.com"
    assert body["role"] == "candidate"
    assert body["full_name"] == "New Person"
    assert body["timezone"] == "Europe/Berlin"
    assert login("new.person@example.com", GOOD["password"]).status_code == 200


def test_registration_works_with_a_trailing_slash_too(anon_client, db):
    assert anon_client.post("/api/users/create/", GOOD).status_code == 201


def test_timezone_defaults_to_the_server_time_zone(anon_client, db, settings):
    response = anon_client.post("/api/users/create", {"email": "a@example.com", "password": GOOD["password"]})
    assert response.status_code == 201
    assert response.json()["timezone"] == settings.TIME_ZONE


@pytest.mark.parametrize("role", ["admin", "interviewer"])
def test_anonymous_registration_asking_for_another_role_is_403_and_creates_nothing(anon_client, db, role):
    response = anon_client.post("/api/users/create", {**GOOD, "role": role})
    assert response.status_code == 403
    assert "role" in response.json()["errors"]
    assert not User.objects.exists()


@pytest.mark.parametrize("persona", ["interviewer", "candidate"])
@pytest.mark.parametrize("role", ["admin", "interviewer"])
def test_non_admins_cannot_create_privileged_users(request, persona, role):
    client = request.getfixturevalue(f"{persona}_client")
    response = client.post("/api/users/create", {**GOOD, "role": role})
    assert response.status_code == 403
    assert not User.objects.filter(email="new.person@example.com").exists()


@pytest.mark.parametrize("role", ["admin", "interviewer", "candidate"])
def test_an_admin_can_create_users_of_any_role(admin_client, role):
    response = admin_client.post("/api/users/create", {**GOOD, "role": role})
    assert response.status_code == 201
    assert User.objects.get(email="new.person@example.com").role == role


def test_an_invalid_token_on_registration_counts_as_anonymous(anon_client, db):
    anon_client.credentials(HTTP_AUTHORIZATION="Bearer broken")
    assert anon_client.post("/api/users/create", {**GOOD, "role": "admin"}).status_code == 403
    assert anon_client.post("/api/users/create", GOOD).json()["role"] == "candidate"


@pytest.mark.parametrize("client_name", ["anon_client", "admin_client"])
def test_privilege_flags_in_the_registration_payload_are_never_applied(request, db, client_name):
    client = request.getfixturevalue(client_name)
    payload = {**GOOD, "is_staff": True, "is_superuser": True, "is_active": False, "token_version": 9}
    response = client.post("/api/users/create", payload)
    assert response.status_code == 201
    user = User.objects.get(email="new.person@example.com")
    assert (user.is_superuser, user.is_active, user.is_staff, user.token_version) == (False, True, False, 0)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-email"),
        ("email", ""),
        ("password", "short"),
        ("password", "12345678901"),
        ("password", "password123"),
        ("password", "new.person@example.com"),
        ("phone", "12"),
        ("phone", "call me"),
        ("timezone", "Mars/Olympus"),
        ("role", "superhero"),
        ("first_name", "x" * 151),
    ],
)
def test_bad_registration_input_is_a_400_naming_the_field_and_creates_nothing(anon_client, db, field, value):
    response = anon_client.post("/api/users/create", {**GOOD, field: value})
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not User.objects.exists()


@pytest.mark.parametrize("missing", ["email", "password"])
def test_email_and_password_are_required(anon_client, db, missing):
    payload = dict(GOOD)
    del payload[missing]
    response = anon_client.post("/api/users/create", payload)
    assert response.status_code == 400
    assert missing in response.json()["errors"]


def test_a_duplicate_email_in_any_case_is_refused_naming_email(anon_client, candidate):
    response = anon_client.post("/api/users/create", {**GOOD, "email": "CARA@EXAMPLE.COM"})
    assert response.status_code == 409
    assert "email" in response.json()["errors"]
    assert User.objects.filter(email__iexact="cara@example.com").count() == 1


def test_a_registration_losing_the_race_on_the_email_constraint_gets_a_clear_409(anon_client, db, monkeypatch):
    from ims.accounts import services

    original = User.save

    def racing_save(self, *args, **kwargs):
        if not self.pk:
            raise IntegrityError('duplicate key value violates unique constraint "user_email_ci_unique"')
        return original(self, *args, **kwargs)

    monkeypatch.setattr(User, "save", racing_save)
    monkeypatch.setattr(services, "user_check_email_free", lambda *, email, exclude_pk=None: None)
    response = anon_client.post("/api/users/create", GOOD)
    assert response.status_code == 409
    assert "email" in response.json()["errors"]


def test_the_password_is_never_returned(anon_client, db):
    body = anon_client.post("/api/users/create", GOOD).content.decode()
    assert GOOD["password"] not in body
    assert "password" not in body
    assert "argon2" not in body and "md5$" not in body


def test_registration_only_accepts_post(anon_client, db):
    response = anon_client.get("/api/users/create")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
