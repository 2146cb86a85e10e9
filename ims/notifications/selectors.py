"""Scoped reads: a user sees their own notifications; admins see all."""

from __future__ import annotations

from django.db.models import QuerySet

from ims.accounts.models import User
from ims.notifications.models import Notification


def notifications_visible_to(user: User) -> QuerySet[Notification]:
    notifications = Notification.objects.select_related("recipient")
    if user.is_admin:
        return notifications
    return notifications.filter(recipient=user)
