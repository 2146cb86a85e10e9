from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination

from ims.core.parsing import ParseError, parse_page_number
from ims.core.prepared import Parameter, PreparedCount, PreparedRead

# Counting every matching row costs time in proportion to the rows (an index-only scan of 150,000 entries for
# `?status=screening` at 1M applications: ~25 ms and two parallel workers; 10,001 of them: 2 ms; 1,001: 0.2 ms).
# Counting stops after this many rows (settings.PAGINATION_COUNT_CAP).
DEFAULT_COUNT_CAP = 1_000
DEFAULT_PAGE_SIZE = 20  # the API's page without ?page_size=
MAX_COUNTED_ROWS = 2**31 - 2


def count_limit(cap: int, wanted_page: int, per_page: int) -> int:
    """How many rows the capped count counts: the cap or the rows up to the wanted page, whichever is more, plus
    one. Bounded so an absurd ?page= cannot overflow the database's LIMIT; such a page is simply not found."""
    return max(cap, min(wanted_page * per_page, MAX_COUNTED_ROWS)) + 1


class CountedRows(list):
    """The rows of a list's first page with the list's count (capped as the paginator caps it) already known, so
    the paginator pages them without a query."""

    def __init__(self, rows: list, known_count: int) -> None:
        super().__init__(rows)
        self.known_count = known_count


def first_page(page: PreparedRead, count: PreparedCount, *parameters: Parameter) -> CountedRows:
    """The default page of a list from statements compiled once per connection: ``page`` reads at most a page
    (``[:DEFAULT_PAGE_SIZE]``) of what ``count`` counts. A page with fewer rows is the whole list; a full one is
    counted as the paginator counts (exactly, with ``PAGINATION_COUNT_CAP`` 0)."""
    rows = page.list(*parameters)
    if len(rows) < DEFAULT_PAGE_SIZE:
        return CountedRows(rows, len(rows))
    cap = getattr(settings, "PAGINATION_COUNT_CAP", DEFAULT_COUNT_CAP)
    limit = count_limit(cap, 1, DEFAULT_PAGE_SIZE) if cap else MAX_COUNTED_ROWS
    return CountedRows(rows, count.count(*parameters, limit=limit))


class CappedCountPaginator(Paginator):
    """A paginator whose ``count`` is exact up to ``count_cap`` rows and a lower bound above it.

    It counts ``SELECT COUNT(*) FROM (SELECT id ... LIMIT n)`` with n = max(cap, rows up to the requested page)
    + 1, so the requested page always exists and ``next`` is always right: a count above the cap means "at least
    this many, and more after this page".
    """

    def __init__(self, object_list, per_page, *, count_cap=None, wanted_page=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_cap = count_cap
        self.wanted_page = wanted_page

    def page(self, number):
        """The page, read before anything is counted: a page with fewer rows than ``per_page`` is the last one,
        so it gives the exact count and the COUNT query is skipped (one query instead of two for every list
        that fits on a page, and for the last page of any list)."""
        if self.orphans or "count" in self.__dict__:
            return super().page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        if bottom >= MAX_COUNTED_ROWS:  # an absurd ?page= would overflow the database's OFFSET
            raise EmptyPage(self.error_messages["no_results"])
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if len(rows) < self.per_page:
            if not rows and number > 1:
                raise EmptyPage(self.error_messages["no_results"])
            self.count = bottom + len(rows)
        return self._get_page(rows, number, self)

    @cached_property
    def count(self) -> int:
        source = self.object_list
        if isinstance(source, CountedRows):
            return source.known_count
        if not isinstance(source, QuerySet):
            return super().count
        if not self.count_cap:
            return source.count()
        limit = count_limit(self.count_cap, self.wanted_page or 1, self.per_page)
        # Django leaves out the annotations a count does not use, so counting an annotated list of jobs is
        # the same SQL as counting the plain filtered jobs (checked with EXPLAIN on PostgreSQL).
        source = source.order_by()
        if not source.query.distinct:
            source = source.values("pk")
        return source[:limit].count()


class PageNumberPagination(BasePageNumberPagination):
    """`{count, next, previous, results}` with `?page` and `?page_size` (default 20, at most 100).

    ``count`` is exact up to ``PAGINATION_COUNT_CAP`` (1,000 by default) rows; a larger list reports a lower bound
    (cap + 1, or just past the requested page when paging deeper), and ``next`` is always right.
    """

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        """``?page=``: ASCII digits or ``last``, anything else is a 400 naming ``page`` (``"²".isdigit()`` is true
        but ``int("²")`` fails: that was a 500)."""
        raw = (request.query_params.get(self.page_query_param) or "").strip() or "1"
        if raw in self.last_page_strings:
            return paginator.num_pages
        try:
            return parse_page_number(raw)
        except ParseError as exc:
            raise ValidationError({self.page_query_param: [exc.message]}) from None

    def paginate_queryset(self, queryset, request, view=None):
        raw_page = (request.query_params.get(self.page_query_param) or "").strip() or "1"
        try:
            wanted_page = None if raw_page in self.last_page_strings else parse_page_number(raw_page)
        except ParseError:
            wanted_page = 1  # refused with a 400 by get_page_number, before anything is read
        # `?page=last` needs the real number of pages: count exactly.
        cap = getattr(settings, "PAGINATION_COUNT_CAP", DEFAULT_COUNT_CAP) if wanted_page else None

        def factory(object_list, per_page, **kwargs):
            return CappedCountPaginator(object_list, per_page, count_cap=cap, wanted_page=wanted_page, **kwargs)

        self.django_paginator_class = factory
        return super().paginate_queryset(queryset, request, view)
