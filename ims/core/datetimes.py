"""How the API writes an instant: ISO 8601, with UTC as ``Z`` (DRF's DateTimeField does the same)."""

from datetime import UTC, datetime

from django.utils import timezone


def _iso(value: datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def utc_iso(value: datetime) -> str:
    """The instant in UTC: ``2030-03-10T04:30:00Z``."""
    return _iso(value.astimezone(UTC))


def local_iso(value: datetime) -> str:
    """What DRF's DateTimeField writes with its default format: the instant in the current time zone (UTC
    unless TIME_ZONE says otherwise), without building the field."""
    return _iso(value.astimezone(timezone.get_current_timezone()))
