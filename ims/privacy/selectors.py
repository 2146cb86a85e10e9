"""Scoped reads for privacy: the audit trail (admins only) and a candidate's export document."""

from __future__ import annotations

from django.db.models import QuerySet

from ims.accounts.models import User
from ims.privacy.models import AuditEntry


def audit_entries_visible_to(user: User) -> QuerySet[AuditEntry]:
    if user.is_authenticated and user.is_active_admin:
        return AuditEntry.objects.order_by("-at", "-id")
    return AuditEntry.objects.none()
