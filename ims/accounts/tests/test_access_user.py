"""``access_user``: admins get anyone (active or not), everyone else only themselves, or Http404."""

import pytest
from django.http import Http404

from ims.accounts.selectors import access_user

pytestmark = pytest.mark.django_db


def test_an_admin_gets_any_user_even_a_deactivated_one(admin, candidate):
    candidate.is_active = False
    candidate.save(update_fields=["is_active"])

    assert access_user(user=admin, pk=candidate.pk) == candidate


@pytest.mark.parametrize("persona", ["interviewer", "candidate"])
def test_everyone_else_gets_themselves(request, persona):
    user = request.getfixturevalue(persona)

    assert access_user(user=user, pk=user.pk) == user


@pytest.mark.parametrize(("persona", "other"), [("interviewer", "other_interviewer"), ("candidate", "admin")])
def test_nobody_else_gets_another_user(request, persona, other):
    user, someone = request.getfixturevalue(persona), request.getfixturevalue(other)

    with pytest.raises(Http404):
        access_user(user=user, pk=someone.pk)


def test_an_admin_demoted_to_interviewer_no_longer_gets_other_users(admin, candidate):
    admin.role = "interviewer"
    admin.save(update_fields=["role"])

    with pytest.raises(Http404):
        access_user(user=admin, pk=candidate.pk)
