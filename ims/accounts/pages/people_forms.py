from django import forms
from django.utils.translation import gettext_lazy as _

from ims.accounts.models import Role


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, help_text=_("Name or email."))
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("Any role")), *Role.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("active", _("Active")), ("inactive", _("Deactivated"))],
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(Role.INTERVIEWER, _("Interviewer")), (Role.ADMIN, _("Admin"))],
        initial=Role.INTERVIEWER,
        help_text=_("Interviewers see only the interviews they conduct; admins run the whole hiring process."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
