from datetime import UTC

from django import forms
from django_filters import rest_framework as filters

from ims.core.filters import IdFilter
from ims.privacy.models import AuditAction, AuditEntry


class UTCDateTimeField(forms.DateTimeField):
    """A date or an ISO 8601 date-time, read as the same instant in UTC (a date: its midnight in UTC).

    PostgreSQL accepts offsets up to 15:59 only, so an instant is never sent with the caller's offset."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(UTC)
        except (OverflowError, ValueError) as exc:
            raise forms.ValidationError("This date and time is out of range.", code="invalid") from exc


class UTCDateTimeFilter(filters.DateTimeFilter):
    field_class = UTCDateTimeField


class AuditEntryFilter(filters.FilterSet):
    actor = IdFilter(field_name="actor_id", help_text="The acting user's id.")
    candidate = IdFilter(field_name="candidate_id", help_text="The id of the candidate whose data it was.")
    action = filters.ChoiceFilter(choices=AuditAction.choices)

    class Meta:
        model = AuditEntry
        fields = ["actor", "candidate", "action"]


# `from` and `to` are Python keywords, so they cannot be class attributes above.
AuditEntryFilter.base_filters["from"] = UTCDateTimeFilter(
    field_name="at", lookup_expr="gte", help_text="Entries at or after this date (UTC midnight) or date-time."
)
AuditEntryFilter.base_filters["to"] = UTCDateTimeFilter(
    field_name="at", lookup_expr="lte", help_text="Entries at or before this date (UTC midnight) or date-time."
)
