"""The recruiter books, moves and cancels interviews: thin views over ims.interviews.services, with the day's
availability of both people beside the form (an htmx fragment of the same page, so it works without JavaScript)."""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ims.accounts.models import User
from ims.core.exceptions import ServiceError
from ims.interviews import selectors, services
from ims.interviews.models import Interview, InterviewStatus
from ims.interviews.pages.forms import RescheduleForm, ScheduleForm, local_moment
from ims.jobs import selectors as job_selectors
from ims.jobs.models import Application
from ims.ui.forms import add_service_error
from ims.ui.templatetags.ui import format_local, viewer_zone

STRIP_FIRST_HOUR = 7  # the strip's drawn window, in the recruiter's zone; the list below it has the whole day
STRIP_LAST_HOUR = 21
SLOT = timedelta(minutes=30)


@dataclass
class Busy:
    interview: Interview
    who: str  # "interviewer", "candidate" or "both"
    clash: bool
    span: str  # "10:00-11:00 CET", in the recruiter's zone


@dataclass
class Strip:
    """One day of the interviewer's and the candidate's scheduled interviews, and the slot being chosen."""

    day: date
    zone: zoneinfo.ZoneInfo
    interviewer: User | None
    candidate: User
    hours: list[str] = field(default_factory=list)
    rows: list[tuple[str, list[str]]] = field(default_factory=list)  # (label, a css state per half hour)
    busy: list[Busy] = field(default_factory=list)
    chosen: str = ""  # the chosen slot in the recruiter's zone
    elsewhere: list[tuple[str, str, str]] = field(default_factory=list)  # (person, their zone, the time there)


