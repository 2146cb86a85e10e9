from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ims.accounts import services
from ims.accounts.pages.adapters import may_use_two_factor
from ims.accounts.pages.forms import ProfileForm
from ims.core.exceptions import ServiceError
from ims.ui.forms import add_service_error


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    initial = {name: getattr(user, name) for name in services.PROFILE_FIELDS}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_profile(user=user, data=form.cleaned_data)
        except (ServiceError, DjangoValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form, "two_factor": may_use_two_factor(user)})


def staff_only(view):
    """Two-factor set-up pages for staff only; a candidate is sent back to their profile."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not may_use_two_factor(request.user):
            messages.info(request, _("Two-factor authentication is available to staff accounts."))
            return redirect("profile")
        return view(request, *args, **kwargs)

    return wrapped
