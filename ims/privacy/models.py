"""The audit trail of access to personal data, and the record of each erasure."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditAction(models.TextChoices):
    RESUME_DOWNLOAD = "resume_download", "Resume downloaded"
    CANDIDATE_VIEW = "candidate_view", "Candidate page viewed"
    EXPORT = "export", "Data exported"
    ERASURE = "erasure", "Data erased"
    ROLE_CHANGE = "role_change", "Role changed"
    DEACTIVATION = "deactivation", "User deactivated"
    REACTIVATION = "reactivation", "User reactivated"


def _user_id_only(*, help_text: str) -> models.ForeignKey[Any, Any]:
    """A reference to a user that holds the id only: no constraint, so it outlives the row it names."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        help_text=help_text,
    )


class AuditEntry(models.Model):
    """One access to personal data. Append-only: on PostgreSQL a trigger refuses UPDATE and DELETE (migration
    0002); the admin and the API only read.

    ``actor`` and ``candidate`` are ids without a foreign-key constraint: the record must outlive any row it
    names, and it holds ids only, never names or addresses, so an erasure leaves nothing personal in it.
    """

    at = models.DateTimeField(default=timezone.now)
    actor = _user_id_only(help_text="Who acted; empty for the system (retention).")
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    ip = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=128, blank=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    candidate = _user_id_only(help_text="Whose personal data it was.")
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_at_idx"),
            models.Index(fields=["actor", "-at"], name="audit_actor_idx"),
            models.Index(fields=["candidate", "-at"], name="audit_candidate_idx"),
            models.Index(fields=["action", "-at"], name="audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} by {self.actor_id or 'system'}"


class ErasureReason(models.TextChoices):
    SELF = "self", "Asked by the candidate"
    ADMIN = "admin", "By an admin"
    RETENTION = "retention", "Retention period over"


class Erasure(models.Model):
    """A candidate was anonymised. One per user: the constraint makes erasing twice a no-op."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure")
    reason = models.CharField(max_length=16, choices=ErasureReason.choices)
    erased_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-erased_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(reason__in=ErasureReason.values), name="erasure_reason_valid"),
        ]

    def __str__(self) -> str:
        return f"user {self.user_id} erased ({self.reason})"
