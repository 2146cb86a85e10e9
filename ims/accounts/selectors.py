"""Scoped reads of users."""

from django.db.models import QuerySet

from ims.accounts.models import Role, User


def users_visible_to(user: User) -> QuerySet[User]:
    """Admins see every user (active or not); everyone else sees only themselves."""
    if user.is_authenticated and user.is_active and user.role == Role.ADMIN:
        return User.objects.all()
    return User.objects.filter(pk=user.pk)


def user_get_for(*, actor: User, pk: int) -> User | None:
    return users_visible_to(actor).filter(pk=pk).first()
