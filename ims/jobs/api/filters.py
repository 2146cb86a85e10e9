from django_filters import rest_framework as filters

from ims.core.filters import IdFilter
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
