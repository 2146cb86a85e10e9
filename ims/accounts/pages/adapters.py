"""allauth, bent to IMS's rules: sign-up makes a candidate through the same service as the API, the page login
counts against the API's and the admin's login limits, a new password ends every JWT, and only staff
(admins, interviewers) get two-factor."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from ims.accounts import services
from ims.accounts.models import Role, UserManager
from ims.core.throttling import LoginAttempt, login_attempt_check, login_succeeded

# Where to go once the address is confirmed (set by the page that asked, e.g. the apply form).
AFTER_VERIFY_SESSION_KEY = "ims_after_verify"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Every sign-up is a candidate: the role is not a field of the form and is fixed here, in the service
        the API's register endpoint uses (privilege flags are never taken from a request)."""
        data = form.cleaned_data
        return services.user_register(
            email=data["email"],
            password=data["password1"],
            role=Role.CANDIDATE,
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
        )

    def pre_authenticate(self, request, **credentials):
        # One rule for every door (ims.core.throttling): not allauth's own login counters.
        self._attempt: LoginAttempt = login_attempt_check(request, credentials.get("email"))
        if self._attempt.refused is not None:
            minutes = max(1, round(self._attempt.refused.reset / 60))
            raise forms.ValidationError(
                _("Too many sign-in attempts. Try again in %(minutes)d minute(s).") % {"minutes": minutes},
                code="too_many_login_attempts",
            )

    def authenticate(self, request, **credentials):
        if "email" in credentials:
            credentials["email"] = UserManager.normalize_email(credentials["email"])
        user = super().authenticate(request, **credentials)
        attempt = getattr(self, "_attempt", None)
        if user is not None and user.is_active and attempt is not None:
            login_succeeded(attempt)
        return user

    def _rollback_login_failed_rl_usage(self) -> None:
        """allauth's own failed-login counter is off (ACCOUNT_RATE_LIMITS): nothing to roll back."""

    def set_password(self, user, password) -> None:
        services.user_set_password(user=user, password=password)

    def get_login_redirect_url(self, request):
        return settings.LOGIN_REDIRECT_URL

    def get_email_verification_redirect_url(self, email_address):
        """Back to the page that asked for the confirmation (the apply form), else the default."""
        session = getattr(self.request, "session", None)
        next_url = session.pop(AFTER_VERIFY_SESSION_KEY, None) if session is not None else None
        if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
            return next_url
        return super().get_email_verification_redirect_url(email_address)


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        return settings.ORG_NAME


def may_use_two_factor(user) -> bool:
    """Two-factor is offered to staff (admins, interviewers); candidates sign in with email and password."""
    return bool(user and user.is_authenticated and user.role in (Role.ADMIN, Role.INTERVIEWER))
