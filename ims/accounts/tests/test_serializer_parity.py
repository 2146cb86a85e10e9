"""UserSerializer's hand-built ``to_representation`` gives, field for field, what DRF's generic ModelSerializer
machinery gives for its declared fields (which is also what the OpenAPI schema describes): on users read the
way ``/api/users/me/`` reads them (``user_by_id``, the request's user), the way ``/api/users/<id>/`` and the
list read them, and as a service returns them, in UTC and in other active time zones."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework import serializers

from ims.accounts import selectors, services
from ims.accounts.api.serializers import UserSerializer
from ims.accounts.models import Role, User
from ims.privacy.export import _ExportProfileSerializer
from tests.factories import AdminFactory, CandidateFactory, InterviewerFactory

pytestmark = pytest.mark.django_db

ZONES = ["UTC", "Asia/Kolkata", "America/St_Johns"]


def _assert_same(serializer_class, instances) -> None:
    assert instances, "nothing to compare"
    for instance in instances:
        fast = serializer_class(instance).data
        generic = serializers.ModelSerializer.to_representation(serializer_class(), instance)
        assert list(fast) == list(generic)  # the same fields, in the same order
        for name in generic:
            # As JSON, so 1 and True, or "candidate" and another shape of the role, all differ.
            assert json.dumps(fast[name]) == json.dumps(generic[name]), (serializer_class.__name__, name)


@pytest.fixture
def users(admin):
    joined = timezone.now() - timedelta(days=400, microseconds=-321)
    return [
        admin,
        InterviewerFactory(first_name="Zoë", last_name="Ångström-東", phone="+91 98765 43210", timezone="Asia/Kolkata"),
        # No name: full_name falls back to the email address.
        CandidateFactory(first_name="", last_name="", email="nameless@example.com", date_joined=joined),
        CandidateFactory(first_name="Øyvind", last_name="", is_active=False, timezone="America/St_Johns"),
    ]


@pytest.mark.parametrize("zone", ZONES)
def test_users_read_for_their_own_profile_are_built_like_the_generic_serializer(users, zone):
    with timezone.override(zone):
        read = [selectors.user_by_id(user.pk) for user in users]
        assert {user.role for user in read} == set(Role.values)
        _assert_same(UserSerializer, read)


@pytest.mark.parametrize("zone", ZONES)
def test_users_an_admin_reads_are_built_like_the_generic_serializer(admin, users, zone):
    with timezone.override(zone):
        _assert_same(UserSerializer, list(selectors.users_visible_to(admin)))
        _assert_same(UserSerializer, [selectors.access_user(user=admin, pk=user.pk) for user in users])


def test_users_as_services_return_them_are_built_like_the_generic_serializer(admin):
    registered = services.user_register(email="new@example.com", password="A-long-passphrase-1")
    updated = services.user_update_profile(user=registered, data={"first_name": "Ngọc", "phone": "+44 20 7946 0000"})
    _assert_same(UserSerializer, [registered, updated, AdminFactory.build()])  # the last one not even saved


def test_a_subclass_with_more_fields_keeps_the_generic_output(users):
    user = User.objects.get(pk=users[1].pk)
    data = _ExportProfileSerializer(user).data
    assert list(data) == [*UserSerializer.Meta.fields, "last_login"]
    _assert_same(_ExportProfileSerializer, [user])
