from django import forms
from django_filters import rest_framework as filters

from ims.jobs.models import Application, ApplicationStatus, EmploymentType, Job


class JobFilter(filters.FilterSet):
    department = filters.CharFilter(field_name="department", lookup_expr="iexact")
    employment_type = filters.ChoiceFilter(choices=EmploymentType.choices)
    is_open = filters.BooleanFilter()

    class Meta:
        model = Job
        fields = ["department", "employment_type", "is_open"]


class JobCountsFilter(filters.FilterSet):
    department = filters.CharFilter(field_name="department", lookup_expr="iexact")
    is_open = filters.BooleanFilter()

    class Meta:
        model = Job
        fields = ["department", "is_open"]


class IdFilter(filters.NumberFilter):
    """A whole, positive, 64-bit id. django-filter's NumberFilter takes any decimal, and one like -5e192
    reached the database as an out-of-range number (a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class ApplicationFilter(filters.FilterSet):
    # distinct=False: one status per row, so no duplicates; the default DISTINCT forces a sort of every match.
    status = filters.MultipleChoiceFilter(choices=ApplicationStatus.choices, distinct=False)
    job = IdFilter(field_name="job_id")
    candidate = IdFilter(field_name="candidate_id")

    class Meta:
        model = Application
        fields = ["status", "job", "candidate"]


class JobApplicationFilter(filters.FilterSet):
    # distinct=False: one status per row, so no duplicates; the default DISTINCT forces a sort of every match.
    status = filters.MultipleChoiceFilter(choices=ApplicationStatus.choices, distinct=False)

    class Meta:
        model = Application
        fields = ["status"]
