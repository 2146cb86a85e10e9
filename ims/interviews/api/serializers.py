from datetime import datetime

from django.utils import timezone
from rest_framework import serializers

from ims.accounts.models import User
from ims.core.datetimes import utc_iso
from ims.core.fields import IdRelatedField
from ims.core.parsing import OFFSET_REQUIRED, ParseError, aware_to_utc, parse_aware_datetime
from ims.core.validators import validate_multi_line, validate_single_line
from ims.interviews.models import (
    CRITERIA_MAX,
    CRITERION_NAME_MAX,
    DURATION_MAX,
    DURATION_MIN,
    FEEDBACK_FIELDS,
    FEEDBACK_TEXT_MAX,
    LOCATION_MAX,
    MEETING_URL_MAX,
    RATING_MAX,
    RATING_MIN,
    ROUND_TYPE_DESCRIPTION_MAX,
    ROUND_TYPE_GUIDANCE_MAX,
    ROUND_TYPE_NAME_MAX,
    SCORECARD_FIELDS,
    Feedback,
    FeedbackDraft,
    FeedbackVersion,
    Interview,
    InterviewStatus,
    Recommendation,
    RoundType,
)


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 in, UTC out. Unlike DRF's field, input without an offset is refused instead of being
    silently read in the server's time zone."""

    default_error_messages = {
        "invalid": "Give a date and time in ISO 8601, e.g. 2030-03-10T10:00:00+05:30.",
        "naive": OFFSET_REQUIRED,
    }

    def to_internal_value(self, value):
        if not isinstance(value, (str, datetime)):
            self.fail("invalid")
        if isinstance(value, datetime) and timezone.is_naive(value):
            self.fail("naive")
        try:
            # Python accepts offsets up to 23:59 but PostgreSQL only up to 15:59: stored as UTC, both work.
            return aware_to_utc(value) if isinstance(value, datetime) else parse_aware_datetime(value)
        except ParseError as exc:
            self.fail("naive" if exc.message == OFFSET_REQUIRED else "invalid")

    def to_representation(self, value):
        return None if value is None else utc_iso(value)


# --- Round types ---------------------------------------------------------------------------------


class RoundTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoundType
        fields = [
            "id",
            "name",
            "description",
            "guidance",
            "default_duration",
            "criteria",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RoundTypeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=ROUND_TYPE_NAME_MAX, validators=[validate_single_line])
    description = serializers.CharField(
        allow_blank=True, required=False, max_length=ROUND_TYPE_DESCRIPTION_MAX, validators=[validate_multi_line]
    )
    guidance = serializers.CharField(
        allow_blank=True,
        required=False,
        max_length=ROUND_TYPE_GUIDANCE_MAX,
        validators=[validate_multi_line],
        help_text="What to ask and what good looks like; the interview kit shows it to the interviewer.",
    )
    default_duration = serializers.IntegerField(min_value=DURATION_MIN, max_value=DURATION_MAX, required=False)
    criteria = serializers.ListField(
        child=serializers.CharField(max_length=CRITERION_NAME_MAX, validators=[validate_single_line]),
        max_length=CRITERIA_MAX,
        required=False,
        help_text=f"Up to {CRITERIA_MAX} short names.",
    )
    is_active = serializers.BooleanField(required=False)


# --- Interviews ----------------------------------------------------------------------------------


class _PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class _InterviewerSerializer(_PersonSerializer):
    email = serializers.EmailField()


class _JobRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class _RoundTypeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# The columns InterviewSerializer reads, for ``.only()`` on list pages: the full rows of the four joined tables
# (password hashes, cover letters, job descriptions, a dozen timestamps) cost ~2.5 ms per 20-row page to load.
# The interview's own columns InterviewSerializer shows as they are: when, how long, where, and its status.
_INTERVIEW_COLUMNS = ("scheduled_at", "ends_at", "duration", "location", "meeting_url", "status")
INTERVIEW_READ_FIELDS = (
    "id",
    "application_id",
    *_INTERVIEW_COLUMNS,
    "candidate__id",
    "candidate__first_name",
    "candidate__last_name",
    "candidate__email",  # full_name falls back to it
    "application__id",
    "application__job__id",
    "application__job__title",
    "round_type__id",
    "round_type__name",
    "interviewer__id",
    "interviewer__first_name",
    "interviewer__last_name",
    "interviewer__email",
)


