"""/app/people/: the admins' list of users; invite an interviewer or admin, change a role, deactivate or
reactivate. Thin views over ims.accounts.services, which audit and keep at least one admin."""

from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ims.accounts import selectors, services
from ims.accounts.pages.people_forms import InviteForm, PeopleFilterForm, RoleForm
from ims.core.exceptions import ServiceError
from ims.ui.admin_pages import admin_only
from ims.ui.forms import add_service_error
from ims.ui.lists import list_context, list_template


@admin_only
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    status = filters.get("status", "")
    users = selectors.users_search(
        user=request.user,
        role=filters.get("role", ""),
        query=filters.get("q", ""),
        active={"active": True, "inactive": False}.get(status),
    )
    context = list_context(request, form=form, rows=users)
    return render(request, list_template(request, "accounts/people.html"), context)


@admin_only
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_invite(actor=request.user, **form.cleaned_data)
        except (ServiceError, DjangoValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(email)s has been invited and emailed a link to choose a password.") % {"email": user.email},
            )
            return redirect("person", pk=user.pk)
    return render(request, "accounts/invite.html", {"form": form})


@admin_only
@require_GET
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = selectors.access_user(user=request.user, pk=pk)
    return render(request, "accounts/person.html", _person_context(request, user))


def _person_context(request: HttpRequest, user, role_form: RoleForm | None = None) -> dict:
    return {
        "person": user,
        "role_form": role_form or RoleForm(initial={"role": user.role}, prefix="role"),
        "is_self": user.pk == request.user.pk,
        "invited": not user.has_usable_password() and user.last_login is None,
    }


@admin_only
@require_POST
def change_role(request: HttpRequest, pk: int) -> HttpResponse:
    user = selectors.access_user(user=request.user, pk=pk)
    form = RoleForm(request.POST, prefix="role")
    if form.is_valid():
        try:
            user = services.user_update(user=user, actor=request.user, data={"role": form.cleaned_data["role"]})
        except (ServiceError, DjangoValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.") % {"name": user.full_name, "role": user.get_role_display()},
            )
            return redirect("person", pk=user.pk)
    user.refresh_from_db()
    return render(request, "accounts/person.html", _person_context(request, user, form))


@admin_only
@require_POST
def set_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate or reactivate. Asking for the state the user is already in changes nothing (two admins
    clicking at once); a refusal (yourself, an erased account) is shown as the service words it."""
    user = selectors.access_user(user=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        if active:
            user = services.user_reactivate(user=user, actor=request.user)
            text = _("%(name)s can sign in again.")
        else:
            user = services.user_deactivate(user=user, actor=request.user)
            text = _("%(name)s is deactivated and signed out everywhere.")
    except ServiceError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, text % {"name": user.full_name})
    return redirect("person", pk=user.pk)


@admin_only
@require_POST
def resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    user = selectors.access_user(user=request.user, pk=pk)
    if user.has_usable_password() or not user.is_active:
        messages.info(request, _("%(name)s has already chosen a password.") % {"name": user.full_name})
    elif services.invitation_send(user_id=user.pk, inviter_id=request.user.pk):
        messages.success(request, _("The invitation was sent again to %(email)s.") % {"email": user.email})
    else:
        messages.error(request, _("The invitation could not be sent. Try again in a few minutes."))
    return redirect("person", pk=user.pk)
