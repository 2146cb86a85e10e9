from django.contrib import admin, messages

from ims.notifications import outbox
from ims.notifications.models import Notification, NotificationStatus


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "kind", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["recipient__email", "subject", "dedupe_key"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    readonly_fields = [field.name for field in Notification._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request):
        # The outbox is written by the events that cause emails, never by hand.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Resend selected failed notifications")
    def resend(self, request, queryset):
        count = outbox.notifications_resend(
            notification_ids=queryset.filter(status=NotificationStatus.FAILED).values_list("pk", flat=True)
        )
        skipped = queryset.count() - count
        self.message_user(request, f"{count} notification(s) queued to be sent again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} notification(s) were not failed and were left alone.", messages.WARNING
            )
