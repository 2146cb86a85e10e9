"""Reads whose SQL is compiled once per database connection (issue 15).

Building a queryset and compiling it to SQL is most of the CPU a hot read costs: 0.9-1.8 ms a request on the
profiled endpoints against 0.2-0.5 ms executing the query. A :class:`PreparedRead` asks the ORM for the SQL of
its queryset once per connection (each thread has its own), then binds each call's parameters into that SQL and turns
the rows into model instances the way the ORM's own iterator does (converters, ``select_related`` objects,
annotations). Only the declared parameters (ids, instants) may vary: the queryset is compiled twice with two
different sets of probe values, and anything else that differs between the two (a clock read inside the
queryset, a random value) refuses the read at its first use.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeAlias, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]  # not in the stubs
from django.utils import timezone

M = TypeVar("M", bound=Model)
Parameter: TypeAlias = int | datetime

# Two sets of values no query is asked for (ids are positive; instants before 1903), to tell the parameters' places
# among the SQL's. An id is bound as it is; an instant as the database receives a DateTimeField's value.
_ID_PROBES = ((-7_700_000_001, -7_700_000_002, -7_700_000_003), (-8_800_000_001, -8_800_000_002, -8_800_000_003))
_INSTANT_PROBES = tuple(
    tuple(datetime(year, 1, day, 0, 0, 0, day, tzinfo=UTC) for day in (1, 2, 3)) for year in (1901, 1902)
)
MAX_PARAMETERS = 3
# An id outside a 64-bit column's range is in no row: as the ORM's exact lookup does, no query is sent (the
# database would refuse the value). Ids are compared for equality only: that is what "an id" means here.
ID_MIN, ID_MAX = -(2**63), 2**63 - 1


# The attribute of a database connection that holds its compiled statements.
_ON_CONNECTION = "ims_prepared_statements"


class _NoSuchId(Exception):
    pass


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]  # (position in params, index of the parameter bound there)
    finish: Any  # what the subclass keeps per connection to turn rows into its result


class _Prepared:
    """The SQL of ``build(*parameters)``, compiled once per connection, and each call's parameters bound into it."""

    def __init__(
        self,
        build: Callable[..., QuerySet[Any]],
        *,
        kinds: tuple[type[int] | type[datetime], ...] = (int,),
        generic_plan: bool = False,
    ):
        if len(kinds) > MAX_PARAMETERS or any(kind not in (int, datetime) for kind in kinds):
            raise ValueError(f"kinds: up to {MAX_PARAMETERS} of int and datetime")
        self.build = build
        self.kinds = kinds
        self.generic_plan = generic_plan

    def _run(self, parameters: tuple[Parameter, ...], using: str, *extra: Any) -> tuple[list[Any], _Compiled] | None:
        """The rows and the compiled statement, or None when an id is in no row (nothing is sent)."""
        if len(parameters) != len(self.kinds):
            raise TypeError(f"expected {len(self.kinds)} parameters, got {len(parameters)}")
        connection = connections[using]
        # Kept on the connection (one per thread), not in a dict keyed by it: the compiled statement refers to its
        # connection (the compiler, the converters), so a weak-keyed entry would keep every thread's connection
        # alive forever; on the connection it is a cycle the garbage collector frees with it.
        compiled_here: dict[_Prepared, _Compiled] | None = getattr(connection, _ON_CONNECTION, None)
        if compiled_here is None:
            compiled_here = {}
            setattr(connection, _ON_CONNECTION, compiled_here)
        compiled = compiled_here.get(self)
        if compiled is None:
            compiled = compiled_here[self] = self._compile(connection, using)
        params = list(compiled.params)
        try:
            for position, index in compiled.slots:
                params[position] = self._bind(connection, index, parameters[index])
        except _NoSuchId:
            return None
        with connection.cursor() as cursor:
            if self.generic_plan and connection.vendor == "postgresql":
                return _with_generic_plan(connection, cursor, compiled.sql, [*params, *extra]), compiled
            cursor.execute(compiled.sql, [*params, *extra])
            return cursor.fetchall(), compiled

    def _bind(self, connection: BaseDatabaseWrapper, index: int, value: Parameter) -> Any:
        if self.kinds[index] is int:
            # A digit string too, as the ORM takes one (a regex route's pk); anything else is refused.
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise TypeError(f"parameter {index} must be an int")
            number = int(value)
            if not ID_MIN <= number <= ID_MAX:
                raise _NoSuchId
            return number
        if not isinstance(value, datetime) or timezone.is_naive(value):
            raise TypeError(f"parameter {index} must be an aware datetime")
        return connection.ops.adapt_datetimefield_value(value)

    def _probes(self, which: int) -> tuple[Parameter, ...]:
        return tuple(
            (_ID_PROBES if kind is int else _INSTANT_PROBES)[which][index] for index, kind in enumerate(self.kinds)
        )

    def _compile(self, connection: BaseDatabaseWrapper, using: str) -> _Compiled:
        probes = self._probes(0), self._probes(1)
        (sql, params, compiler, queryset), (other_sql, other_params, _, _) = (self._sql(p, using) for p in probes)
        if sql != other_sql or len(params) != len(other_params):
            raise ImproperlyConfigured(f"{self.build.__qualname__}: the SQL changes with the parameters")
        # Each parameter as the SQL's parameters carry it, for both probe sets.
        carried = [tuple(self._bind(connection, index, p[index]) for p in probes) for index in range(len(self.kinds))]
        slots = []
        for position, (value, other) in enumerate(zip(params, other_params, strict=True)):
            if value == other:
                continue
            index = next((i for i, pair in enumerate(carried) if (value, other) == pair), None)
            if index is None:
                raise ImproperlyConfigured(f"{self.build.__qualname__}: a value other than the parameters changes")
            slots.append((position, index))
        if {index for _, index in slots} != set(range(len(self.kinds))):
            raise ImproperlyConfigured(f"{self.build.__qualname__}: a parameter is not a parameter of its SQL")
        sql, finish = self._finish(sql, compiler, queryset, using)
        return _Compiled(sql, tuple(params), tuple(slots), finish)

    def _sql(self, probes: tuple[Parameter, ...], using: str) -> tuple[str, tuple[Any, ...], Any, QuerySet[Any]]:
        queryset = self._queryset(self.build(*probes).using(using))
        # Lookups this class does not run (the ORM would run them after the rows): refused rather than dropped.
        lookups = queryset._prefetch_related_lookups, queryset._known_related_objects  # type: ignore[attr-defined]  # noqa: SLF001 - no public reader
        if any(lookups):
            raise ImproperlyConfigured(f"{self.build.__qualname__}: prefetch_related is not prepared")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        return sql, tuple(params), compiler, queryset

    def _queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def _finish(self, sql: str, compiler: Any, queryset: QuerySet[Any], using: str) -> tuple[str, Any]:
        raise NotImplementedError


