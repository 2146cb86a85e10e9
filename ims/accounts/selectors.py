"""Scoped reads of users."""

from django.db.models import QuerySet
from django.http import Http404

from ims.accounts.models import User
from ims.core.prepared import PreparedRead


def users_visible_to(user: User) -> QuerySet[User]:
    """Admins see every user (active or not); everyone else sees only themselves."""
    if user.is_authenticated and user.is_active_admin:
        return User.objects.all()
    return User.objects.filter(pk=user.pk)


def access_user(*, user: User, pk: int) -> User:
    """The user ``pk`` if ``user`` may see them (admins: anyone; everyone else: themselves), or Http404."""
    try:
        return users_visible_to(user).get(pk=pk)
    except User.DoesNotExist as exc:
        raise Http404("No such user.") from exc


def user_by_id(user_id: int, *, using: str = "default") -> User | None:
    """The user with this id (any status), as the request authentication needs it on every request.

    Compiled once per connection: building and compiling ``User.objects.filter(pk=...)`` cost about 0.3 ms of CPU
    on every authenticated request (0.35 ms against 0.08 ms for the same row).
    """
    return _user_by_id.first(user_id, using=using)


_user_by_id = PreparedRead(lambda pk: User.objects.filter(pk=pk))


def user_email_verified(user: User) -> bool:
    """Whether the person confirmed their sign-in address (allauth's record): applying through the pages needs
    it. Accounts made through the API have no such record and keep applying through the API."""
    from allauth.account.models import EmailAddress

    verified: bool = EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    return verified


def users_search(*, user: User, role: str = "", query: str = "", active: bool | None = None) -> QuerySet[User]:
    """The people page's list: filtered by role and status, searched by name or email, newest first."""
    from django.db.models import Q

    users = users_visible_to(user)
    if role:
        users = users.filter(role=role)
    if active is not None:
        users = users.filter(is_active=active)
    for word in query.split():
        users = users.filter(Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return users.order_by("-date_joined", "-pk")