class InterviewSerializer(serializers.ModelSerializer):
    application = serializers.IntegerField(source="application_id", read_only=True)
    candidate = _PersonSerializer(read_only=True)
    job = _JobRefSerializer(source="application.job", read_only=True)
    round_type = _RoundTypeRefSerializer(read_only=True)
    interviewer = _InterviewerSerializer(read_only=True)
    scheduled_at = AwareDateTimeField(read_only=True)
    ends_at = AwareDateTimeField(read_only=True)
    # A URL or "" when the interview has none: a URLField here would promise `format: uri` and "" breaks it.
    meeting_url = serializers.CharField(read_only=True, help_text="The meeting link, or empty.")
    feedback_submitted = serializers.SerializerMethodField()

    class Meta:
        model = Interview
        fields = [
            "id",
            "application",
            "candidate",
            "job",
            "round_type",
            "interviewer",
            *_INTERVIEW_COLUMNS,
            "feedback_submitted",
        ]
        read_only_fields = fields

    def get_feedback_submitted(self, obj: Interview) -> bool:
        annotated = getattr(obj, "feedback_submitted", None)
        if annotated is not None:
            return bool(annotated)
        return Feedback.objects.filter(interview_id=obj.pk).exists()

    def to_representation(self, instance: Interview) -> dict:
        # The same output as the declared fields, built directly: the generic field machinery cost ~0.1 ms
        # per row (six nested serializers each), a third of a 20-row page's time. The fields above still
        # describe the schema; tests compare this with the generic output.
        candidate = instance.candidate
        job = instance.application.job
        round_type = instance.round_type
        interviewer = instance.interviewer
        return {
            "id": instance.pk,
            "application": instance.application_id,
            "candidate": {"id": candidate.pk, "full_name": str(candidate.full_name)},
            "job": {"id": job.pk, "title": str(job.title)},
            "round_type": {"id": round_type.pk, "name": str(round_type.name)},
            "interviewer": {
                "id": interviewer.pk,
                "full_name": str(interviewer.full_name),
                "email": str(interviewer.email),
            },
            "scheduled_at": utc_iso(instance.scheduled_at),
            "ends_at": utc_iso(instance.ends_at),
            "duration": int(instance.duration),
            "location": str(instance.location),
            "meeting_url": str(instance.meeting_url),
            "status": str(instance.status),
            "feedback_submitted": self.get_feedback_submitted(instance),
        }


class InterviewScheduleSerializer(serializers.Serializer):
    round_type = IdRelatedField(queryset=RoundType.objects.all())
    interviewer = IdRelatedField(queryset=User.objects.all())
    scheduled_at = AwareDateTimeField(help_text="ISO 8601 with an offset; returned in UTC.")
    duration = serializers.IntegerField(
        min_value=DURATION_MIN,
        max_value=DURATION_MAX,
        required=False,
        allow_null=True,
        help_text="Minutes; the round type's default.",
    )
    location = serializers.CharField(
        max_length=LOCATION_MAX, allow_blank=True, required=False, validators=[validate_single_line]
    )
    meeting_url = serializers.URLField(
        max_length=MEETING_URL_MAX, allow_blank=True, required=False, validators=[validate_single_line]
    )


class InterviewUpdateSerializer(serializers.Serializer):
    round_type = IdRelatedField(queryset=RoundType.objects.all(), required=False)
    interviewer = IdRelatedField(queryset=User.objects.all(), required=False)
    scheduled_at = AwareDateTimeField(required=False, help_text="ISO 8601 with an offset; returned in UTC.")
    duration = serializers.IntegerField(min_value=DURATION_MIN, max_value=DURATION_MAX, required=False)
    location = serializers.CharField(
        max_length=LOCATION_MAX, allow_blank=True, required=False, validators=[validate_single_line]
    )
    meeting_url = serializers.URLField(
        max_length=MEETING_URL_MAX, allow_blank=True, required=False, validators=[validate_single_line]
    )
    status = serializers.ChoiceField(choices=InterviewStatus.choices, required=False)


# --- Feedback ------------------------------------------------------------------------------------


# A submission and a draft take these two alike (a draft may leave the others out).
def _criteria_scores_field() -> serializers.DictField:
    return serializers.DictField(
        child=serializers.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX),
        required=False,
        help_text="{criterion: 1-5}, only the round type's criteria.",
    )


def _private_notes_field() -> serializers.CharField:
    return serializers.CharField(
        max_length=FEEDBACK_TEXT_MAX, allow_blank=True, required=False, validators=[validate_multi_line]
    )


class FeedbackInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX)
    comments = serializers.CharField(max_length=FEEDBACK_TEXT_MAX, validators=[validate_multi_line])
    recommendation = serializers.ChoiceField(choices=Recommendation.choices, default=Recommendation.NO_DECISION)
    criteria_scores = _criteria_scores_field()
    private_notes = _private_notes_field()


class FeedbackSerializer(serializers.ModelSerializer):
    """Feedback as its interviewer sees it."""

    interview = serializers.IntegerField(source="interview_id", read_only=True)
    interviewer = _InterviewerSerializer(read_only=True)
    submitted_at = AwareDateTimeField(read_only=True, help_text="The first submission.")
    version = serializers.IntegerField(read_only=True, help_text="1 at submission, +1 at each edit.")
    edited_at = AwareDateTimeField(read_only=True, allow_null=True, help_text="The latest edit, if any.")
    editable_until = AwareDateTimeField(read_only=True, help_text="Its author may edit it until then.")

    class Meta:
        model = Feedback
        fields = [
            *("id", "interview", "interviewer"),
            *SCORECARD_FIELDS,
            *("submitted_at", "version", "edited_at", "editable_until"),
        ]
        read_only_fields = fields


class _PrivateNotes(serializers.Serializer):
    # Output only. Not read_only, so the schema does not mark it required: the one documented response of
    # GET .../feedback/ covers its interviewer too, who never gets the private notes.
    private_notes = serializers.CharField(required=False, help_text="Admins only.")


class FeedbackAdminSerializer(FeedbackSerializer, _PrivateNotes):
    """Feedback as an admin sees it: with the private notes."""

    class Meta(FeedbackSerializer.Meta):
        fields = [*FeedbackSerializer.Meta.fields, "private_notes"]
        read_only_fields = fields


class CandidateFeedbackSerializer(serializers.ModelSerializer):
    """What a candidate may see of feedback on their interview: never the recommendation, criteria scores,
    private notes or who wrote it."""

    round_type = _RoundTypeRefSerializer(source="interview.round_type", read_only=True)
    job = _JobRefSerializer(source="interview.application.job", read_only=True)
    date = AwareDateTimeField(source="interview.scheduled_at", read_only=True)

    class Meta:
        model = Feedback
        fields = ["id", "round_type", "job", "date", "rating", "comments"]
        read_only_fields = fields


class FeedbackEditSerializer(FeedbackInputSerializer):
    """An edit of submitted feedback: the fields given replace the current ones (a new version)."""

    def __init__(self, *args, **kwargs):
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)


class FeedbackDraftInputSerializer(serializers.Serializer):
    """A draft scorecard: every field optional, each still checked as it will be on submission."""

    rating = serializers.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX, required=False, allow_null=True)
    comments = serializers.CharField(
        max_length=FEEDBACK_TEXT_MAX, allow_blank=True, required=False, validators=[validate_multi_line]
    )
    recommendation = serializers.ChoiceField(choices=Recommendation.choices, allow_blank=True, required=False)
    criteria_scores = _criteria_scores_field()
    private_notes = _private_notes_field()


class FeedbackDraftSerializer(serializers.ModelSerializer):
    """The interviewer's own draft, private notes included: nobody else ever reads it."""

    interview = serializers.IntegerField(source="interview_id", read_only=True)
    rating = serializers.IntegerField(read_only=True, allow_null=True)
    recommendation = serializers.ChoiceField(
        choices=Recommendation.choices, allow_blank=True, read_only=True, help_text="Empty until chosen."
    )
    saved_at = AwareDateTimeField(read_only=True)

    class Meta:
        model = FeedbackDraft
        fields = ["interview", *FEEDBACK_FIELDS, "saved_at"]
        read_only_fields = fields


class FeedbackVersionSerializer(serializers.ModelSerializer):
    submitted_at = AwareDateTimeField(read_only=True)

    class Meta:
        model = FeedbackVersion
        fields = ["number", *SCORECARD_FIELDS, "submitted_at"]
        read_only_fields = fields


class FeedbackVersionAdminSerializer(FeedbackVersionSerializer, _PrivateNotes):
    class Meta(FeedbackVersionSerializer.Meta):
        fields = [*FeedbackVersionSerializer.Meta.fields, "private_notes"]
        read_only_fields = fields
