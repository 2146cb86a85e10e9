from django.test import Client

from ims.accounts.models import User


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_admin_role_user_can_open_the_django_admin_user_pages(admin, candidate):
    client = _logged_in(admin)
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get(f"/admin/accounts/user/{candidate.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/user/add/").status_code == 200


def test_a_non_admin_cannot_open_the_django_admin(candidate, interviewer):
    for user in (candidate, interviewer):
        response = _logged_in(user).get("/admin/accounts/user/")
        assert response.status_code == 302


def test_the_admin_add_form_creates_a_user_with_email_role_and_password(admin):
    response = _logged_in(admin).post(
        "/admin/accounts/user/add/",
        {
            "email": "Added@Example.com",
            "role": "interviewer",
            "first_name": "Ad",
            "last_name": "Ded",
            "usable_password": "true",
            "password1": "an admin chosen passphrase 1",
            "password2": "an admin chosen passphrase 1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="added@example.com")
    assert user.role == "interviewer"
    assert user.check_password("an admin chosen passphrase 1")


def test_the_admin_add_form_refuses_a_duplicate_email_in_any_case(admin, candidate):
    response = _logged_in(admin).post(
        "/admin/accounts/user/add/",
        {
            "email": "CARA@example.com",
            "role": "candidate",
            "usable_password": "true",
            "password1": "an admin chosen passphrase 1",
            "password2": "an admin chosen passphrase 1",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(email__iexact="cara@example.com").count() == 1


def test_setting_a_password_in_the_admin_revokes_the_users_tokens(admin, candidate, candidate_client):
    response = _logged_in(admin).post(
        f"/admin/accounts/user/{candidate.pk}/password/",
        {"password1": "reset by the admin 12345", "password2": "reset by the admin 12345", "usable_password": "true"},
    )
    assert response.status_code == 302
    assert candidate_client.get("/api/users/me/").status_code == 401


def _change_form(user, **changes) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": "",
        "timezone": "UTC",
        "role": user.role,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        **changes,
    }


def test_the_admin_change_form_refuses_another_users_email_in_any_case(admin, candidate, other_candidate):
    response = _logged_in(admin).post(
        f"/admin/accounts/user/{other_candidate.pk}/change/",
        _change_form(other_candidate, email=candidate.email.upper()),
    )

    assert response.status_code == 200
    assert "A user with this email already exists." in response.content.decode()
    other_candidate.refresh_from_db()
    assert other_candidate.email != candidate.email


def test_the_admin_change_form_keeps_the_users_own_email_normalised(admin, candidate):
    response = _logged_in(admin).post(
        f"/admin/accounts/user/{candidate.pk}/change/",
        _change_form(candidate, email=candidate.email.upper(), first_name="Carla"),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    candidate.refresh_from_db()
    assert candidate.first_name == "Carla"
    assert candidate.email == candidate.email.lower()
