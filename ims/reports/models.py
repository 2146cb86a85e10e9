"""Rollup tables for the hiring reports (issue 16).

Each row is derived from the rows the pipeline already keeps (applications, their events, interviews and
feedback) and is rewritten by the service that writes those rows, in the same transaction
(:mod:`ims.reports.services`), so a report is never stale. ``python manage.py reports_rebuild`` (and the
migration that created these tables) derive them all again from the source rows.

Durations are whole seconds (the difference of the two instants, rounded down), so a percentile is one of the
stored values on every database.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ims.interviews.models import Interview, InterviewStatus
from ims.jobs.models import Application, ApplicationStatus, Job

# The funnel's stages in order; an application "reached" a stage when it got there or further.
FUNNEL_STAGES = (
    ApplicationStatus.APPLIED,
    ApplicationStatus.SCREENING,
    ApplicationStatus.INTERVIEWING,
    ApplicationStatus.SELECTED,
)


class ApplicationFact(models.Model):
    """One row per application: where it got to in the funnel, how it left, and its hiring times."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, primary_key=True, related_name="report_fact"
    )
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="+")
    applied_at = models.DateTimeField()
    # Monday (UTC) of the ISO week the application came in.
    applied_week = models.DateField()
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices)
    # Index into FUNNEL_STAGES of the furthest stage reached (0 applied .. 3 selected).
    furthest_stage = models.PositiveSmallIntegerField(default=0)
    # For a rejected or withdrawn application: the status it was in when it left.
    left_stage = models.CharField(max_length=16, choices=ApplicationStatus.choices, blank=True)
    selected_at = models.DateTimeField(null=True, blank=True)
    hire_seconds = models.BigIntegerField(null=True, blank=True)
    first_interview_at = models.DateTimeField(null=True, blank=True)
    first_interview_seconds = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(furthest_stage__lte=3), name="appfact_furthest_stage_range"),
        ]
        indexes = [
            models.Index(fields=["applied_at", "job"], name="appfact_applied_idx"),
            models.Index(
                fields=["selected_at", "job"], name="appfact_selected_idx", condition=Q(selected_at__isnull=False)
            ),
            models.Index(
                fields=["first_interview_at", "job"],
                name="appfact_first_interview_idx",
                condition=Q(first_interview_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"application {self.application_id}: {self.status}"


class StageVisit(models.Model):
    """One stay of an application in one status: from the event that moved it in to the one that moved it out."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices)
    entered_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    # The status it moved to, and the rejection reason when that is "rejected".
    left_to = models.CharField(max_length=16, choices=ApplicationStatus.choices, blank=True)
    reason = models.CharField(max_length=32, blank=True)
    seconds = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(seconds__gte=0), name="stagevisit_seconds_nonnegative"
            ),
        ]
        indexes = [
            models.Index(fields=["application"], name="stagevisit_application_idx"),
            models.Index(fields=["left_at", "status"], name="stagevisit_left_idx", condition=Q(left_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"application {self.application_id}: {self.status} from {self.entered_at:%Y-%m-%d %H:%M}"


class InterviewFact(models.Model):
    """One row per interview: its week, its status and how long its feedback took."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, primary_key=True, related_name="report_fact")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="+")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scheduled_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # Monday (UTC) of the ISO week the interview starts in.
    week = models.DateField()
    status = models.CharField(max_length=16, choices=InterviewStatus.choices)
    feedback_at = models.DateTimeField(null=True, blank=True)
    turnaround_seconds = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["scheduled_at", "job"], name="interviewfact_scheduled_idx"),
            models.Index(fields=["ends_at", "job"], name="interviewfact_ends_idx"),
            models.Index(
                fields=["ends_at"],
                name="interviewfact_awaiting_idx",
                condition=Q(
                    feedback_at__isnull=True, status__in=[InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED]
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"interview {self.interview_id}: {self.status}"
