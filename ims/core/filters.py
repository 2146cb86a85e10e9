"""Query parameters: every app parses them with a FilterSet built from the filters here (one reader per kind of
value: ids, instants, true/false), through django-filter's backend on generic lists or :func:`query_params`
where a selector takes the values as arguments."""

from typing import Any

from django import forms
from django.http import QueryDict
from django_filters import rest_framework as filters
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ims.core.parsing import ParseError, parse_id, parse_moment


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


class IdFormField(forms.Field):
    """A form field for an id, read by :func:`ims.core.parsing.parse_id`: ASCII digits, 1 to 2**63 - 1.

    ``blank_is_absent``: a value of only spaces means "no filter" rather than a bad id."""

    def __init__(self, *, blank_is_absent: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.blank_is_absent = blank_is_absent

    def to_python(self, value):
        if value in self.empty_values or (self.blank_is_absent and not str(value).strip()):
            return None
        try:
            return parse_id(str(value))
        except ParseError as exc:
            raise forms.ValidationError(exc.message, code="invalid") from None


@extend_schema_field(OpenApiTypes.INT64)
class IdFilter(filters.Filter):
    """A whole, positive, 64-bit id; every FilterSet filters ids with it. django-filter's NumberFilter takes any
    decimal (``1e30``, ``-5e192``: out of the column's range, a 500) and its IntegerField reads ``"٣"`` as 3."""

    field_class = IdFormField


class MomentFormField(forms.Field):
    """An instant read by :func:`ims.core.parsing.parse_moment`: a date (its start in UTC; with ``end_of_day`` the
    start of the next day, so "to 2030-03-10" includes the 10th) or an ISO 8601 date-time with an offset. Blank
    means no filter."""

    def __init__(self, *, end_of_day: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.end_of_day = end_of_day

    def to_python(self, value):
        if value is None or not str(value).strip():
            return None
        try:
            return parse_moment(str(value), end_of_day=self.end_of_day)
        except ParseError as exc:
            raise forms.ValidationError(exc.message, code="invalid") from None


@extend_schema_field(OpenApiTypes.DATETIME)
class MomentFilter(filters.Filter):
    field_class = MomentFormField


class TrueFalseFormField(forms.Field):
    """``true``/``false`` (or ``1``/``0``, any case). ``blank_is_absent``: an empty value means no filter rather
    than a bad one."""

    def __init__(self, *, blank_is_absent: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.blank_is_absent = blank_is_absent

    def to_python(self, value):
        if value is None or (self.blank_is_absent and value == ""):
            return None
        answer = {"true": True, "1": True, "false": False, "0": False}.get(str(value).lower())
        if answer is None:
            raise forms.ValidationError("Use true or false.", code="invalid")
        return answer


@extend_schema_field(OpenApiTypes.BOOL)
class TrueFalseFilter(filters.Filter):
    field_class = TrueFalseFormField


def query_params(filterset_class: type[filters.FilterSet], data: QueryDict) -> dict[str, Any]:
    """The FilterSet's validated values, for a selector that takes them as arguments; a 400 naming each bad
    parameter (the same error django-filter's backend gives on the generic lists). As in :class:`FilterBackend`,
    a request that names none of them skips building the form: every value is None."""
    names = filterset_class.base_filters.keys()
    if not any(name in data for name in names):
        return dict.fromkeys(names)
    form = filterset_class(data).form
    if not form.is_valid():
        raise translate_validation(form.errors)
    return form.cleaned_data
