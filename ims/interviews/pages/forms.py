from django import forms
from django.utils.translation import gettext_lazy as _

from ims.core.validators import validate_multi_line, validate_single_line
from ims.interviews.models import (
    CRITERIA_MAX,
    CRITERION_NAME_MAX,
    DURATION_MAX,
    DURATION_MIN,
    ROUND_TYPE_DESCRIPTION_MAX,
    ROUND_TYPE_GUIDANCE_MAX,
    ROUND_TYPE_NAME_MAX,
)


class RoundTypeForm(forms.Form):
    """The shape of a round type; the rules (a unique name, valid criteria) are the interviews service's."""

    name = forms.CharField(label=_("Name"), max_length=ROUND_TYPE_NAME_MAX, validators=[validate_single_line])
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=ROUND_TYPE_DESCRIPTION_MAX,
        validators=[validate_multi_line],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    guidance = forms.CharField(
        label=_("Guidance for interviewers"),
        required=False,
        max_length=ROUND_TYPE_GUIDANCE_MAX,
        validators=[validate_multi_line],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What to ask and what good looks like. The interview kit shows it to the interviewer."),
    )
    default_duration = forms.IntegerField(
        label=_("Default length (minutes)"), min_value=DURATION_MIN, max_value=DURATION_MAX, initial=60
    )
    criteria = forms.CharField(
        label=_("Criteria"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, at most %(count)d, e.g. Problem solving. Each is scored from 1 to 5.")
        % {"count": CRITERIA_MAX},
    )

    def clean_criteria(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["criteria"].splitlines()]
        criteria = [line for line in lines if line]
        for criterion in criteria:
            if len(criterion) > CRITERION_NAME_MAX:
                raise forms.ValidationError(
                    _("A criterion name can be at most %(max)d characters.") % {"max": CRITERION_NAME_MAX}
                )
        return criteria

    @staticmethod
    def initial_for(round_type) -> dict:
        return {
            "name": round_type.name,
            "description": round_type.description,
            "guidance": round_type.guidance,
            "default_duration": round_type.default_duration,
            "criteria": "\n".join(round_type.criteria or []),
        }
