"""Scoped reads of users."""

from collections.abc import Callable
from typing import Any, TypeAlias
from weakref import WeakKeyDictionary

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.expressions import Col
from django.http import Http404

from ims.accounts.models import User


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


# Per database connection (one per thread): its converters are bound to that connection's operations.
# A converter turns one column's database value into the field's Python value (Django's from_db_value protocol).
_Converter: TypeAlias = Callable[[Any, Col, BaseDatabaseWrapper], Any]
_Statement: TypeAlias = tuple[str, list[str], list[tuple[int, list[_Converter], Col]]]
_user_by_id_statements: WeakKeyDictionary[BaseDatabaseWrapper, _Statement] = WeakKeyDictionary()


def _user_by_id_statement(connection: BaseDatabaseWrapper) -> _Statement:
    """The SQL, column names and value converters of "the user with this id", built once per connection.

    Equivalent to ``User.objects.filter(pk=...).first()``, whose query building and SQL compilation cost about
    0.3 ms of CPU on every authenticated request (measured: 0.35 ms vs 0.08 ms for the same row).
    """
    statement = _user_by_id_statements.get(connection)
    if statement is not None:
        return statement
    quote = connection.ops.quote_name
    fields = User._meta.concrete_fields
    columns = ", ".join(quote(field.column) for field in fields)
    table, pk_column = quote(User._meta.db_table), quote(User._meta.pk.column)
    # Identifiers from the model, quoted; the id is a bound parameter.
    sql = f"SELECT {columns} FROM {table} WHERE {pk_column} = %s"  # noqa: S608  # nosec B608
    converters: list[tuple[int, list[_Converter], Col]] = []
    for index, field in enumerate(fields):
        column = field.get_col(User._meta.db_table)
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            converters.append((index, functions, column))
    statement = _user_by_id_statements[connection] = (sql, [field.attname for field in fields], converters)
    return statement


def user_by_id(user_id: int, *, using: str = "default") -> User | None:
    """The user with this id (any status), as the request authentication needs it on every request."""
    connection = connections[using]
    sql, attnames, converters = _user_by_id_statement(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, functions, column in converters:
        for function in functions:
            values[index] = function(values[index], column, connection)
    return User.from_db(using, attnames, values)


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
