"""Scoped reads: a user sees their own notifications; admins see all."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from ims.accounts.models import User
from ims.notifications.models import Notification, NotificationKind

# Kinds whose subject and body carry feedback (rating, recommendation, comments): the feedback summary admins get.
FEEDBACK_CARRYING_KINDS = (NotificationKind.FEEDBACK_SUBMITTED,)


def notifications_visible_to(user: User) -> QuerySet[Notification]:
    """Admins: every notification. Anyone else: their own, except those carrying feedback they may no longer read.

    Feedback is readable by admins and by its own interviewer (the feedback endpoints' rule), and that rule is
    applied when the notification is read, not when it was sent: an admin demoted to interviewer no longer reads
    the summaries of other interviewers' feedback they received as an admin (hidden: absent from the list, 404
    in detail, like the feedback itself), and reads them again if promoted back.
    """
    notifications = Notification.objects.select_related("recipient")
    if user.is_admin:
        return notifications
    return notifications.filter(recipient=user).filter(
        ~Q(kind__in=FEEDBACK_CARRYING_KINDS) | Q(interview__feedback__interviewer=user)
    )


def access_notification(*, user: User, pk: int) -> Notification:
    """The notification ``pk`` if ``user`` may read it (see :func:`notifications_visible_to`), or Http404.

    Its HTML body and attachments (the .ics) stay in the database until read: the detail shows the text body.
    """
    try:
        return notifications_visible_to(user).defer("body_html", "attachments").get(pk=pk)
    except Notification.DoesNotExist as exc:
        raise Http404("No such notification.") from exc


def notifications_search(*, user: User, status: str = "", kind: str = "", query: str = "") -> QuerySet[Notification]:
    """The outbox page's list, newest first: filtered by status and kind, searched by recipient or subject. The
    bodies and attachments stay in the database (the list shows none of them)."""
    notifications = notifications_visible_to(user).defer("body_text", "body_html", "attachments")
    if status:
        notifications = notifications.filter(status=status)
    if kind:
        notifications = notifications.filter(kind=kind)
    for word in query.split():
        notifications = notifications.filter(
            Q(recipient__email__icontains=word) | Q(subject__icontains=word) | Q(recipient__last_name__icontains=word)
        )
    return notifications.order_by("-created_at", "-id")
