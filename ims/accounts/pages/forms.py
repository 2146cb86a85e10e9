import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _


def _zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.Form):
    """The shape of a profile change; the rules (phone format, a real zone) are the accounts service's."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=32, required=False, help_text=_("With the country code, e.g. +44 20 7946 0000.")
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"), choices=_zone_choices, help_text=_("Interview times are shown in this zone.")
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm it is you."),
        error_messages={"required": _("Enter your password.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my applications' personal data will be deleted for good."),
        error_messages={"required": _("Tick the box to confirm that you want your account deleted.")},
    )
