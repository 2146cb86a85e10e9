"""An admin whose account is deactivated keeps the role but none of its powers: every admin-only rule
(creating staff, changing, deactivating, reactivating and inviting users, seeing every user, reading the audit
trail) refuses them as it refuses a non-admin. Services are called directly: a request of theirs would already
fail authentication."""

import pytest

from ims.accounts import selectors, services
from ims.accounts.models import Role, User
from ims.core.exceptions import Forbidden
from ims.privacy.selectors import audit_entries_visible_to
from tests.factories import AdminFactory, CandidateFactory


@pytest.fixture
def gone_admin(db):
    """Dana was an admin; her account is closed."""
    return AdminFactory(email="dana@example.com", first_name="Dana", is_active=False)


def test_an_active_admin_is_an_active_admin_and_staff(admin):
    assert admin.is_active_admin and admin.is_staff


def test_a_deactivated_admin_is_neither_an_active_admin_nor_staff(gone_admin):
    assert gone_admin.role == Role.ADMIN
    assert not gone_admin.is_active_admin and not gone_admin.is_staff


def test_a_deactivated_admin_cannot_create_staff(gone_admin):
    with pytest.raises(Forbidden):
        services.user_register(email="ivy@example.com", password="A-long-passphrase-1", actor=gone_admin, role="admin")
    assert not User.objects.filter(email="ivy@example.com").exists()


def test_a_deactivated_admin_cannot_change_a_user(gone_admin, candidate):
    with pytest.raises(Forbidden):
        services.user_update(user=candidate, actor=gone_admin, data={"first_name": "Changed"})
    candidate.refresh_from_db()
    assert candidate.first_name != "Changed"


def test_a_deactivated_admin_cannot_deactivate_a_user(gone_admin, candidate):
    with pytest.raises(Forbidden):
        services.user_deactivate(user=candidate, actor=gone_admin)
    candidate.refresh_from_db()
    assert candidate.is_active


def test_a_deactivated_admin_cannot_reactivate_a_user(gone_admin):
    closed = CandidateFactory(email="closed@example.com", is_active=False)
    with pytest.raises(Forbidden):
        services.user_reactivate(user=closed, actor=gone_admin)
    closed.refresh_from_db()
    assert not closed.is_active


def test_a_deactivated_admin_cannot_invite(gone_admin):
    with pytest.raises(Forbidden):
        services.user_invite(email="new@example.com", role=Role.INTERVIEWER, actor=gone_admin)
    assert not User.objects.filter(email="new@example.com").exists()


def test_a_deactivated_admin_sees_only_themselves_and_no_audit_trail(gone_admin, candidate):
    assert list(selectors.users_visible_to(gone_admin)) == [gone_admin]
    assert not audit_entries_visible_to(gone_admin).exists()
