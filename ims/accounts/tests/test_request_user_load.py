"""The user row the JWT authentication loads on every request (a precompiled SELECT, not the ORM)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ims.accounts.models import User
from ims.accounts.selectors import user_by_id


def test_user_by_id_loads_the_same_user_as_the_orm(candidate):
    candidate.set_password("Another-pass-2026")
    candidate.phone = "+49 30 1234567"
    candidate.save()
    loaded = user_by_id(candidate.pk)
    expected = User.objects.get(pk=candidate.pk)
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert loaded.date_joined.tzinfo is not None
    assert loaded.is_active is True
    assert loaded._state.adding is False  # noqa: SLF001 - the hand-built user must look loaded to the ORM
    assert loaded.check_password("Another-pass-2026")


def test_user_by_id_is_none_for_an_unknown_id(candidate):
    assert user_by_id(candidate.pk + 1000) is None


def test_an_authenticated_request_loads_its_user_with_one_query(candidate, candidate_client):
    with CaptureQueriesContext(connection) as queries:
        response = candidate_client.get("/api/users/me/")
    assert response.status_code == 200
    user_queries = [q["sql"] for q in queries if "accounts_user" in q["sql"]]
    assert len(user_queries) == 1


def test_a_deactivated_user_is_refused_on_the_next_request(candidate, candidate_client):
    assert candidate_client.get("/api/users/me/").status_code == 200
    User.objects.filter(pk=candidate.pk).update(is_active=False)
    response = candidate_client.get("/api/users/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "user_inactive"
