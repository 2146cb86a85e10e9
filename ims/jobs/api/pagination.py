from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from ims.core.pagination import PageNumberPagination


class _PlainCountPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count_queryset: QuerySet | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_queryset = count_queryset

    @cached_property
    def count(self) -> int:
        if self.count_queryset is not None:
            return self.count_queryset.count()
        return super().count


class PlainCountPagination(PageNumberPagination):
    """Counts the page total on the view's filtered queryset *before* aggregate annotations.

    Counting an annotated ``jobs LEFT JOIN applications GROUP BY job`` would join every application just to
    count jobs; the view sets ``count_queryset`` (filtered jobs, no join) in ``filter_queryset``.
    """

    def paginate_queryset(self, queryset, request, view=None):
        count_queryset = getattr(view, "count_queryset", None)

        def factory(object_list, per_page, **kwargs):
            return _PlainCountPaginator(object_list, per_page, count_queryset=count_queryset, **kwargs)

        self.django_paginator_class = factory
        return super().paginate_queryset(queryset, request, view)
