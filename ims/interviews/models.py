from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from ims.core.db import between
from ims.core.validators import validate_multi_line, validate_single_line
from ims.jobs.models import Application

# Limits, in one place: the fields, their validators and the CHECK constraints below use them, so model forms and
# model serializers inherit them; services and input serializers import them from here.
DURATION_MIN = 5  # minutes, of an interview and of a round type's default
DURATION_MAX = 480
ROUND_TYPE_NAME_MAX = 100
ROUND_TYPE_DESCRIPTION_MAX = 5000
ROUND_TYPE_GUIDANCE_MAX = 10_000  # what to ask and what good looks like, shown in the interview kit
CRITERIA_MAX = 20  # criteria per round type
CRITERION_NAME_MAX = 100
LOCATION_MAX = 255
MEETING_URL_MAX = 500
RATING_MIN = 1  # the overall rating and every criterion's score
RATING_MAX = 5
FEEDBACK_TEXT_MAX = 10_000  # feedback comments and private notes
# How long after the first submission its author may still edit a scorecard (each edit is a new version).
FEEDBACK_EDIT_WINDOW = timedelta(hours=24)
# What an interviewer writes on a scorecard: what its readers see, then the notes only admins (and its author) read.
# A draft, a submission and each version hold the same fields.
SCORECARD_FIELDS = ("rating", "comments", "recommendation", "criteria_scores")
FEEDBACK_FIELDS = (*SCORECARD_FIELDS, "private_notes")

DURATION_VALIDATORS = [MinValueValidator(DURATION_MIN), MaxValueValidator(DURATION_MAX)]


class RoundType(models.Model):
    """A kind of interview round: Aptitude, Technical, Coding, HR..."""

    name = models.CharField(max_length=ROUND_TYPE_NAME_MAX, validators=[validate_single_line])
    description = models.TextField(max_length=ROUND_TYPE_DESCRIPTION_MAX, blank=True, validators=[validate_multi_line])
    guidance = models.TextField(max_length=ROUND_TYPE_GUIDANCE_MAX, blank=True, validators=[validate_multi_line])
    default_duration = models.PositiveSmallIntegerField(default=60, validators=DURATION_VALIDATORS)
    criteria = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="roundtype_name_ci_unique"),
            models.CheckConstraint(
                condition=between("default_duration", DURATION_MIN, DURATION_MAX),
                name="roundtype_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    NO_SHOW = "no_show", "No show"


class Interview(models.Model):
    """One scheduled round of one application (the seed's "application round").

    ``candidate`` repeats ``application.candidate`` so the database itself can refuse a candidate's
    overlapping interviews (PostgreSQL exclusion constraints, see migrations).
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    round_type = models.ForeignKey(RoundType, on_delete=models.PROTECT, related_name="interviews")
    # No index of its own: the two (interviewer, ...) indexes below serve every lookup by interviewer.
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interviews_to_conduct", db_index=False
    )
    scheduled_at = models.DateTimeField()
    duration = models.PositiveSmallIntegerField(validators=DURATION_VALIDATORS)
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=LOCATION_MAX, blank=True, validators=[validate_single_line])
    meeting_url = models.URLField(max_length=MEETING_URL_MAX, blank=True, validators=[validate_single_line])
    status = models.CharField(max_length=16, choices=InterviewStatus.choices, default=InterviewStatus.SCHEDULED)
    # Calendar invite revision: bumped on every reschedule/cancel so calendars apply the newest.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scheduled_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=between("duration", DURATION_MIN, DURATION_MAX), name="interview_duration_range"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("scheduled_at")), name="interview_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(status__in=InterviewStatus.values), name="interview_status_valid"),
        ]
        indexes = [
            # (scheduled_at, id) is the list order: with id in the index the page needs no sort.
            models.Index(fields=["status", "scheduled_at", "id"], name="interview_status_order_idx"),
            models.Index(fields=["interviewer", "status", "scheduled_at", "id"], name="interview_interviewer_ord_idx"),
            # An interviewer's interviews of every status in list order (interviews/me): the page is read from the
            # index instead of sorting all of them (10k, EXPLAIN ANALYZE: 4.0 -> 0.3 ms executing).
            models.Index(fields=["interviewer", "scheduled_at", "id"], name="interview_interviewer_time_idx"),
            models.Index(fields=["candidate", "status", "scheduled_at"], name="interview_candidate_idx"),
            models.Index(fields=["application", "scheduled_at"], name="interview_application_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.round_type_id} for application {self.application_id} at {self.scheduled_at:%Y-%m-%d %H:%M}"


class Recommendation(models.TextChoices):
    DEFINITELY_NOT = "definitely_not", "Definitely not"
    NO = "no", "No"
    YES = "yes", "Yes"
    STRONG_YES = "strong_yes", "Strong yes"
    NO_DECISION = "no_decision", "No decision"


class Feedback(models.Model):
    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="feedback")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="feedback_given")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)])
    comments = models.TextField(max_length=FEEDBACK_TEXT_MAX, validators=[validate_multi_line])
    recommendation = models.CharField(max_length=16, choices=Recommendation.choices, default=Recommendation.NO_DECISION)
    criteria_scores = models.JSONField(default=dict, blank=True)
    private_notes = models.TextField(max_length=FEEDBACK_TEXT_MAX, blank=True, validators=[validate_multi_line])
    # The first submission: reports measure turnaround from it, and the edit window starts there.
    submitted_at = models.DateTimeField(auto_now_add=True)
    # The latest version's number and time (1 and null until the author edits it).
    version = models.PositiveSmallIntegerField(default=1)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=between("rating", RATING_MIN, RATING_MAX), name="feedback_rating_range"),
            models.CheckConstraint(
                condition=Q(recommendation__in=Recommendation.values), name="feedback_recommendation_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback on interview {self.interview_id}: {self.rating}/{RATING_MAX}"

    @property
    def editable_until(self) -> datetime:
        return self.submitted_at + FEEDBACK_EDIT_WINDOW


class FeedbackVersion(models.Model):
    """Every submitted state of a scorecard: v1 at submission, v2... at each edit. Append-only."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)])
    comments = models.TextField(max_length=FEEDBACK_TEXT_MAX, validators=[validate_multi_line])
    recommendation = models.CharField(max_length=16, choices=Recommendation.choices)
    criteria_scores = models.JSONField(default=dict, blank=True)
    private_notes = models.TextField(max_length=FEEDBACK_TEXT_MAX, blank=True, validators=[validate_multi_line])
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["feedback", "number"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "number"], name="feedback_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="feedback_version_number_positive"),
            models.CheckConstraint(
                condition=between("rating", RATING_MIN, RATING_MAX), name="feedback_version_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback {self.feedback_id} v{self.number}"


class FeedbackDraft(models.Model):
    """The interviewer's unsubmitted scorecard for one interview: every field optional, seen by its interviewer
    alone (never by admins, reports or other interviewers); submitting the feedback deletes it."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="feedback_draft")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    comments = models.TextField(max_length=FEEDBACK_TEXT_MAX, blank=True, validators=[validate_multi_line])
    recommendation = models.CharField(max_length=16, choices=Recommendation.choices, blank=True)
    criteria_scores = models.JSONField(default=dict, blank=True)
    private_notes = models.TextField(max_length=FEEDBACK_TEXT_MAX, blank=True, validators=[validate_multi_line])
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | between("rating", RATING_MIN, RATING_MAX),
                name="feedback_draft_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Draft feedback on interview {self.interview_id}"
