from io import StringIO

from django.core.management import call_command

from ims.accounts.models import User
from ims.accounts.tests.helpers import login


def test_createsuperuser_noinput_creates_an_admin_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Boss@Example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long boss passphrase 99")
    call_command("createsuperuser", "--noinput", stdout=StringIO())
    user = User.objects.get()
    assert user.email == "boss@example.com"
    assert user.role == "admin"
    assert user.is_superuser and user.is_staff and user.is_active
    assert login("boss@example.com", "a long boss passphrase 99").status_code == 200


def test_a_superuser_can_use_the_admin_api(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long boss passphrase 99")
    call_command("createsuperuser", "--noinput", "--email", "root@example.com", stdout=StringIO())
    from ims.accounts.tests.helpers import bearer, tokens

    client = bearer(tokens("root@example.com", "a long boss passphrase 99")["access"])
    assert client.get("/api/users/").status_code == 200


def test_create_superuser_always_makes_an_admin(db):
    user = User.objects.create_superuser("x@example.com", "pw-irrelevant-here", role="candidate")
    assert user.role == "admin"
