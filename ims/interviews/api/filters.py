"""The interviews API's query parameters (read through :func:`ims.core.filters.query_params`: the selectors
take the values as arguments)."""

from django_filters import rest_framework as filters

from ims.core.filters import IdFilter, MomentFilter, TrueFalseFilter
from ims.interviews.models import Interview, InterviewStatus, RoundType


class RoundTypeFilter(filters.FilterSet):
    is_active = TrueFalseFilter()

    class Meta:
        model = RoundType
        fields: list[str] = []


class UpcomingInterviewsFilter(filters.FilterSet):
    job = IdFilter(blank_is_absent=True)
    interviewer = IdFilter(blank_is_absent=True)

    class Meta:
        model = Interview
        fields: list[str] = []


# `from` is a Python keyword, so it cannot be a class attribute above.
UpcomingInterviewsFilter.base_filters["from"] = MomentFilter()
UpcomingInterviewsFilter.base_filters["to"] = MomentFilter(end_of_day=True)


class MyInterviewsFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=InterviewStatus.choices,
        error_messages={"invalid_choice": f"Use one of: {', '.join(InterviewStatus.values)}."},
    )
    upcoming = TrueFalseFilter(blank_is_absent=True)

    class Meta:
        model = Interview
        fields: list[str] = []
