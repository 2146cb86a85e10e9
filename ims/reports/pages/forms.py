from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from ims.jobs.models import EmploymentType
from ims.reports.selectors import ReportFilters

EARLIEST, LATEST = date(1970, 1, 1), date(9998, 12, 31)


class ReportFiltersForm(forms.Form):
    """The reports' filters, named as the API names them (``from``, ``to``, ``job``, ``department``,
    ``employment_type``), so one query string serves the page, its CSV downloads and the API."""

    job = forms.TypedChoiceField(label=_("Job"), required=False, coerce=int, empty_value=None)
    department = forms.ChoiceField(label=_("Department"), required=False)
    employment_type = forms.ChoiceField(
        label=_("Employment type"), required=False, choices=[("", _("Any type")), *EmploymentType.choices]
    )

    def __init__(self, *args, jobs: list[tuple[int, str]], departments: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        start, end = ReportFilters.default_range()
        # "from" is a Python keyword, so these two are added here rather than declared above.
        dates = {
            "from": forms.DateField(label=_("From"), required=False, initial=start),
            "to": forms.DateField(label=_("To"), required=False, initial=end),
        }
        for field in dates.values():
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields = {**dates, **self.fields}
        self.fields["job"].choices = [("", _("All jobs")), *jobs]
        self.fields["department"].choices = [("", _("All departments")), *((d, d) for d in departments)]

    def clean(self):
        data = super().clean()
        for name in ("from", "to"):
            if data.get(name) and not (EARLIEST <= data[name] <= LATEST):
                self.add_error(
                    name, _("Enter a date from %(first)s to %(last)s.") % {"first": EARLIEST, "last": LATEST}
                )
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("from", _("Enter a date on or before the “To” date."))
        return data

    def filters(self) -> ReportFilters:
        """The filters of a valid form; missing dates default as the API's do (the 90 days up to today)."""
        data = self.cleaned_data if self.is_bound else {}
        end = data.get("to") or ReportFilters.default_range()[1]
        start = data.get("from") or ReportFilters.default_range(end)[0]
        return ReportFilters(
            start=start,
            end=end,
            job_id=data.get("job"),
            department=data.get("department") or "",
            employment_type=data.get("employment_type") or "",
        )
