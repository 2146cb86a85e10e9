from django import forms
from django.utils.translation import gettext_lazy as _

from ims.jobs.models import EmploymentType
from ims.jobs.resumes import accepted_message
from ims.jobs.services import COVER_LETTER_MAX


class JobSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    department = forms.ChoiceField(label=_("Department"), required=False)
    employment_type = forms.ChoiceField(
        label=_("Employment type"), required=False, choices=[("", _("Any type")), *EmploymentType.choices]
    )

    def __init__(self, *args, departments: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("Any department")), *((d, d) for d in departments)]


class ApplyForm(forms.Form):
    """The shape of an application; the rules (open job, one per job, the resume's type and size) are the
    service's, shown next to the field they name."""

    cover_letter = forms.CharField(
        label=_("Cover letter"),
        required=False,
        max_length=COVER_LETTER_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Why this job, in your own words. At most %(max)d characters.") % {"max": COVER_LETTER_MAX},
    )
    resume = forms.FileField(
        label=_("Resume"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx"}),
        help_text=accepted_message,
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (shared with the hiring team)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
