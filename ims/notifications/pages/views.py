"""/app/notifications/: the outbox for admins (sent, queued, failed), and resending a failed email through
ims.notifications.outbox.notifications_resend."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ims.notifications import outbox, selectors
from ims.notifications.pages.forms import NotificationFilterForm
from ims.ui.admin_pages import admin_only
from ims.ui.lists import list_context, list_template


@admin_only
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    form = NotificationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    notifications = selectors.notifications_search(
        user=request.user, status=filters.get("status", ""), kind=filters.get("kind", ""), query=filters.get("q", "")
    )
    context = list_context(request, form=form, rows=notifications)
    return render(request, list_template(request, "notifications/list.html"), context)


@admin_only
@require_POST
def notification_resend(request: HttpRequest, pk: int) -> HttpResponse:
    """Resend one failed email. Two admins clicking at once: the service sends it once, the second is told."""
    notification = selectors.access_notification(user=request.user, pk=pk)
    if outbox.notifications_resend(notification_ids=[notification.pk]):
        messages.success(
            request, _("The email to %(email)s is queued to be sent again.") % {"email": notification.recipient.email}
        )
    else:
        notification.refresh_from_db(fields=["status"])
        messages.warning(
            request,
            _("Nothing was resent: the email is %(status)s now, or its recipient can no longer receive email.")
            % {"status": notification.get_status_display().lower()},
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith("/"):
        back = "/app/notifications/"
    return redirect(back)
