from datetime import date

from django import forms
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError

from ims.core.filters import IdFilter
from ims.core.parsing import ParseError, is_ascii_digits, parse_page_number
from ims.jobs.models import EmploymentType
from ims.reports.models import ApplicationFact
from ims.reports.selectors import GROUP_BY, ReportFilters

ISO_DATE = ["%Y-%m-%d"]
EARLIEST, LATEST = date(1970, 1, 1), date(9998, 12, 31)


class ReportFilterSet(filters.FilterSet):
    """The query parameters every report takes. Used for its validated form: the selectors apply the filters to
    whichever rollup the report reads."""

    start = filters.DateFilter(input_formats=ISO_DATE, label="from")
    to = filters.DateFilter(input_formats=ISO_DATE)
    job = IdFilter(field_name="job_id")
    department = filters.CharFilter(max_length=100)
    employment_type = filters.ChoiceFilter(choices=EmploymentType.choices)
    by = filters.ChoiceFilter(choices=[(value, value) for value in GROUP_BY])

    class Meta:
        model = ApplicationFact
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        # ``from`` is a Python keyword, so the filter is named ``start`` and fed from the ``from`` parameter.
        if data is not None:
            data = data.copy()
            if "from" in data:
                data["start"] = data["from"]
            data.pop("from", None)
        super().__init__(data, *args, **kwargs)


def report_params(query_params) -> tuple[ReportFilters, str]:
    """Validate the query parameters (400 naming each bad one); return the filters and the ``by`` grouping."""
    form: forms.Form = ReportFilterSet(query_params).form
    if not form.is_valid():
        errors = {("from" if name == "start" else name): messages for name, messages in form.errors.items()}
        raise ValidationError(errors)
    data = form.cleaned_data
    for name, field in (("start", "from"), ("to", "to")):
        # Bounded, so the default range (89 days back) and the day after `to` stay representable dates.
        if data.get(name) is not None and not (EARLIEST <= data[name] <= LATEST):
            raise ValidationError({field: [f"Give a date from {EARLIEST} to {LATEST}."]})
    # Default: the 90 days up to and including ``to`` (itself by default today, UTC).
    end = data.get("to") or ReportFilters.default_range()[1]
    start = data.get("start") or ReportFilters.default_range(end)[0]
    if start > end:
        raise ValidationError({"from": ["'from' must be on or before 'to'."]})
    filters_ = ReportFilters(
        start=start,
        end=end,
        job_id=data.get("job"),
        department=(data.get("department") or "").strip(),
        employment_type=data.get("employment_type") or "",
    )
    return filters_, data.get("by") or "job"


# A report's JSON is paged like the API's other lists (its CSV is the whole report).
PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000
LAST = "last"


def page_params(query_params) -> tuple[int | str, int]:
    """``?page=`` (a number from 1, or ``last``) and ``?page_size=`` (1 to MAX_PAGE_SIZE): 400 naming each bad one."""
    errors: dict[str, list[str]] = {}
    raw_page = (query_params.get("page") or "").strip() or "1"
    page: int | str = LAST
    if raw_page != LAST:
        try:
            page = parse_page_number(raw_page)
        except ParseError as exc:
            errors["page"] = [exc.message]
        else:
            if page < 1:
                errors["page"] = ["Give a page number (1, 2, ...) or last."]
    raw_size = (query_params.get("page_size") or "").strip()
    size = PAGE_SIZE
    if raw_size:
        # Length first: int() of thousands of digits is slow, and Python refuses past 4,300 with a ValueError.
        if is_ascii_digits(raw_size) and len(raw_size) <= 7 and 1 <= int(raw_size) <= MAX_PAGE_SIZE:
            size = int(raw_size)
        else:
            errors["page_size"] = [f"Give a number of rows from 1 to {MAX_PAGE_SIZE}."]
    if errors:
        raise ValidationError(errors)
    return page, size
