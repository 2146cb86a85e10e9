"""Small helpers shared by this app's tests."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone


def days_ahead(days: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware UTC time ``days`` from today at ``hour:minute``: always in the future for days >= 1."""
    day = (timezone.now() + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def iso(value: datetime) -> str:
    return value.isoformat()


def rounds_url(application_id: int) -> str:
    return f"/api/applications/{application_id}/rounds/"


def round_url(interview_id: int) -> str:
    return f"/api/application-rounds/{interview_id}/"


def feedback_url(interview_id: int) -> str:
    return f"/api/application-rounds/{interview_id}/feedback/"


def schedule_body(round_type, interviewer, when, **extra) -> dict:
    return {
        "round_type": round_type.pk,
        "interviewer": interviewer.pk,
        "scheduled_at": when if isinstance(when, str) else when.isoformat(),
        **extra,
    }
