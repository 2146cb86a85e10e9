from django.conf import settings
from django.db import models
from django.db.models import Q


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class NotificationKind(models.TextChoices):
    APPLICATION_RECEIVED = "application_received", "Application received"
    APPLICATION_REJECTED = "application_rejected", "Application rejected"
    APPLICATION_SELECTED = "application_selected", "Application selected"
    INTERVIEW_SCHEDULED = "interview_scheduled", "Interview scheduled"
    INTERVIEW_RESCHEDULED = "interview_rescheduled", "Interview rescheduled"
    INTERVIEW_CANCELLED = "interview_cancelled", "Interview cancelled"
    INTERVIEW_REMINDER = "interview_reminder", "Interview reminder"
    FEEDBACK_SUBMITTED = "feedback_submitted", "Feedback submitted"
    FEEDBACK_AVAILABLE = "feedback_available", "Feedback available"
    FEEDBACK_REMINDER = "feedback_reminder", "Feedback reminder"


class Notification(models.Model):
    """The outbox: an email is first this row, written in the transaction that caused it, then sent."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # [{"filename": ..., "content": <text>, "mimetype": ...}] — text only (the .ics invites).
    attachments = models.JSONField(default=list, blank=True)
    application = models.ForeignKey(
        "jobs.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    status = models.CharField(max_length=16, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=NotificationStatus.values), name="notification_status_valid"),
        ]
        indexes = [
            models.Index(fields=["status", "updated_at"], name="notification_status_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(fields=["kind", "-created_at"], name="notification_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} -> {self.recipient_id} ({self.status})"
