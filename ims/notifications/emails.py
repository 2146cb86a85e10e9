"""Email rendering: one small function per email, each a set of templates (subject, text, HTML).

Templates live in ``notifications/emails/<name>-subject.txt``, ``<name>-body.txt`` and ``<name>-body.html``.
Times are pre-formatted here in the recipient's time zone, so templates never see a bare UTC datetime.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.timesince import timeuntil

if TYPE_CHECKING:
    from ims.accounts.models import User
    from ims.interviews.models import Feedback, Interview
    from ims.jobs.models import Application


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def zone_for(user: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.timezone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_time(moment: datetime, user: User) -> str:
    """``Tuesday, 2 June 2026, 15:30 IST (Asia/Kolkata)``: the abbreviation alone is ambiguous, so the
    IANA name follows it unless they are the same (UTC)."""
    zone = zone_for(user)
    local = moment.astimezone(zone)
    abbreviation = local.tzname() or zone.key
    suffix = "" if abbreviation == zone.key else f" ({zone.key})"
    return f"{local:%A}, {local.day} {local:%B %Y, %H:%M} {abbreviation}{suffix}"


def local_clock(moment: datetime, user: User) -> str:
    local = moment.astimezone(zone_for(user))
    return f"{local:%H:%M} {local.tzname()}"


def _duration(later: datetime, earlier: datetime) -> str:
    """``1 day``, ``2 hours, 30 minutes``: Django's wording, with plain spaces for plain-text mail."""
    return timeuntil(later, earlier, depth=2).replace("\xa0", " ")


def render(name: str, context: dict[str, Any]) -> Rendered:
    context = {"site_name": "IMS", **context}
    subject = render_to_string(f"notifications/emails/{name}-subject.txt", context)
    return Rendered(
        # A header must be one line; templates may wrap for readability.
        subject=re.sub(r"\s+", " ", subject).strip(),
        text=render_to_string(f"notifications/emails/{name}-body.txt", context).strip() + "\n",
        html=render_to_string(f"notifications/emails/{name}-body.html", context),
    )


# --- Applications ---------------------------------------------------------------------------------


def page_url(path: str) -> str:
    """An absolute link to a page of the web app (``SITE_URL``): every email links to what it is about."""
    return f"{settings.SITE_URL}{path}"


def application_page(application: Application) -> str:
    return page_url(f"/app/applications/{application.pk}/")


def interview_page(interview: Interview) -> str:
    # One address per interview for everyone: the candidate's lands on their application, staff on theirs.
    return page_url(f"/app/interviews/{interview.pk}/")


def _application_context(application: Application, recipient: User) -> dict[str, Any]:
    return {
        "page_url": application_page(application),
        "page_label": "See your application",
        "recipient": recipient,
        "application": application,
        "job": application.job,
        "applied_at": local_time(application.applied_at, recipient) if application.applied_at else "",
    }


def application_received(*, application: Application, recipient: User) -> Rendered:
    return render("application_received", _application_context(application, recipient))


def application_rejected(*, application: Application, recipient: User) -> Rendered:
    return render("application_rejected", _application_context(application, recipient))


def application_selected(*, application: Application, recipient: User) -> Rendered:
    return render("application_selected", _application_context(application, recipient))


# --- Interviews -----------------------------------------------------------------------------------


def _interview_context(interview: Interview, recipient: User) -> dict[str, Any]:
    is_candidate = recipient.pk == interview.candidate_id
    return {
        "page_url": interview_page(interview),
        "page_label": "See the interview",
        "recipient": recipient,
        "is_candidate": is_candidate,
        # The other person's name; to the candidate, the interviewer's never falls back to their email (issue 14).
        "other_name": interview.interviewer.name_for_candidates if is_candidate else interview.candidate.full_name,
        "interview": interview,
        "candidate": interview.candidate,
        "interviewer": interview.interviewer,
        "round": interview.round_type,
        "job": interview.application.job,
        "starts": local_time(interview.scheduled_at, recipient),
        "ends": local_clock(interview.ends_at, recipient),
        "duration": interview.duration,
        "location": interview.location,
        "meeting_url": interview.meeting_url,
    }


def interview_scheduled(*, interview: Interview, recipient: User) -> Rendered:
    return render("interview_scheduled", _interview_context(interview, recipient))


def interview_rescheduled(*, interview: Interview, recipient: User) -> Rendered:
    return render("interview_rescheduled", _interview_context(interview, recipient))


def interview_cancelled(*, interview: Interview, recipient: User) -> Rendered:
    return render("interview_cancelled", _interview_context(interview, recipient))


def interview_reminder(*, interview: Interview, recipient: User, now: datetime) -> Rendered:
    context = _interview_context(interview, recipient)
    context["starts_in"] = _duration(interview.scheduled_at, now)
    return render("interview_reminder", context)


# --- Feedback -------------------------------------------------------------------------------------


def feedback_available(*, feedback: Feedback, recipient: User) -> Rendered:
    """To the candidate: only that feedback exists. Ratings, comments and private notes stay in IMS."""
    context = _interview_context(feedback.interview, recipient)
    context.update(page_url=application_page(feedback.interview.application), page_label="Read the feedback")
    return render("feedback_available", context)


def feedback_submitted(*, feedback: Feedback, recipient: User) -> Rendered:
    """To admins: a summary. Private notes are never emailed; they are read in IMS."""
    context = _interview_context(feedback.interview, recipient)
    context.update(
        {
            "feedback": feedback,
            "recommendation": feedback.get_recommendation_display(),
            "submitted_at": local_time(feedback.submitted_at, recipient) if feedback.submitted_at else "",
        }
    )
    return render("feedback_submitted", context)


def feedback_reminder(*, interview: Interview, recipient: User, number: int, now: datetime) -> Rendered:
    context = _interview_context(interview, recipient)
    context.update(
        {
            "number": number,
            "ended_ago": _duration(now, interview.ends_at),
            "ended_at": local_time(interview.ends_at, recipient),
            "page_label": "Submit your feedback",
        }
    )
    return render("feedback_reminder", context)
