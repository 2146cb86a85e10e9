"""Database constraints: the condition of a range check, and which constraint an ``IntegrityError`` broke (asked
the same way on PostgreSQL and SQLite)."""

from django.db import IntegrityError
from django.db.models import Field, Q


def between(field: str, low: int, high: int) -> Q:
    """``low <= field <= high``, for a ``CheckConstraint`` that keeps a value within the limits its model names."""
    return Q(**{f"{field}__gte": low, f"{field}__lte": high})


def violates(exc: IntegrityError, *constraints: str, unique_field: Field | None = None) -> bool:
    """Whether ``exc`` broke one of the named constraints, or the column UNIQUE of ``unique_field``.

    PostgreSQL names the constraint (psycopg's ``diag.constraint_name``; a column's UNIQUE is called
    ``<table>_<column>_key``). SQLite only writes it into the message: ``UNIQUE constraint failed: index
    '<name>'`` for a named constraint or index, ``UNIQUE constraint failed: <table>.<column>`` for a column.
    """
    names = set(constraints)
    if unique_field is not None:
        table, column = unique_field.model._meta.db_table, unique_field.column
        names |= {f"{table}_{column}_key", f"{table}.{column}"}
    constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    if constraint:
        return constraint in names
    message = str(exc)
    return any(name in message for name in names)
