from ims.core.pagination import PageNumberPagination


class PlainCountPagination(PageNumberPagination):
    """Counts the page total on the view's filtered queryset *before* aggregate annotations.

    Counting an annotated ``jobs LEFT JOIN applications GROUP BY job`` would join every application just to
    count jobs; the view sets ``count_queryset`` (filtered jobs, no join) in ``filter_queryset``.
    """

    count_source_attr = "count_queryset"
