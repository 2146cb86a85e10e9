"""The shape of a booking; the rules (future time, active round type and interviewer, no overlap) are the
services', shown next to the field they name."""

import zoneinfo
from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from ims.accounts.models import User
from ims.interviews import selectors
from ims.interviews.models import DURATION_MAX, DURATION_MIN, LOCATION_MAX, MEETING_URL_MAX, RoundType


def local_moment(day, clock, zone: zoneinfo.ZoneInfo) -> datetime | None:
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
