"""The shapes of the interviews pages' forms: a booking (the rules: future time, active round type and
interviewer, no overlap) and a round type (a unique name, valid criteria). The rules are the services', shown next
to the field they name."""

import zoneinfo
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ims.accounts.models import User
from ims.core.validators import validate_multi_line, validate_single_line
from ims.interviews import selectors
from ims.interviews.models import (
    CRITERIA_MAX,
    CRITERION_NAME_MAX,
    DURATION_MAX,
    DURATION_MIN,
    FEEDBACK_TEXT_MAX,
    LOCATION_MAX,
    MEETING_URL_MAX,
    RATING_MAX,
    RATING_MIN,
    ROUND_TYPE_DESCRIPTION_MAX,
    ROUND_TYPE_GUIDANCE_MAX,
    ROUND_TYPE_NAME_MAX,
    Recommendation,
    RoundType,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def local_moment(day: date, clock: time, zone: zoneinfo.ZoneInfo) -> datetime | None:
    """``day`` at ``clock`` on the wall clocks of ``zone``; None when that time does not exist there (the hour
    skipped when the clocks go forward)."""
    moment = datetime.combine(day, clock, tzinfo=zone)
    if moment.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None) != moment.replace(tzinfo=None):
        return None
    return moment


class RoundTypeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: RoundType) -> str:
        return _("%(name)s (%(minutes)d min)") % {"name": obj.name, "minutes": obj.default_duration}


class InterviewerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class ScheduleForm(forms.Form):
    round_type = RoundTypeChoice(queryset=RoundType.objects.none(), label=_("Round type"), empty_label=_("Choose"))
    interviewer = InterviewerChoice(queryset=User.objects.none(), label=_("Interviewer"), empty_label=_("Choose"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration = forms.IntegerField(
        label=_("Duration in minutes"),
        required=False,
        min_value=DURATION_MIN,
        max_value=DURATION_MAX,
        help_text=_("Leave empty for the round type's usual length."),
    )
    location = forms.CharField(label=_("Location"), required=False, max_length=LOCATION_MAX)
    meeting_url = forms.URLField(
        label=_("Meeting link"), required=False, max_length=MEETING_URL_MAX, assume_scheme="https"
    )

    def __init__(self, *args, zone: zoneinfo.ZoneInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        if "round_type" in self.fields:
            self.fields["round_type"].queryset = selectors.round_types_schedulable()
        self.fields["interviewer"].queryset = selectors.interviewers_schedulable()
        self.fields["time"].help_text = _("In your time zone, %(zone)s.") % {"zone": zone.key}

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("time"):
            moment = local_moment(data["date"], data["time"], self.zone)
            if moment is None:
                self.add_error(
                    "time",
                    _("This time does not exist in %(zone)s that day (the clocks go forward); choose another.")
                    % {"zone": self.zone.key},
                )
            else:
                data["scheduled_at"] = moment
        return data


class RescheduleForm(ScheduleForm):
    """The same booking for an existing interview; ``sequence`` is the revision the form was filled from."""

    sequence = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["round_type"]
        self.fields["duration"].help_text = _("Leave empty to keep the current length.")


def _text_area(label: "str | StrPromise", *, rows: int, max_length: int, **kwargs: Any) -> forms.CharField:
    """Optional text of several lines."""
    return forms.CharField(
        label=label, required=False, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class RoundTypeForm(forms.Form):
    """The shape of a round type; the rules (a unique name, valid criteria) are the interviews service's."""

    name = forms.CharField(label=_("Name"), max_length=ROUND_TYPE_NAME_MAX, validators=[validate_single_line])
    description = _text_area(
        _("Description"), rows=3, max_length=ROUND_TYPE_DESCRIPTION_MAX, validators=[validate_multi_line]
    )
    guidance = _text_area(
        _("Guidance for interviewers"),
        rows=6,
        max_length=ROUND_TYPE_GUIDANCE_MAX,
        validators=[validate_multi_line],
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


# --- The scorecard (the interview kit) ------------------------------------------------------------

RATINGS = [("", _("Not rated yet"))] + [(str(n), str(n)) for n in range(RATING_MIN, RATING_MAX + 1)]
SCORES = [("", _("Not scored"))] + [(str(n), str(n)) for n in range(RATING_MIN, RATING_MAX + 1)]


class ScorecardForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall rating"), choices=RATINGS, coerce=int, empty_value=None, required=False,
        help_text=_("1 (poor) to 5 (excellent)."),
    )  # fmt: skip
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=[("", _("Choose…")), *Recommendation.choices], required=False
    )
    comments = _text_area(
        _("Comments"),
        rows=5,
        max_length=FEEDBACK_TEXT_MAX,
        help_text=_("Shared with the hiring team; the candidate sees the rating and these comments."),
    )
    private_notes = _text_area(
        _("Private notes"),
        rows=3,
        max_length=FEEDBACK_TEXT_MAX,
        help_text=_("Only admins read these; never the candidate or other interviewers."),
    )

    def __init__(self, *args: Any, criteria: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A draft may leave anything empty; submitting needs these two (the service says so if they are missing).
        for name in ("rating", "comments"):
            self.fields[name].needed_to_submit = True  # type: ignore[attr-defined]  # read by ui/components.html
        self.criteria = list(criteria)
        for index, name in enumerate(self.criteria):
            self.fields[f"criterion_{index}"] = forms.TypedChoiceField(
                label=name, choices=SCORES, coerce=int, empty_value=None, required=False
            )

    @staticmethod
    def initial_from(scorecard: Any, criteria: list[str]) -> dict[str, Any]:
        """The form's initial values from a draft or a submitted feedback."""
        if scorecard is None:
            return {}
        initial = {
            "rating": scorecard.rating,
            "recommendation": scorecard.recommendation,
            "comments": scorecard.comments,
            "private_notes": scorecard.private_notes,
        }
        scores = scorecard.criteria_scores or {}
        for index, name in enumerate(criteria):
            initial[f"criterion_{index}"] = scores.get(name)
        return initial

    def criterion_fields(self) -> list[forms.BoundField]:
        return [self[f"criterion_{index}"] for index in range(len(self.criteria))]

    def scorecard(self) -> dict[str, Any]:
        """The cleaned values in the services' shape."""
        data = self.cleaned_data
        return {
            "rating": data.get("rating"),
            "recommendation": data.get("recommendation") or "",
            "comments": data.get("comments", ""),
            "private_notes": data.get("private_notes", ""),
            "criteria_scores": {
                name: data[f"criterion_{index}"]
                for index, name in enumerate(self.criteria)
                if data.get(f"criterion_{index}") is not None
            },
        }

    def add_criteria_error(self, message: str) -> None:
        """A criteria error names no single field: shown on the first criterion (or the form)."""
        self.add_error("criterion_0" if self.criteria else None, message)