class PreparedRead(_Prepared, Generic[M]):
    """The rows of ``build(*parameters)`` as model instances, with ``build``'s SQL compiled once per connection.

    ``build`` takes one parameter per entry of ``kinds``, each an ``int`` (an id, compared for equality) or a
    ``datetime`` (compared with a DateTimeField), and returns a queryset without ``prefetch_related`` (fetch those
    with a prepared read of their own). Results equal ``list(build(*parameters))`` field for field: the parity
    tests check it.
    """

    def __init__(
        self,
        build: Callable[..., QuerySet[M]],
        *,
        kinds: tuple[type[int] | type[datetime], ...] = (int,),
        generic_plan: bool = False,
    ):
        super().__init__(build, kinds=kinds, generic_plan=generic_plan)

    def list(self, *parameters: Parameter, using: str = DEFAULT_DB_ALIAS) -> list[M]:
        result = self._run(parameters, using)
        if result is None:
            return []
        rows, compiled = result
        return list(compiled.finish(rows))

    def first(self, *parameters: Parameter, using: str = DEFAULT_DB_ALIAS) -> M | None:
        rows = self.list(*parameters, using=using)
        return rows[0] if rows else None

    def _finish(self, sql: str, compiler: Any, queryset: QuerySet[Any], using: str) -> tuple[str, Any]:
        return sql, _instantiator(compiler, queryset, using)


class PreparedCount(_Prepared):
    """How many rows ``build(*parameters)`` has, counting at most ``limit`` (the paginator's capped count:
    ``SELECT COUNT(*) FROM (SELECT id ... LIMIT n)``), with the SQL compiled once per connection."""

    def count(self, *parameters: Parameter, limit: int, using: str = DEFAULT_DB_ALIAS) -> int:
        result = self._run(parameters, using, int(limit))
        if result is None:
            return 0
        rows, _ = result
        return int(rows[0][0])

    def _queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if queryset.query.distinct or queryset.query.is_sliced:
            raise ImproperlyConfigured(f"{self.build.__qualname__}: a counted queryset is neither distinct nor sliced")
        return queryset.order_by().values("pk")

    def _finish(self, sql: str, compiler: Any, queryset: QuerySet[Any], using: str) -> tuple[str, Any]:
        # The capped count as the paginator runs it (ims/core/pagination.py), the limit a parameter.
        return f"SELECT COUNT(*) FROM ({sql} LIMIT %s) counted", None  # noqa: S608  # nosec B608 - compiled SQL


def _with_generic_plan(connection: BaseDatabaseWrapper, cursor: Any, sql: str, params: list[Any]) -> list[Any]:
    """The rows of ``sql`` executed with PostgreSQL's generic plan for it (``plan_cache_mode``, this statement only).

    For a join of many tables whose plan does not depend on the values (an interviewer's next interviews: 7
    relations), planning is most of the query: 2.7-5.3 ms a request against 0.15-0.6 ms executing it (EXPLAIN
    ANALYZE at 10k). psycopg prepares a statement run five times on a connection, but PostgreSQL keeps planning it
    per execution when the generic plan's estimate looks worse (``scheduled_at > $2`` is guessed to match a third of
    the rows); forcing the generic plan for these statements, the two extra statements included: 4.5 -> 1.5 ms
    in-process.
    """
    cursor.execute("SET plan_cache_mode = force_generic_plan")
    try:
        cursor.execute(sql, params)
        rows: list[Any] = cursor.fetchall()
    except Exception:
        # In a transaction the failed block's rollback undoes the SET; outside one it must be undone here.
        if connection.get_autocommit():
            cursor.execute("RESET plan_cache_mode")
        raise
    cursor.execute("RESET plan_cache_mode")
    return rows


def _instantiator(compiler: Any, queryset: QuerySet[Any], using: str) -> Callable[[Iterable[Any]], Iterator[Any]]:
    """Rows to model instances as ``ModelIterable`` makes them, with everything it works out per query kept."""
    select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
    if klass_info is None or queryset.query.values_select:
        raise ImproperlyConfigured("a prepared read returns model instances")
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    related_populators = get_related_populators(klass_info, select, using)
    converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
    annotations = tuple(annotation_col_map.items())

    def instantiate(rows: Iterable[Any]) -> Iterator[Any]:
        if converters:
            rows = map(list, compiler.apply_converters(rows, converters))
        for row in rows:
            obj = model_cls.from_db(using, init_list, row[start:end])
            for populator in related_populators:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            yield obj

    return instantiate
