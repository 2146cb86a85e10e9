"""The careers site and the candidate's applications: thin views over the jobs selectors and services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ims.accounts.pages.adapters import AFTER_VERIFY_SESSION_KEY
from ims.accounts.selectors import user_email_verified
from ims.core.exceptions import ServiceError
from ims.core.throttling import hit
from ims.interviews import selectors as interview_selectors
from ims.interviews.pages.kit import interview_kit
from ims.jobs import cache as careers_cache
from ims.jobs import selectors, services
from ims.jobs.models import ACTIVE_STATUSES, APPLICATION_ORDERING
from ims.jobs.pages.forms import ApplyForm, JobSearchForm, WithdrawForm
from ims.jobs.resumes import resume_open, resume_response
from ims.notifications import calendar
from ims.ui.forms import add_service_error
from ims.ui.lists import list_context, list_template

PAGE_SIZE = 10


def _cacheable(request) -> bool:
    """Anonymous visitors with no message waiting get the shared copy (len() does not consume messages)."""
    return not request.user.is_authenticated and not len(get_messages(request))


def _cached(request, name: str, render_page) -> HttpResponse:
    response = _cached_or_rendered(request, name, render_page)
    # The htmx fragment and the full page share a URL.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _cached_or_rendered(request, name: str, render_page) -> HttpResponse:
    if not _cacheable(request):
        return render_page()
    key = careers_cache.careers_key(f"{name}:{'htmx' if request.htmx else 'full'}")
    content = careers_cache.careers_get(key)
    if content is None:
        response = render_page()
        if hasattr(response, "render"):
            response.render()
        if response.status_code != 200:
            return response
        careers_cache.careers_set(key, response.content)
        return response
    return HttpResponse(content)


@require_GET
def careers(request):
    """Open jobs, searchable and filtered, paginated; with htmx only the results are swapped in."""

    def render_page():
        form = JobSearchForm(request.GET or None, departments=selectors.jobs_open_departments())
        filters = form.cleaned_data if form.is_valid() else {}
        jobs = selectors.jobs_open_search(
            query=filters.get("q", ""),
            department=filters.get("department", ""),
            employment_type=filters.get("employment_type", ""),
        )
        context = list_context(request, form=form, rows=jobs, page_size=PAGE_SIZE)
        return TemplateResponse(request, list_template(request, "jobs/careers.html"), context)

    return _cached(request, f"list:{request.get_full_path()}", render_page)


@require_GET
def job_detail(request, pk: int):
    def render_page():
        job = selectors.access_job(user=request.user, pk=pk)
        existing = None
        if request.user.is_authenticated and request.user.is_candidate:
            existing = selectors.application_of_candidate_for_job(candidate=request.user, job=job)
        return TemplateResponse(request, "jobs/job_detail.html", {"job": job, "existing": existing})

    return _cached(request, f"job:{pk}", render_page)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, pk: int):
    job = selectors.access_job(user=request.user, pk=pk)
    user = request.user
    context = {"job": job}
    if not user.is_candidate:
        return render(request, "jobs/apply_refused.html", {**context, "reason": "not_candidate"}, status=403)
    existing = selectors.application_of_candidate_for_job(candidate=user, job=job)
    if existing is not None:
        return render(request, "jobs/apply_refused.html", {**context, "reason": "exists", "existing": existing})
    if not job.is_open:
        return render(request, "jobs/apply_refused.html", {**context, "reason": "closed"})
    if not user_email_verified(user):
        request.session[AFTER_VERIFY_SESSION_KEY] = request.path
        return render(request, "jobs/apply_refused.html", {**context, "reason": "unverified"}, status=403)

    form = ApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        limit = hit("page_apply", f"user:{user.pk}", settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["page_apply"])
        if limit is not None and not limit.allowed:
            form.add_error(None, _("You have sent many applications in a short time. Try again later."))
            return render(request, "jobs/apply.html", {**context, "form": form}, status=429)
        try:
            application = services.application_create(
                candidate=user,
                job=job,
                cover_letter=form.cleaned_data["cover_letter"],
                resume=form.cleaned_data["resume"],
            )
        except ServiceError as exc:
            if exc.code == "already_applied":
                messages.info(request, _("You have already applied to this job."))
                existing = selectors.application_of_candidate_for_job(candidate=user, job=job)
                if existing is not None:
                    return redirect("my-application", pk=existing.pk)
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Your application for %(job)s has been sent. We have emailed you a confirmation.")
                % {"job": job.title},
            )
            return redirect("my-application", pk=application.pk)
    status = 400 if form.errors else 200
    return render(request, "jobs/apply.html", {**context, "form": form}, status=status)


def _candidate_only(request):
    if not request.user.is_candidate:
        raise Http404(_("Only candidates have applications."))


@login_required
@require_GET
def my_applications(request):
    _candidate_only(request)
    applications = interview_selectors.applications_of_candidate(candidate=request.user).order_by(*APPLICATION_ORDERING)
    page = Paginator(applications, 20).get_page(request.GET.get("page"))
    return render(request, "jobs/my_applications.html", {"page": page})


def _own_application(request, pk: int):
    _candidate_only(request)
    return selectors.access_application(user=request.user, pk=pk)


@login_required
@require_GET
def my_application(request, pk: int):
    application = selectors.application_with_events(_own_application(request, pk))
    interviews = list(
        interview_selectors.interviews_of_candidate_application(candidate=request.user, application=application)
    )
    feedback = list(
        interview_selectors.feedback_for_candidate(user=request.user).filter(interview__application=application)
    )
    return render(
        request,
        "jobs/my_application.html",
        {
            "application": application,
            "events": application.event_list,
            "interviews": interviews,
            "feedback": feedback,
            "can_withdraw": application.status in ACTIVE_STATUSES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    """A confirmation page (works without JavaScript), then the service."""
    application = _own_application(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(application=application, actor=request.user, note=form.cleaned_data["note"])
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Your application for %(job)s has been withdrawn. Its interviews are cancelled.")
                % {"job": application.job.title},
            )
            return redirect("my-application", pk=pk)
    return render(request, "jobs/withdraw.html", {"application": application, "form": form})


@login_required
@require_GET
def interview_calendar(request, pk: int, interview_pk: int):
    """The interview's invite (.ics): the same calendar builder as the email's attachment."""
    application = _own_application(request, pk)
    interview = interview_selectors.access_interview(user=request.user, pk=interview_pk)
    if interview.application_id != application.pk:
        raise Http404(_("There is no such interview."))
    return calendar.invite_download(interview, for_candidate=True)


@login_required
@require_GET
def resume(request, pk: int):
    """The candidate's own resume, behind the same scoping as the page (another's is 404)."""
    application = _own_application(request, pk)
    return resume_response(application, resume_open(application))


@login_required
@require_http_methods(["GET", "POST"])
def interview_page(request, pk: int):
    """The address emails and calendar invites give for an interview: for the candidate their application page;
    for its interviewer and admins the interview kit (ims.interviews.pages.kit)."""
    if request.user.is_candidate:
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        interview = interview_selectors.access_interview(user=request.user, pk=pk)
        return redirect(reverse("my-application", args=[interview.application_id]) + f"#interview-{pk}")
    return interview_kit(request, pk)
