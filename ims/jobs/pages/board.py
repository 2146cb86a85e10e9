"""The recruiter's workspace (issue 14): the jobs list, a job's form, and its pipeline board. Admins only; for
anyone else these addresses do not exist (404)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ims.core.exceptions import ServiceError
from ims.interviews import selectors as interview_selectors
from ims.jobs import selectors, services
from ims.jobs.models import ACTIVE_STATUSES, TRANSITIONS, Application, ApplicationStatus, Job, RejectionReason
from ims.jobs.pages.forms import BoardFilterForm, BoardMoveForm, JobForm, JobListForm
from ims.ui.forms import add_service_error
from ims.ui.lists import list_context, list_template
from ims.ui.templatetags.ui import format_local, viewer_zone

JOBS_PAGE_SIZE = 20
STAGE_LABELS = dict(ApplicationStatus.choices)
# The moves a card offers as buttons: withdrawing is the candidate's own action, not the recruiter's; rejecting
# is its own button, since it asks for the reason first.
BOARD_MOVES = {
    status: [
        (to, STAGE_LABELS[to]) for to in moves if to not in (ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED)
    ]
    for status, moves in TRANSITIONS.items()
}
CAN_REJECT = {status for status, moves in TRANSITIONS.items() if ApplicationStatus.REJECTED in moves}


def _admin_only(request: HttpRequest) -> None:
    if not request.user.is_admin:
        raise Http404(_("There is no such page."))


def _managed_job(request: HttpRequest, pk: int) -> Job:
    """A job through the shared ``access_job``, on pages that are the admins' only (everyone else: 404)."""
    _admin_only(request)
    return selectors.access_job(user=request.user, pk=pk)


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


# --- Jobs -----------------------------------------------------------------------------------------


@login_required
@require_GET
def jobs_index(request: HttpRequest) -> HttpResponse:
    """Every job with its applications per stage (one query for the page's rows), open ones first."""
    _admin_only(request)
    form = JobListForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    jobs = Job.objects.all()
    for word in filters.get("q", "").split()[:5]:
        jobs = jobs.filter(Q(title__icontains=word) | Q(department__icontains=word))
    if filters.get("state") in ("open", "closed"):
        jobs = jobs.filter(is_open=filters["state"] == "open")
    jobs = selectors.jobs_with_application_counts(jobs.order_by("-is_open", "-created_at", "-id"))
    context = list_context(request, form=form, rows=jobs, page_size=JOBS_PAGE_SIZE)
    for job in context["page"].object_list:
        job.stage_counts = stage_counts(job)
    return render(request, list_template(request, "jobs/staff/jobs.html"), {**context, "stages": STAGES})


STAGES = tuple(ApplicationStatus.values)


def stage_counts(job: Job) -> list[tuple[str, str, int]]:
    """(status, label, count) for each stage of a job read with ``jobs_with_application_counts``."""
    return [
        (status, STAGE_LABELS[status], getattr(job, f"{selectors.STATUS_COUNT_PREFIX}{status}")) for status in STAGES
    ]


