"""The interviewer's pages: my schedule (/app/ for interviewers) and the interview kit (/app/interviews/<id>/),
which an admin sees read-only with every scorecard. Thin views over the interviews selectors and services."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ims.core.exceptions import ServiceError
from ims.interviews import selectors, services
from ims.interviews.models import Interview, InterviewStatus
from ims.interviews.pages.forms import ScorecardForm
from ims.jobs.resumes import framed_resume, resume_download
from ims.notifications import calendar
from ims.reports.selectors import FEEDBACK_OVERDUE_AFTER
from ims.ui.forms import add_service_error
from ims.ui.templatetags.ui import viewer_zone

INLINE_TYPES = ("application/pdf",)


def _staff_interview(request: HttpRequest, pk: int) -> Interview:
    """The interview through the access convention, for its interviewer or an admin (a candidate never
    reaches the kit: part 1's page keeps that URL for them)."""
    if not (request.user.is_admin or request.user.is_interviewer):
        raise Http404(_("There is no such interview."))
    return selectors.access_interview(user=request.user, pk=pk)


# --- My schedule ---------------------------------------------------------------------------------


def _overdue(interview: Interview, now: datetime) -> timedelta | None:
    late = now - (interview.ends_at + FEEDBACK_OVERDUE_AFTER)
    return late if late > timedelta(0) else None


def interviewer_home(request: HttpRequest) -> HttpResponse:
    """My schedule: today, the coming days, and past interviews still waiting for my feedback."""
    zone = viewer_zone(request.user)
    now = timezone.now()
    local_today = now.astimezone(zone).date()
    day_start = datetime(local_today.year, local_today.month, local_today.day, tzinfo=zone)
    day_end = day_start + timedelta(days=1)
    sections = selectors.interviewer_schedule(user=request.user, day_start=day_start, day_end=day_end)
    awaiting = [(interview, _overdue(interview, now)) for interview in sections["awaiting_feedback"]]
    return render(
        request,
        "interviews/my_schedule.html",
        {"today": sections["today"], "coming": sections["coming"], "awaiting": awaiting, "zone": zone.key},
    )


# --- The interview kit ---------------------------------------------------------------------------


def _kit_context(request: HttpRequest, interview: Interview, form: ScorecardForm | None = None) -> dict:
    user = request.user
    criteria = list(interview.round_type.criteria or [])
    mine = None
    draft = None
    versions: list = []
    if user.is_interviewer:
        mine = interview.feedback if interview.feedback_submitted else None
        draft = None if mine else selectors.feedback_draft_of(user=user, interview=interview)
    own_feedback = mine
    if user.is_admin and interview.feedback_submitted:
        own_feedback = interview.feedback
    if own_feedback is not None:
        versions = list(selectors.feedback_versions(user=user, feedback=own_feedback))
    now = timezone.now()
    can_edit = mine is not None and now <= mine.editable_until
    can_score = user.is_interviewer and interview.status not in (InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW)
    if not can_score:
        form = None
    elif form is None and (mine is None or can_edit):
        form = ScorecardForm(initial=ScorecardForm.initial_from(mine or draft, criteria), criteria=criteria)
    application = interview.application
    return {
        "interview": interview,
        "application": application,
        "criteria": criteria,
        "form": form,  # a bound form keeps what was typed, with its errors
        "mine": mine,
        "own_feedback": own_feedback,
        "draft": draft,
        "versions": versions,
        "can_edit": can_edit,
        "peers": selectors.feedback_of_peers(user=user, interview=interview),
        "show_private_notes": user.is_admin,
        "resume_inline": application.resume_content_type in INLINE_TYPES,
        "started": interview.scheduled_at <= now,
    }


def _scorecard_error(form: ScorecardForm, exc: ServiceError) -> None:
    if exc.field == "criteria_scores":
        form.add_criteria_error(exc.detail)
    else:
        add_service_error(form, exc)


@login_required
@require_http_methods(["GET", "POST"])
def interview_kit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the kit. POST ``action`` = draft (htmx swaps the scorecard in place; without JavaScript the page
    comes back), submit, or edit (both redirect to the kit with a message)."""
    interview = _staff_interview(request, pk)
    if request.method == "GET":
        return render(request, "interviews/kit.html", _kit_context(request, interview))
    if not request.user.is_interviewer:
        raise Http404(_("Only the interview's interviewer can write its scorecard."))
    criteria = list(interview.round_type.criteria or [])
    form = ScorecardForm(request.POST, criteria=criteria)
    action = request.POST.get("action", "draft")
    if form.is_valid():
        values = form.scorecard()
        try:
            if action == "submit":
                services.feedback_submit(
                    interview=interview,
                    interviewer=request.user,
                    rating=values["rating"],
                    comments=values["comments"],
                    recommendation=values["recommendation"] or "no_decision",
                    criteria_scores=values["criteria_scores"],
                    private_notes=values["private_notes"],
                )
                messages.success(request, _("Your scorecard is submitted. You can edit it for 24 hours."))
                return redirect("interview-page", pk=pk)
            if action == "edit":
                feedback = selectors.access_feedback(user=request.user, pk=pk)
                if not values["recommendation"]:
                    values.pop("recommendation")
                feedback = services.feedback_edit(feedback=feedback, editor=request.user, data=values)
                messages.success(request, _("Your scorecard is updated (version %(n)s).") % {"n": feedback.version})
                return redirect("interview-page", pk=pk)
            draft = services.feedback_draft_save(interview=interview, interviewer=request.user, data=values)
        except ServiceError as exc:
            _scorecard_error(form, exc)
        else:
            context = _kit_context(request, selectors.access_interview(user=request.user, pk=pk), form=form)
            context["draft_saved"] = draft.saved_at
            if request.htmx:
                return render(request, "interviews/kit.html#scorecard", context)
            messages.success(request, _("Draft saved. Only you can see it."))
            return redirect("interview-page", pk=pk)
    context = _kit_context(request, selectors.access_interview(user=request.user, pk=pk), form=form)
    template = "interviews/kit.html#scorecard" if request.htmx else "interviews/kit.html"
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
@require_GET
@framed_resume
def kit_resume(request: HttpRequest, pk: int) -> HttpResponse:
    """The application's resume for the kit: inline for the frame (only this response may be framed, by this
    site's pages; sandboxed by its own CSP, since Chromium shows no PDF in a frame its parent sandboxed), or
    ``?download=1`` to save it. Audited."""
    interview = _staff_interview(request, pk)
    inline = request.GET.get("download") != "1" and interview.application.resume_content_type in INLINE_TYPES
    return resume_download(application=interview.application, request=request, inline=inline)


@login_required
@require_GET
def kit_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _staff_interview(request, pk)
    return calendar.invite_download(interview)
