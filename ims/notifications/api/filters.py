import django_filters

from ims.core.filters import IdFilter
from ims.notifications.models import NotificationKind, NotificationStatus


class NotificationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=NotificationStatus.choices)
    kind = django_filters.ChoiceFilter(choices=NotificationKind.choices)
    recipient = IdFilter(field_name="recipient_id", help_text="A user id (useful to admins).")
