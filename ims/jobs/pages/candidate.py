"""The application's address for every role: the candidate's own page (part 1), the admin's candidate page
(contact, cover letter, resume, timeline, interviews, scorecards side by side), and for an interviewer who
interviews the application, their interview kit. Anyone else: 404."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ims.interviews import selectors as interview_selectors
from ims.interviews.models import Interview, InterviewStatus, Recommendation
from ims.jobs import selectors
from ims.jobs.models import ACTIVE_STATUSES, Application
from ims.jobs.pages import views as candidate_views
from ims.jobs.resumes import PDF, framed_resume, resume_download
from ims.privacy.audit import audit_application_read
from ims.privacy.models import AuditAction

# The tally's order: strongest yes first, undecided last.
TALLY_ORDER = [
    Recommendation.STRONG_YES,
    Recommendation.YES,
    Recommendation.NO,
    Recommendation.DEFINITELY_NOT,
    Recommendation.NO_DECISION,
]
RECOMMENDATION_WORDS = {
    Recommendation.STRONG_YES: gettext_lazy("Strong yes"),
    Recommendation.YES: gettext_lazy("Yes"),
    Recommendation.NO: gettext_lazy("No"),
    Recommendation.DEFINITELY_NOT: gettext_lazy("Definitely not"),
    Recommendation.NO_DECISION: gettext_lazy("No decision"),
}


@dataclass
class ScorecardGrid:
    """Rows = fields (interviewer, rating, recommendation, each criterion, comments, private notes), columns =
    the rounds with feedback, so the rounds can be compared cell by cell."""

    columns: list[Interview]
    rows: list[tuple[str, str, list[Any]]] = field(default_factory=list)  # (kind, label, one cell per column)
    tally: list[tuple[str, str, int]] = field(default_factory=list)  # (value, words, count)
    average: float | None = None


def scorecard_grid(interviews: list[Interview]) -> ScorecardGrid:
    columns = [interview for interview in interviews if getattr(interview, "feedback", None) is not None]
    grid = ScorecardGrid(columns=columns)
    if not columns:
        return grid
    feedback = [interview.feedback for interview in columns]
    criteria: list[str] = []
    for interview in columns:
        for name in [*(interview.round_type.criteria or []), *interview.feedback.criteria_scores]:
            if name not in criteria:
                criteria.append(name)
    grid.rows.append(("text", _("Interviewer"), [i.interviewer.full_name for i in columns]))
    grid.rows.append(("rating", _("Rating"), [f.rating for f in feedback]))
    grid.rows.append(
        (
            "recommendation",
            _("Recommendation"),
            [(f.recommendation, RECOMMENDATION_WORDS[f.recommendation]) for f in feedback],
        )
    )
    for name in criteria:
        grid.rows.append(("rating", name, [f.criteria_scores.get(name) for f in feedback]))
    grid.rows.append(("long", _("Comments"), [f.comments for f in feedback]))
    grid.rows.append(("long", _("Private notes"), [f.private_notes for f in feedback]))
    counts = Counter(f.recommendation for f in feedback)
    grid.tally = [(value, str(RECOMMENDATION_WORDS[value]), counts.get(value, 0)) for value in TALLY_ORDER]
    grid.average = round(sum(f.rating for f in feedback) / len(feedback), 1)
    return grid


@login_required
@require_GET
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One address, dispatched by role."""
    user = request.user
    if user.is_candidate:
        return candidate_views.my_application(request, pk)
    if user.is_interviewer:
        interview_pk = interview_selectors.interview_of_interviewer_for_application(user=user, application_pk=pk)
        if interview_pk is None:
            raise Http404(_("There is no such application."))
        return redirect("interview-page", pk=interview_pk)
    return _candidate_page(request, pk)


@csp_update({"frame-src": ["'self'"]})
def _candidate_page(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_candidate_page(user=request.user, pk=pk)
    interviews = interview_selectors.interviews_with_feedback_of_application(user=request.user, application=application)
    audit_application_read(action=AuditAction.CANDIDATE_VIEW, application=application, request=request)
    return render(
        request,
        "jobs/candidate_page.html",
        {
            "application": application,
            "candidate": application.candidate,
            "events": application.event_list,
            "interviews": interviews,
            "grid": scorecard_grid(interviews),
            "resume_is_pdf": application.resume_content_type == PDF,
            "can_schedule": application.status in ACTIVE_STATUSES,
            "scheduled": InterviewStatus.SCHEDULED,
        },
    )


def _staff_resume(request: HttpRequest, pk: int, *, inline: bool) -> FileResponse:
    """The resume for an admin, audited like the API's download."""
    application: Application = selectors.access_application(user=request.user, pk=pk)
    return resume_download(application=application, request=request, inline=inline)


@login_required
@require_GET
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    """The resume as a download: the candidate their own (part 1), an admin any."""
    if request.user.is_admin:
        return _staff_resume(request, pk, inline=False)
    return candidate_views.resume(request, pk)


@login_required
@require_GET
@framed_resume
def resume_inline(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF resume for the candidate page's frame: ``inline``, and only this response may be framed, by
    this site's own pages (X-Frame-Options SAMEORIGIN, CSP frame-ancestors 'self'). Admins only.

    The sandbox is the response's own (CSP ``sandbox``: an opaque origin, no script, forms or navigation of
    the page around it), not the iframe's ``sandbox`` attribute: Chromium refuses to run its PDF viewer in a
    frame sandboxed by its parent whatever the tokens (a blank grey frame), but shows it under the header."""
    if not request.user.is_admin:
        raise Http404(_("There is no such application."))
    return _staff_resume(request, pk, inline=True)
