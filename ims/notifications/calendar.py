"""Calendar invites (.ics, RFC 5546 iTIP) for interviews, built with the icalendar library.

One interview is one calendar event for its whole life: the UID never changes and SEQUENCE (bumped by the
interviews service on every reschedule/cancel) tells calendar clients which version is newest.

icalendar is imported by the first invite built, not with this module: the outbox (so every service, and every
web worker) imports this module, and icalendar would cost each worker ~4 MB for the few requests that build one.
"""

from __future__ import annotations

from datetime import UTC
from email.utils import parseaddr
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

if TYPE_CHECKING:
    from icalendar import vCalAddress

    from ims.accounts.models import User
    from ims.interviews.models import Interview

REQUEST = "REQUEST"
CANCEL = "CANCEL"
FILENAME = "invite.ics"


def interview_uid(interview: Interview) -> str:
    return f"interview-{interview.pk}@ims"


def _address(user: User, *, role: str) -> vCalAddress:
    from icalendar import vCalAddress, vText  # lazy, see the module's docstring

    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = vText(user.full_name)
    address.params["role"] = vText(role)
    address.params["partstat"] = vText("NEEDS-ACTION")
    # Replies would go to a no-reply organiser; changes are made in IMS, not by answering the invite.
    address.params["rsvp"] = vText("FALSE")
    return address


def interview_invite(interview: Interview, *, method: str, for_candidate: bool = False) -> str:
    """The iCalendar text for ``method`` REQUEST (new or moved) or CANCEL. ``for_candidate``: the copy a candidate
    downloads from their page or receives by email, which names the interviewer but carries no address of theirs
    (issue 14; same UID). The organiser is always IMS (DEFAULT_FROM_EMAIL)."""
    from icalendar import Calendar, Event, vCalAddress, vText  # lazy, see the module's docstring

    job = interview.application.job
    interviewer = interview.interviewer
    interviewer_name = interviewer.name_for_candidates if for_candidate else interviewer.full_name
    summary = f"{interview.round_type.name} interview: {interview.candidate.full_name} for {job.title}"
    description = [
        f"{interview.round_type.name} interview for {job.title}.",
        f"Candidate: {interview.candidate.full_name}",
        f"Interviewer: {interviewer_name}",
    ]
    if interview.location:
        description.append(f"Where: {interview.location}")
    if interview.meeting_url:
        description.append(f"Meeting link: {interview.meeting_url}")
    page = f"{settings.SITE_URL}/app/interviews/{interview.pk}/"
    description.append(f"Details: {page}")

    organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["cn"] = vText(organizer_name or "IMS")

    event = Event()
    event.add("uid", interview_uid(interview))
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", interview.scheduled_at.astimezone(UTC))
    event.add("dtend", interview.ends_at.astimezone(UTC))
    event.add("summary", summary)
    event.add("description", "\n".join(description))
    if interview.location or interview.meeting_url:
        event.add("location", interview.location or interview.meeting_url)
    # URL: the link to join when there is one (calendars show it as "join"), else the interview's page in IMS,
    # which DESCRIPTION always carries.
    event.add("url", interview.meeting_url or page)
    event.add("organizer", organizer)
    event.add("attendee", _address(interview.candidate, role="REQ-PARTICIPANT"))
    if not for_candidate:
        event.add("attendee", _address(interview.interviewer, role="CHAIR"))
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("transp", "OPAQUE")

    calendar = Calendar()
    calendar.add("prodid", "-//IMS//Interview Management System//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def invite_download(interview: Interview, *, for_candidate: bool = False) -> HttpResponse:
    """The interview's invite as it stands now, as a page's "Add to calendar" download: a cancelled interview's
    is a CANCEL, so importing it removes the event. ``for_candidate`` as in :func:`interview_invite`. Private
    and never stored: it names the people."""
    from ims.interviews.models import InterviewStatus  # lazy: the outbox imports this module with the services

    method = CANCEL if interview.status == InterviewStatus.CANCELLED else REQUEST
    response = HttpResponse(
        interview_invite(interview, method=method, for_candidate=for_candidate), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def invite_attachment(interview: Interview, *, method: str, for_candidate: bool = False) -> dict[str, str]:
    """The outbox's JSON form of an attachment; the ``method`` parameter lets mail clients show buttons.
    ``for_candidate``: the candidate's copy, as in :func:`interview_invite`."""
    return {
        "filename": FILENAME,
        "content": interview_invite(interview, method=method, for_candidate=for_candidate),
        "mimetype": f"text/calendar; method={method}",
    }
