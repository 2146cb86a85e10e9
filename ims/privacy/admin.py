"""The audit trail in the Django admin: read-only (no add, change or delete, whoever asks)."""

from django.contrib import admin

from ims.privacy.models import AuditEntry, Erasure


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(_ReadOnlyAdmin):
    list_display = ("at", "action", "actor_id", "candidate_id", "object_type", "object_id", "ip")
    list_filter = ("action",)
    search_fields = ("=actor__id", "=candidate__id", "=object_id", "=ip", "=request_id")
    date_hierarchy = "at"
    # The list shows ids only: no join per row, and nothing breaks for an id whose user row is gone.
    fields = ("at", "action", "actor_id", "candidate_id", "object_type", "object_id", "ip", "request_id", "extra")
    readonly_fields = fields


@admin.register(Erasure)
class ErasureAdmin(_ReadOnlyAdmin):
    list_display = ("user_id", "reason", "erased_at")
    list_filter = ("reason",)
    fields = ("user_id", "reason", "erased_at")
    readonly_fields = fields
