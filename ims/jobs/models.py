from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from ims.core.validators import validate_multi_line, validate_single_line

# Limits, in one place: the fields, their validators and the CHECK constraints below use them, so model forms and
# model serializers inherit them; services and input serializers import them from here.
OPENINGS_MIN = 1
COVER_LETTER_MAX = 5000
NOTE_MAX = 2000  # the note on a status change

# What an admin may set on a job; the rest (closed_at, created_by, timestamps) is the server's.
JOB_EDITABLE_FIELDS = ("title", "description", "department", "location", "employment_type", "openings", "is_open")


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", "Full time"
    PART_TIME = "part_time", "Part time"
    CONTRACT = "contract", "Contract"
    INTERNSHIP = "internship", "Internship"


# The order of every list of jobs unless the reader asks for another: newest first (indexed below).
JOB_ORDERING = ("-created_at", "-id")


class Job(models.Model):
    title = models.CharField(max_length=200, validators=[validate_single_line])
    description = models.TextField(validators=[validate_multi_line])
    department = models.CharField(max_length=100, db_index=True, validators=[validate_single_line])
    location = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    employment_type = models.CharField(
        max_length=16, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME, db_index=True
    )
    openings = models.PositiveIntegerField(
        default=1, validators=[MinValueValidator(OPENINGS_MIN, message="A job has at least one opening.")]
    )
    is_open = models.BooleanField(default=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs_created", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = list(JOB_ORDERING)
        constraints = [
            models.CheckConstraint(condition=Q(openings__gte=OPENINGS_MIN), name="job_openings_positive"),
            models.CheckConstraint(
                condition=Q(employment_type__in=EmploymentType.values), name="job_employment_type_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["is_open", "-created_at"], name="job_open_created_idx"),
            models.Index(fields=["-created_at", "-id"], name="job_created_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    INTERVIEWING = "interviewing", "Interviewing"
    SELECTED = "selected", "Selected"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The order of every list of applications unless the reader asks for another: newest first (indexed below).
APPLICATION_ORDERING = ("-applied_at", "-id")
ACTIVE_STATUSES = (ApplicationStatus.APPLIED, ApplicationStatus.SCREENING, ApplicationStatus.INTERVIEWING)

# The pipeline: status -> the statuses it may move to. Enforced by ims.jobs.services on every path.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ApplicationStatus.APPLIED: (
        ApplicationStatus.SCREENING,
        ApplicationStatus.INTERVIEWING,
        ApplicationStatus.SELECTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    ),
    ApplicationStatus.SCREENING: (
        ApplicationStatus.INTERVIEWING,
        ApplicationStatus.SELECTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    ),
    ApplicationStatus.INTERVIEWING: (
        ApplicationStatus.SELECTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    ),
    ApplicationStatus.REJECTED: (ApplicationStatus.SCREENING,),
    ApplicationStatus.SELECTED: (),
    ApplicationStatus.WITHDRAWN: (),
}


class RejectionReason(models.TextChoices):
    NOT_QUALIFIED = "not_qualified", "Not qualified"
    FAILED_INTERVIEW = "failed_interview", "Failed interview"
    POSITION_FILLED = "position_filled", "Position filled"
    CANDIDATE_DECLINED = "candidate_declined", "Candidate declined"
    OTHER = "other", "Other"


class Application(models.Model):
    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="applications")
    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED)
    cover_letter = models.TextField(max_length=COVER_LETTER_MAX, blank=True, validators=[validate_multi_line])
    resume = models.FileField(upload_to="resumes/", blank=True, max_length=255)
    resume_content_type = models.CharField(max_length=100, blank=True)
    resume_filename = models.CharField(max_length=255, blank=True)
    applied_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Not a column: application_create sets it to the history so far, so its answer needs no second query.
    event_list: list["ApplicationEvent"]

    class Meta:
        ordering = list(APPLICATION_ORDERING)
        constraints = [
            models.UniqueConstraint(fields=["job", "candidate"], name="application_one_per_job_candidate"),
            models.CheckConstraint(condition=Q(status__in=ApplicationStatus.values), name="application_status_valid"),
        ]
        indexes = [
            # Each list's filter + its (-applied_at, -id) order in one index: the first page is read in order,
            # no sort; (job, status) also serves the per-status counts of a page of jobs (index-only).
            models.Index(fields=["status", "-applied_at", "-id"], name="application_status_order_idx"),
            models.Index(fields=["job", "-applied_at", "-id"], name="application_job_order_idx"),
            models.Index(fields=["job", "status", "-applied_at", "-id"], name="application_job_status_ord_idx"),
            models.Index(fields=["candidate", "-applied_at"], name="application_candidate_idx"),
            models.Index(fields=["-applied_at", "-id"], name="application_applied_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} -> {self.job_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def has_resume(self) -> bool:
        return bool(self.resume)


class ApplicationEvent(models.Model):
    """One status change of an application, including the first ``applied``. Append-only."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=32, choices=RejectionReason.choices, blank=True)
    note = models.TextField(max_length=NOTE_MAX, blank=True, validators=[validate_multi_line])
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"], name="appevent_application_idx")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status or '-'} -> {self.to_status}"
