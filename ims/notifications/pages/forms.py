from django import forms
from django.utils.translation import gettext_lazy as _

from ims.notifications.models import NotificationKind, NotificationStatus


class NotificationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *NotificationStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Email"), required=False, choices=[("", _("Any email")), *NotificationKind.choices]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100, help_text=_("Recipient or subject."))