def _zone_of(user: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _span(start: datetime, end: datetime, zone: zoneinfo.ZoneInfo) -> str:
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    return f"{local_start:%H:%M}\u2013{local_end:%H:%M} {local_start.tzname() or zone.key}"


def build_strip(
    *,
    user: User,
    candidate: User,
    interviewer: User | None,
    day: date,
    zone: zoneinfo.ZoneInfo,
    start: datetime | None,
    minutes: int | None,
    exclude: Interview | None = None,
) -> Strip:
    """The availability strip for ``day`` in ``zone``: one query whatever the number of interviews."""
    strip = Strip(day=day, zone=zone, interviewer=interviewer, candidate=candidate)
    day_start = datetime.combine(day, time(0), tzinfo=zone)
    day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    found = selectors.interviews_busy(
        user=user,
        interviewer_id=interviewer.pk if interviewer else None,
        candidate_id=candidate.pk,
        start=day_start,
        end=day_end,
    )
    found = [interview for interview in found if exclude is None or interview.pk != exclude.pk]
    end = start + timedelta(minutes=minutes) if start is not None and minutes else None

    def meets(interview: Interview, a: datetime, b: datetime) -> bool:
        return interview.scheduled_at < b and interview.ends_at > a

    for interview in found:
        as_interviewer = interviewer is not None and interview.interviewer_id == interviewer.pk
        as_candidate = interview.candidate_id == candidate.pk
        who = "both" if as_interviewer and as_candidate else "interviewer" if as_interviewer else "candidate"
        clash = start is not None and end is not None and meets(interview, start, end)
        strip.busy.append(Busy(interview, who, clash, _span(interview.scheduled_at, interview.ends_at, zone)))

    slots = [
        datetime.combine(day, time(hour), tzinfo=zone) + SLOT * half
        for hour in range(STRIP_FIRST_HOUR, STRIP_LAST_HOUR)
        for half in (0, 1)
    ]
    strip.hours = [f"{hour:02d}" for hour in range(STRIP_FIRST_HOUR, STRIP_LAST_HOUR)]
    people = [(candidate, [b.interview for b in strip.busy if b.who in ("candidate", "both")])]
    if interviewer is not None:
        people.insert(0, (interviewer, [b.interview for b in strip.busy if b.who in ("interviewer", "both")]))
    for person, theirs in people:
        cells = ["busy" if any(meets(i, s, s + SLOT) for i in theirs) else "free" for s in slots]
        strip.rows.append((person.full_name, cells))
    if start is not None and end is not None:
        everyone = [b.interview for b in strip.busy]
        cells = []
        for s in slots:
            if start < s + SLOT and end > s:
                cells.append("clash" if any(meets(i, s, s + SLOT) for i in everyone) else "chosen")
            else:
                cells.append("free")
        strip.rows.append((_("This interview"), cells))
        strip.chosen = format_local(start, zone)
        for person in [candidate, interviewer]:
            if person is not None:
                their_zone = _zone_of(person)
                strip.elsewhere.append((person.full_name, their_zone.key, format_local(start, their_zone)))
    return strip


def _strip_for_form(
    request: HttpRequest,
    form: ScheduleForm,
    *,
    application: Application,
    default_day: date,
    exclude: Interview | None = None,
) -> Strip:
    """The strip for what the form holds so far: the fields that are valid count, the others are ignored."""
    data = form.cleaned_data if form.is_bound else dict(form.initial)
    zone = form.zone
    day = data.get("date") or default_day
    interviewer = data.get("interviewer") or (exclude.interviewer if exclude is not None else None)
    start = data.get("scheduled_at")
    if start is None and data.get("date") and data.get("time"):
        start = local_moment(data["date"], data["time"], zone)
    minutes = data.get("duration")
    if not minutes:
        round_type = data.get("round_type")
        minutes = round_type.default_duration if round_type else (exclude.duration if exclude is not None else None)
    return build_strip(
        user=request.user,
        candidate=application.candidate,
        interviewer=interviewer,
        day=day,
        zone=zone,
        start=start,
        minutes=minutes,
        exclude=exclude,
    )


def overlap_message(exc: ServiceError, *, zone: zoneinfo.ZoneInfo, application: Application) -> str:
    """The database's overlap refusal in the recruiter's words: which interview, when, and whose."""
    clashes = exc.extra.get("conflicts") or []
    if not clashes:
        return exc.detail
    parts = []
    for clash in clashes:
        start = datetime.fromisoformat(clash["scheduled_at"])
        end = datetime.fromisoformat(clash["ends_at"])
        if clash["shared"] == "interviewer":
            person = _("the interviewer %(name)s") % {"name": clash["interviewer"]}
        else:
            person = _("the candidate %(name)s") % {"name": application.candidate.full_name}
        parts.append(
            _("%(round)s at %(when)s (%(span)s) of %(person)s")
            % {
                "round": clash["round_type"],
                "when": format_local(start, zone),
                "span": _span(start, end, zone),
                "person": person,
            }
        )
    return _("This time overlaps with %(clashes)s. Choose a free slot in the day's availability.") % {
        "clashes": "; ".join(parts)
    }


def _show_refusal(form: ScheduleForm, exc: ServiceError, *, application: Application) -> None:
    if exc.code == "schedule_conflict":
        form.add_error("time", overlap_message(exc, zone=form.zone, application=application))
    elif exc.field == "scheduled_at":
        form.add_error("time", exc.detail)
    else:
        add_service_error(form, exc)


def _admin_only(request: HttpRequest) -> None:
    if not request.user.is_admin:
        raise Http404(_("There is no such page."))


def _render(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    template = "interviews/scheduling.html"
    if request.htmx and request.htmx.target == "availability":
        template += "#availability"
    return render(request, template, context, status=status)


def _tomorrow(zone: zoneinfo.ZoneInfo) -> date:
    return (timezone.now().astimezone(zone) + timedelta(days=1)).date()


def _scheduled_message(interview: Interview, zone: zoneinfo.ZoneInfo, verb: str) -> str:
    return _("Interview %(verb)s for %(when)s. %(candidate)s and %(interviewer)s have been emailed.") % {
        "verb": verb,
        "when": format_local(interview.scheduled_at, zone),
        "candidate": interview.application.candidate.full_name,
        "interviewer": interview.interviewer.full_name,
    }


def _booked(request: HttpRequest, interview: Interview, zone: zoneinfo.ZoneInfo, verb: str) -> HttpResponse:
    messages.success(request, _scheduled_message(interview, zone, verb))
    return redirect("my-application", pk=interview.application_id)


def _get_forms(request: HttpRequest, form_class: type[ScheduleForm], *, initial: dict, zone: zoneinfo.ZoneInfo):
    """On a GET: the form to show (its initial values, overridden by the query's), and the one the
    availability strip reads (the query's, bound; without a query, the same form)."""
    if request.GET:
        strip_form = form_class(request.GET, zone=zone)
        strip_form.is_valid()
        return form_class(initial={**initial, **request.GET.dict()}, zone=zone), strip_form
    form = form_class(initial=initial, zone=zone)
    return form, form


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Book a round for the application. GET with the form's fields (htmx, or the no-JavaScript "Show
    availability" button) redraws the availability for them."""
    _admin_only(request)
    application = job_selectors.access_application(user=request.user, pk=pk)
    zone = viewer_zone(request.user)
    initial = {"date": _tomorrow(zone), "time": time(10, 0)}
    status = 200
    if request.method == "POST":
        form = ScheduleForm(request.POST, zone=zone)
        if form.is_valid():
            data = form.cleaned_data
            try:
                interview = services.interview_schedule(
                    application=application,
                    round_type=data["round_type"],
                    interviewer=data["interviewer"],
                    scheduled_at=data["scheduled_at"],
                    duration=data["duration"],
                    location=data["location"],
                    meeting_url=data["meeting_url"],
                    actor=request.user,
                )
            except ServiceError as exc:
                _show_refusal(form, exc, application=application)
                status = exc.status_code
            else:
                return _booked(request, interview, zone, _("scheduled"))
        else:
            status = 400
        strip_form = form
    else:
        form, strip_form = _get_forms(request, ScheduleForm, initial=initial, zone=zone)
    strip = _strip_for_form(request, strip_form, application=application, default_day=initial["date"])
    context = {"application": application, "form": form, "strip": strip, "mode": "schedule"}
    return _render(request, context, status)


def _interview_for_admin(request: HttpRequest, pk: int) -> Interview:
    _admin_only(request)
    return selectors.access_interview(user=request.user, pk=pk)


def _reschedule_initial(interview: Interview, zone: zoneinfo.ZoneInfo) -> dict:
    local = interview.scheduled_at.astimezone(zone)
    return {
        "interviewer": interview.interviewer_id,
        "date": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "duration": interview.duration,
        "location": interview.location,
        "meeting_url": interview.meeting_url,
        "sequence": interview.sequence,
    }


@login_required
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an interview (time, length, interviewer, place). A change someone else made meanwhile is not
    overwritten: the form comes back with the interview's current details and says so."""
    interview = _interview_for_admin(request, pk)
    application = interview.application
    zone = viewer_zone(request.user)
    status = 200
    if request.method == "POST":
        form = RescheduleForm(request.POST, zone=zone)
        if form.is_valid():
            data = form.cleaned_data
            try:
                interview = services.interview_update(
                    interview=interview,
                    data={
                        "interviewer": data["interviewer"],
                        "scheduled_at": data["scheduled_at"],
                        "duration": data["duration"] or interview.duration,
                        "location": data["location"],
                        "meeting_url": data["meeting_url"],
                    },
                    actor=request.user,
                    expected_sequence=data["sequence"],
                )
            except ServiceError as exc:
                status = exc.status_code
                if exc.code in ("stale", "not_scheduled"):
                    interview = selectors.access_interview(user=request.user, pk=pk)
                    form = RescheduleForm(initial=_reschedule_initial(interview, zone), zone=zone)
                    messages.warning(request, exc.detail)
                else:
                    _show_refusal(form, exc, application=application)
            else:
                return _booked(request, interview, zone, _("moved"))
        else:
            status = 400
        strip_form = form
    else:
        form, strip_form = _get_forms(request, RescheduleForm, initial=_reschedule_initial(interview, zone), zone=zone)
    if not strip_form.is_bound:
        strip_form = RescheduleForm(_reschedule_initial(interview, zone), zone=zone)
        strip_form.is_valid()
    strip = _strip_for_form(
        request,
        strip_form,
        application=application,
        default_day=interview.scheduled_at.astimezone(zone).date(),
        exclude=interview,
    )
    context = {
        "application": application,
        "interview": interview,
        "form": form,
        "strip": strip,
        "mode": "reschedule",
        "is_scheduled": interview.status == InterviewStatus.SCHEDULED,
    }
    return _render(request, context, status)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page (works without JavaScript), then the service; cancelling twice changes nothing."""
    interview = _interview_for_admin(request, pk)
    zone = viewer_zone(request.user)
    error = ""
    status = 200
    if request.method == "POST":
        was_cancelled = interview.status == InterviewStatus.CANCELLED
        try:
            interview = services.interview_cancel(interview=interview, actor=request.user)
        except ServiceError as exc:
            error, status = exc.detail, exc.status_code
        else:
            if was_cancelled:
                messages.info(request, _("This interview was already cancelled."))
            else:
                messages.success(
                    request,
                    _(
                        "The %(round)s interview of %(when)s is cancelled. %(candidate)s and %(interviewer)s have "
                        "been emailed."
                    )
                    % {
                        "round": interview.round_type.name,
                        "when": format_local(interview.scheduled_at, zone),
                        "candidate": interview.application.candidate.full_name,
                        "interviewer": interview.interviewer.full_name,
                    },
                )
            return redirect("my-application", pk=interview.application_id)
    return render(request, "interviews/cancel.html", {"interview": interview, "error": error}, status=status)
