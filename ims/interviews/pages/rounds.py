"""/app/rounds/: the round types recruiters interview with, their criteria and the interview kit's guidance.
Thin views over ims.interviews.services round_type_*; admins only."""

from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ims.core.exceptions import Conflict, ServiceError
from ims.interviews import selectors, services
from ims.interviews.pages.forms import RoundTypeForm
from ims.ui.admin_pages import admin_only
from ims.ui.forms import add_service_error


@admin_only
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    round_types = selectors.round_types_with_usage(user=request.user)
    return render(request, "interviews/rounds.html", {"round_types": round_types})


def _form_page(request: HttpRequest, *, round_type=None) -> HttpResponse:
    initial = RoundTypeForm.initial_for(round_type) if round_type is not None else None
    form = RoundTypeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if round_type is None:
                saved = services.round_type_create(**form.cleaned_data)
                text = _("Round type “%(name)s” created.")
            else:
                saved = services.round_type_update(round_type=round_type, data=form.cleaned_data)
                text = _("Round type “%(name)s” saved.")
        except (ServiceError, DjangoValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, text % {"name": saved.name})
            return redirect("rounds")
    return render(request, "interviews/round_form.html", {"form": form, "round_type": round_type})


@admin_only
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request)


@admin_only
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, round_type=selectors.access_round_type(user=request.user, pk=pk))


@admin_only
@require_POST
def round_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate (no new interviews of this kind; past ones keep it) or reactivate. Setting what is already
    set changes nothing, so two admins clicking at once both land on the same state."""
    round_type = selectors.access_round_type(user=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    saved = services.round_type_update(round_type=round_type, data={"is_active": active})
    if active:
        messages.success(request, _("Round type “%(name)s” is active again.") % {"name": saved.name})
    else:
        messages.success(
            request,
            _("Round type “%(name)s” is deactivated: no new interviews use it; past ones keep it.")
            % {"name": saved.name},
        )
    return redirect("rounds")


@admin_only
@require_http_methods(["GET", "POST"])
def round_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page; a round type in use is refused by the service, and the page offers deactivation."""
    round_type = selectors.access_round_type(user=request.user, pk=pk)
    refusal = None
    if request.method == "POST":
        try:
            services.round_type_delete(round_type=round_type)
        except Conflict as exc:
            refusal = exc.detail
        else:
            messages.success(request, _("Round type “%(name)s” deleted.") % {"name": round_type.name})
            return redirect("rounds")
    return render(request, "interviews/round_delete.html", {"round_type": round_type, "refusal": refusal})
