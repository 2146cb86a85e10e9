from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ims.jobs.models import COVER_LETTER_MAX, NOTE_MAX, ApplicationStatus, EmploymentType, Job, RejectionReason
from ims.jobs.resumes import accepted_message


class JobSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    department = forms.ChoiceField(label=_("Department"), required=False)
    employment_type = forms.ChoiceField(
        label=_("Employment type"), required=False, choices=[("", _("Any type")), *EmploymentType.choices]
    )

    def __init__(self, *args, departments: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        department = cast(forms.ChoiceField, self.fields["department"])
        department.choices = [("", _("Any department")), *((d, d) for d in departments)]


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
        # A callable, which the template calls when it renders the field, so the size follows the setting.
        help_text=accepted_message,  # type: ignore[arg-type]
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (shared with the hiring team)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- The recruiter's workspace (issue 14) ---------------------------------------------------------


class JobForm(forms.ModelForm):
    """A job's shape; the rules (openings against those already selected, a full job staying closed) are
    ims.jobs.services', shown next to the field they name."""

    class Meta:
        model = Job
        fields = ["title", "department", "location", "employment_type", "openings", "description"]
        labels = {
            "title": _("Title"),
            "department": _("Department"),
            "location": _("Location"),
            "employment_type": _("Employment type"),
            "openings": _("Openings"),
            "description": _("Description"),
        }
        help_texts = {
            "openings": _("How many people you will hire. The job closes when that many are selected."),
            "location": _("A city, or Remote."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}


class JobListForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Open and closed")), ("open", _("Open jobs")), ("closed", _("Closed jobs"))],
    )


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Search candidates"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("Every stage")), *ApplicationStatus.choices]
    )
    stale = forms.BooleanField(label=_("Only those waiting too long in their stage"), required=False)


def _card_choice(value: str) -> tuple[int, str]:
    """A card as the board posts it: ``"<application id>:<status seen on the board>"``."""
    pk, _sep, status = value.partition(":")
    if not pk.isdigit() or (status and status not in ApplicationStatus.values):
        raise forms.ValidationError(_("That card is not on this board."))
    return int(pk), status


class BoardMoveForm(forms.Form):
    applications = forms.MultipleChoiceField(label=_("Applications"), required=True)
    to_status = forms.ChoiceField(label=_("Move to"), choices=ApplicationStatus.choices)
    reason = forms.ChoiceField(
        label=_("Reason for rejecting"), required=False, choices=[("", _("Choose a reason")), *RejectionReason.choices]
    )
    note = forms.CharField(
        label=_("Note (kept in the timeline)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    q = forms.CharField(required=False, widget=forms.HiddenInput)
    status = forms.CharField(required=False, widget=forms.HiddenInput)
    stale = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any "id:status" is accepted in shape; the service decides whether it is on this job's board.
        self.fields["applications"].valid_value = lambda value: True
        self.fields["applications"].error_messages["required"] = _("Choose at least one card.")

    def clean_applications(self) -> dict[int, str]:
        return dict(_card_choice(value) for value in self.cleaned_data["applications"])
