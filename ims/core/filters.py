from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped when the request names none of the filter set's parameters.

    Binding and validating the filter form costs about 0.25 ms per request even when it filters nothing, the
    common case of a plain list page. Parameters are matched by prefix, so the suffixed names of range
    widgets (``created_at_after``) count too; any filter parameter present means the full, validated path.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        names = filterset_class.base_filters.keys()
        if not any(key.startswith(name) for key in request.query_params for name in names):
            return queryset
        return super().filter_queryset(request, queryset, view)