@login_required
@require_http_methods(["GET", "POST"])
def job_create(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.job_create(created_by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("%(job)s is published on the careers site.") % {"job": job.title})
            return redirect("staff-job-board", pk=job.pk)
    status = 400 if form.errors else 200
    return render(request, "jobs/staff/job_form.html", {"form": form, "job": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    job = _managed_job(request, pk)
    form = JobForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        try:
            services.job_update(job=job, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("%(job)s is saved.") % {"job": form.cleaned_data["title"]})
            return redirect("staff-job-board", pk=job.pk)
    status = 400 if form.errors else 200
    return render(request, "jobs/staff/job_form.html", {"form": form, "job": job}, status=status)


def _open_or_close(request: HttpRequest, pk: int, *, is_open: bool) -> HttpResponse:
    job = _managed_job(request, pk)
    try:
        job = services.job_update(job=job, is_open=is_open)
    except ServiceError as exc:
        messages.error(request, exc.detail)
    else:
        if job.is_open:
            messages.success(request, _("%(job)s is open again and listed on the careers site.") % {"job": job.title})
        else:
            messages.success(request, _("%(job)s is closed: it no longer accepts applications.") % {"job": job.title})
    return redirect(_back(request, reverse("staff-job-board", args=[pk])))


@login_required
@require_POST
def job_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _open_or_close(request, pk, is_open=False)


@login_required
@require_POST
def job_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _open_or_close(request, pk, is_open=True)


# --- The pipeline board ---------------------------------------------------------------------------


def _filters(data: QueryDict) -> dict:
    form = BoardFilterForm(data or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    return {
        "form": form,
        "query": cleaned.get("q", ""),
        "status": cleaned.get("status", ""),
        "stale_only": bool(cleaned.get("stale")),
    }


def _decorate(cards: list[Application], now: datetime, zone: ZoneInfo) -> None:
    """Each card's words, worked out here once rather than by template tags per card (a board draws ~150)."""
    page_url = reverse("my-application", args=[0]).removesuffix("0/")  # the candidate page, reversed once
    for card in cards:
        card.page_url = f"{page_url}{card.pk}/"
        days = max(0, (now - (card.stage_since or card.applied_at)).days)
        card.token = f"{card.pk}:{card.status}"
        card.key = str(card.pk)  # a str renders without number formatting (localize), ~100 times a board
        card.applied_iso = card.applied_at.isoformat()
        card.applied_on = format_local(card.applied_at, zone, with_time=False)
        card.days_label = ngettext("%(days)d day in stage", "%(days)d days in stage", days) % {"days": days}
        card.is_stale = card.status in ACTIVE_STATUSES and days >= settings.PIPELINE_STALE_DAYS
        card.interviews_label = _("Interviews: %(done)d done, %(scheduled)d scheduled") % {
            "done": card.interviews_done,
            "scheduled": card.interviews_scheduled,
        }
        card.rating_label = (
            _("Rating %(rating).1f / 5") % {"rating": card.rating_avg}
            if card.rating_avg is not None
            else _("No scorecards yet")
        )
        name = card.candidate.full_name
        card.move_prefix = _("Move %(name)s to") % {"name": name}
        card.moves = BOARD_MOVES.get(card.status, [])
        card.can_reject = card.status in CAN_REJECT


def _board_context(request: HttpRequest, job: Job, data: QueryDict) -> dict:
    """The board as it is now: per-stage counts, then each stage's first cards (or one stage's page of cards)."""
    filters = _filters(data)
    applications = selectors.board_applications(
        job=job, query=filters["query"], status=filters["status"], stale_only=filters["stale_only"]
    )
    counts = selectors.board_counts(applications)
    now = timezone.now()
    zone = viewer_zone(request.user)
    page = None
    if filters["status"]:
        ordered = interview_selectors.board_card_details(applications).order_by("-applied_at", "-id")
        page = Paginator(ordered, selectors.BOARD_COLUMN_PAGE).get_page(data.get("page"))
        shown = {filters["status"]: list(page.object_list)}
    else:
        shown = interview_selectors.board_cards(applications)
    columns = []
    for status, label in ApplicationStatus.choices:
        if filters["status"] and status != filters["status"]:
            continue
        cards = shown.get(status, [])
        _decorate(cards, now, zone)
        columns.append({"status": status, "label": label, "cards": cards, "count": counts[status]})
    query = QueryDict(mutable=True)
    for key in ("q", "stale"):
        if data.get(key):
            query[key] = data[key]
    page_query = query.copy()
    if filters["status"]:
        page_query["status"] = filters["status"]
    return {
        "job": job,
        "form": filters["form"],
        "filters": filters,
        "columns": columns,
        "page": page,
        "query": query.urlencode(),
        "page_query": page_query.urlencode(),
        "total": sum(counts.values()),
        "selected_count": counts[ApplicationStatus.SELECTED],
        "stale_days": settings.PIPELINE_STALE_DAYS,
        "move_choices": [(s, label) for s, label in ApplicationStatus.choices if s != ApplicationStatus.WITHDRAWN],
        "form_reasons": RejectionReason.choices,
        # The card forms post here; the filters ride in the query string so the board comes back as it was.
        "move_url": reverse("staff-board-move", args=[job.pk]) + (f"?{page_query.urlencode()}" if page_query else ""),
        "reject_url": reverse("staff-board-reject", args=[job.pk]),
    }


@login_required
@require_GET
def job_board(request: HttpRequest, pk: int) -> HttpResponse:
    job = _managed_job(request, pk)
    template = "jobs/staff/board.html#board" if request.htmx else "jobs/staff/board.html"
    return render(request, template, _board_context(request, job, request.GET))


def _moved_message(cards: dict[int, str], to_status: str) -> str:
    label = ApplicationStatus(to_status).label
    return ngettext("%(n)d application moved to %(stage)s.", "%(n)d applications moved to %(stage)s.", len(cards)) % {
        "n": len(cards),
        "stage": label,
    }


@login_required
@require_POST
def board_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move one card or a selection, through the one bulk service (all or nothing). Rejecting without a reason
    shows the reason form first; a refusal is the service's words, above the board as it is now."""
    job = _managed_job(request, pk)
    form = BoardMoveForm(request.POST)
    if form.is_valid():
        cards = form.cleaned_data["applications"]
        to_status = form.cleaned_data["to_status"]
        if to_status == ApplicationStatus.REJECTED and not form.cleaned_data["reason"]:
            return _reject_page(request, job, form, request.POST.getlist("applications"))
        try:
            services.applications_bulk_transition(
                job=job,
                application_ids=list(cards),
                to_status=to_status,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                seen={pk: status for pk, status in cards.items() if status},
            )
        except ServiceError as exc:
            if to_status == ApplicationStatus.REJECTED and exc.field in ("reason", "note"):
                add_service_error(form, exc)
                return _reject_page(request, job, form, request.POST.getlist("applications"), status=400)
            messages.error(request, exc.detail)
        else:
            messages.success(request, _moved_message(cards, to_status))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    back = QueryDict(mutable=True)
    for key in ("q", "status", "stale"):
        value = request.POST.get(key) or request.GET.get(key)
        if value:
            back[key] = value
    if request.htmx:
        context = _board_context(request, job, back)
        moved = form.cleaned_data.get("applications") if form.is_valid() else None
        context["focus_card"] = next(iter(moved)) if moved and len(moved) == 1 else None
        return render(request, "jobs/staff/board.html#board", context)
    url = reverse("staff-job-board", args=[job.pk])
    return redirect(f"{url}?{back.urlencode()}" if back else url)


def _card_ids(values: list[str]) -> list[int]:
    return [int(pk) for pk, _sep, _status in (value.partition(":") for value in values) if pk.isdigit()]


def _reject_page(request: HttpRequest, job: Job, form: BoardMoveForm, values: list[str], status: int = 200):
    """The reason form, listing the cards it is about (only this job's)."""
    cards = selectors.board_applications(job=job).filter(pk__in=_card_ids(values)).select_related("candidate")
    context = {"job": job, "form": form, "cards": list(cards.order_by("pk")), "values": values}
    return render(request, "jobs/staff/reject.html", context, status=status)


@login_required
@require_GET
def board_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """The reason form for rejecting one card or a selection (the card's Reject button, the bulk bar's)."""
    job = _managed_job(request, pk)
    values = request.GET.getlist("applications")
    if not _card_ids(values):
        messages.error(request, _("Choose at least one card."))
        return redirect("staff-job-board", pk=job.pk)
    initial = {
        "to_status": ApplicationStatus.REJECTED,
        **{key: request.GET.get(key, "") for key in ("q", "status", "stale")},
    }
    return _reject_page(request, job, BoardMoveForm(initial=initial), values)
