"""The candidate's own data on the profile page (issue 17): download it, or delete the account. Thin views over
ims.privacy.services, which audit the export and do the erasure; candidates only, as in the API."""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from rest_framework.renderers import JSONRenderer

from ims.accounts.pages.forms import DeleteAccountForm
from ims.core.exceptions import ServiceError
from ims.privacy import services
from ims.ui.forms import add_service_error

EXPORT_FORMATS = ("json", "zip")


def _candidate_only(request: HttpRequest) -> None:
    # Staff accounts are not exported or erased here (the service refuses them, the API answers 403): the
    # page does not exist for them.
    if not request.user.is_candidate:
        raise Http404


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Everything IMS holds about me, as the API's export: JSON, or a ZIP with my resumes. Audited."""
    _candidate_only(request)
    requested = request.GET.get("format", "json")
    if requested not in EXPORT_FORMATS:
        raise Http404
    as_zip = requested == "zip"
    result = services.candidate_export(candidate=request.user, actor=request.user, as_zip=as_zip)
    if as_zip:
        response = HttpResponse(result, content_type="application/zip")
    else:
        response = HttpResponse(JSONRenderer().render(result), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="ims-export-{request.user.pk}.{requested}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """A confirmation page asking for the password (works without JavaScript); then the erasure, the end of
    the session, and a goodbye page."""
    _candidate_only(request)
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_erase_self(user=request.user, password=form.cleaned_data["password"])
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            logout(request)
            return redirect("account-deleted")
    return render(request, "accounts/delete_account.html", {"form": form})


@require_GET
def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account_deleted.html")
