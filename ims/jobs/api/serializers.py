from datetime import datetime
from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from ims.accounts.models import User
from ims.core.datetimes import local_iso
from ims.core.fields import IdRelatedField
from ims.core.validators import validate_multi_line
from ims.jobs.models import (
    COVER_LETTER_MAX,
    JOB_EDITABLE_FIELDS,
    NOTE_MAX,
    OPENINGS_MIN,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    EmploymentType,
    Job,
    RejectionReason,
)
from ims.jobs.selectors import STATUS_COUNT_PREFIX

# --- Jobs ----------------------------------------------------------------------------------------


class UserSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)


def _user_summary(user: User | None) -> dict | None:
    """UserSummarySerializer's output (``allow_null``: no user is ``None``), built directly."""
    return None if user is None else {"id": user.pk, "full_name": str(user.full_name)}


def _instant(value: datetime | None) -> str | None:
    """A DateTimeField's output, ``None`` included."""
    return None if value is None else local_iso(value)


def _job_posting(instance: Job) -> dict:
    """The fields every view of a job shows, in the schema's order (the fast paths below share them)."""
    return {
        "id": instance.pk,
        "title": str(instance.title),
        "description": str(instance.description),
        "department": str(instance.department),
        "location": str(instance.location),
        "employment_type": str(instance.employment_type),
        "openings": int(instance.openings),
    }


class JobSerializer(serializers.ModelSerializer):
    """A job as admins see and edit it. ``created_by``, timestamps and counts are the server's."""

    # Not required and no serializer default: left out of a PUT they keep their value (a PUT without
    # is_open must not reopen a closed job); on create the service's defaults apply.
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices, required=False)
    # Bounded by the column (PostgreSQL integer): 2**63 openings overflowed the database (a 500).
    openings = serializers.IntegerField(min_value=OPENINGS_MIN, max_value=2**31 - 1, required=False)
    is_open = serializers.BooleanField(required=False)
    created_by = UserSummarySerializer(read_only=True, allow_null=True)
    application_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Job
        fields = [
            "id",
            *JOB_EDITABLE_FIELDS,
            *("closed_at", "application_count", "created_by", "created_at", "updated_at"),
        ]
        read_only_fields = ["id", "closed_at", "application_count", "created_by", "created_at", "updated_at"]

    def to_representation(self, instance: Job) -> dict:
        # Built directly, the same output as the fields above (building the fields was ~10-15% of a job detail
        # request). A job read without its count (which the generic path answers without the field) takes the
        # generic path.
        if not isinstance(instance, Job):
            return super().to_representation(instance)
        try:
            application_count = instance.application_count  # type: ignore[attr-defined]
        except AttributeError:
            return super().to_representation(instance)
        return {
            **_job_posting(instance),
            "is_open": bool(instance.is_open),
            "closed_at": _instant(instance.closed_at),
            "application_count": None if application_count is None else int(application_count),
            "created_by": _user_summary(instance.created_by),
            "created_at": _instant(instance.created_at),
            "updated_at": _instant(instance.updated_at),
        }


class OpenJobSerializer(serializers.ModelSerializer):
    """A job as candidates see it: no internal counts."""

    class Meta:
        model = Job
        fields = ["id", "title", "description", "department", "location", "employment_type", "openings", "created_at"]
        read_only_fields = fields

    def to_representation(self, instance: Job) -> dict:
        # Built directly, the same output as the fields above (the generic machinery is most of a page's cost).
        return {
            **_job_posting(instance),
            "created_at": local_iso(instance.created_at),
        }


class StatusCountsSerializer(serializers.Serializer):
    applied = serializers.IntegerField()
    screening = serializers.IntegerField()
    interviewing = serializers.IntegerField()
    selected = serializers.IntegerField()
    rejected = serializers.IntegerField()
    withdrawn = serializers.IntegerField()


class JobApplicationCountsSerializer(serializers.ModelSerializer):
    # The per-status counts come from the selector (``count_<status>``); the total is their sum.
    application_count = serializers.SerializerMethodField()
    status_counts = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = ["id", "title", "department", "is_open", "openings", "application_count", "status_counts"]
        read_only_fields = fields

    @extend_schema_field(StatusCountsSerializer)
    def get_status_counts(self, job: Job) -> dict[str, int]:
        return {status: getattr(job, f"{STATUS_COUNT_PREFIX}{status}", 0) for status in ApplicationStatus.values}

    def get_application_count(self, job: Job) -> int:
        # Every application is in exactly one status (a CHECK constraint), so the total is the sum.
        return sum(self.get_status_counts(job).values())

    def to_representation(self, instance: Job) -> dict:
        # Built directly, the same output as the fields above (the generic machinery is most of a page's cost).
        status_counts = self.get_status_counts(instance)
        return {
            "id": instance.pk,
            "title": str(instance.title),
            "department": str(instance.department),
            "is_open": bool(instance.is_open),
            "openings": int(instance.openings),
            "application_count": sum(status_counts.values()),
            "status_counts": status_counts,
        }


# --- Applications --------------------------------------------------------------------------------


class ApplicationJobSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    department = serializers.CharField(read_only=True)


class ApplicationCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)


class ApplicationSerializer(serializers.ModelSerializer):
    job = ApplicationJobSerializer(read_only=True)
    candidate = ApplicationCandidateSerializer(read_only=True)
    has_resume = serializers.BooleanField(read_only=True)

    class Meta:
        model = Application
        fields = ["id", "job", "candidate", "status", "cover_letter", "has_resume", "applied_at", "updated_at"]
        read_only_fields = fields

    def to_representation(self, instance: Application) -> dict:
        # Built directly, the same output as the fields above (the generic machinery is most of a page's cost).
        if type(self) is not ApplicationSerializer:
            return super().to_representation(instance)
        return _application(instance)


def _application(instance: Application) -> dict:
    """ApplicationSerializer's output, built directly."""
    job = instance.job
    candidate = instance.candidate
    return {
        "id": instance.pk,
        "job": {"id": job.pk, "title": str(job.title), "department": str(job.department)},
        "candidate": {"id": candidate.pk, "full_name": str(candidate.full_name), "email": str(candidate.email)},
        "status": str(instance.status),
        "cover_letter": str(instance.cover_letter),
        "has_resume": bool(instance.has_resume),
        "applied_at": local_iso(instance.applied_at),
        "updated_at": local_iso(instance.updated_at),
    }


# "" unless the event is a rejection: a plain enum would promise one of the reasons on every event.
_EVENT_REASON = {"choices": RejectionReason.choices, "allow_blank": True, "read_only": True}


class ApplicationEventSerializer(serializers.ModelSerializer):
    actor = UserSummarySerializer(read_only=True, allow_null=True)
    reason = serializers.ChoiceField(**_EVENT_REASON)

    class Meta:
        model = ApplicationEvent
        fields = ["id", "from_status", "to_status", "reason", "note", "actor", "at"]
        read_only_fields = fields


class CandidateApplicationEventSerializer(serializers.ModelSerializer):
    """What the candidate sees of their own history: the changes and a rejection reason, not internal notes."""

    reason = serializers.ChoiceField(**_EVENT_REASON)

    class Meta:
        model = ApplicationEvent
        fields = ["id", "from_status", "to_status", "reason", "at"]
        read_only_fields = fields


class _DocumentedEventSerializer(serializers.Serializer):
    """Schema only: an event as admins see it, with ``note`` and ``actor`` optional since candidates never get
    them (CandidateApplicationEventSerializer). Fields are not read_only so the schema does not require them."""

    id = serializers.IntegerField()
    from_status = serializers.ChoiceField(choices=ApplicationStatus.choices, allow_blank=True)
    to_status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    reason = serializers.ChoiceField(choices=RejectionReason.choices, allow_blank=True)
    note = serializers.CharField(required=False, help_text="Admins only.")
    actor = UserSummarySerializer(required=False, allow_null=True, help_text="Admins only.")
    at = serializers.DateTimeField()

    class Meta:
        ref_name = "ApplicationEvent"


class ApplicationDetailSerializer(ApplicationSerializer):
    events = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "events"]
        read_only_fields = fields

    @extend_schema_field(_DocumentedEventSerializer(many=True))
    def get_events(self, application: Application) -> list[dict]:
        is_admin, events = self._events(application)
        serializer_class = ApplicationEventSerializer if is_admin else CandidateApplicationEventSerializer
        return serializer_class(events, many=True).data

    def _events(self, application: Application) -> tuple[bool, Any]:
        """Whether the reader is an admin (who sees notes and actors), and the events to show."""
        request = self.context.get("request")
        is_admin = bool(request and request.user.is_authenticated and request.user.is_admin)
        # ``event_list``: the events already in hand, in order (``application_create`` and
        # ``selectors.application_with_events`` set it), else read them.
        events = getattr(application, "event_list", None)
        if events is None:
            events = application.events.all()
        return is_admin, events

    def to_representation(self, instance: Application) -> dict:
        # Built directly, the same output as the fields above and the event serializers' (the generic
        # machinery was ~10-15% of an application detail request).
        data = _application(instance)
        is_admin, events = self._events(instance)
        if is_admin:
            data["events"] = [
                {
                    "id": event.pk,
                    "from_status": str(event.from_status),
                    "to_status": str(event.to_status),
                    "reason": str(event.reason),
                    "note": str(event.note),
                    "actor": _user_summary(event.actor),
                    "at": _instant(event.at),
                }
                for event in events
            ]
        else:
            data["events"] = [
                {
                    "id": event.pk,
                    "from_status": str(event.from_status),
                    "to_status": str(event.to_status),
                    "reason": str(event.reason),
                    "at": _instant(event.at),
                }
                for event in events
            ]
        return data


@extend_schema_serializer(component_name="ApplicationUpload")
class ApplicationCreateSerializer(serializers.Serializer):
    """Apply: ``job`` and an optional cover letter, as JSON or multipart with a ``resume`` file.

    Anything else in the payload (candidate, status, ids, dates) is ignored: the server owns those.
    """

    job = IdRelatedField(
        queryset=Job.objects.all(),
        error_messages={
            "does_not_exist": "There is no job with id {pk_value}.",
            "incorrect_type": "Give the job's id as a number.",
            "required": "Say which job you apply to.",
        },
    )
    cover_letter = serializers.CharField(
        max_length=COVER_LETTER_MAX, required=False, allow_blank=True, default="", validators=[validate_multi_line]
    )
    resume = serializers.FileField(
        required=False,
        allow_empty_file=True,  # the service says what is accepted, with one message for every bad file
        use_url=False,
        help_text="PDF, DOC or DOCX, recognised by content, at most RESUME_MAX_BYTES (5 MB by default).",
    )


@extend_schema_serializer(component_name="ApplicationCreate")
class ApplicationCreateJSONSerializer(ApplicationCreateSerializer):
    """Apply as JSON: ``job`` and an optional cover letter (a resume needs multipart)."""

    resume = None  # a file cannot travel in JSON: documented for multipart only


def _note_field() -> serializers.CharField:
    """The optional note on a move along the pipeline (a status change, a selection, a withdrawal)."""
    return serializers.CharField(
        max_length=NOTE_MAX, required=False, allow_blank=True, default="", validators=[validate_multi_line]
    )


class ApplicationStatusChangeSerializer(serializers.Serializer):
    """A move along the pipeline. ``reason`` is required when rejecting; re-opening needs a ``note``."""

    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    reason = serializers.ChoiceField(choices=RejectionReason.choices, required=False, allow_blank=True, default="")
    note = _note_field()


class ApplicationSelectSerializer(serializers.Serializer):
    note = _note_field()


class ApplicationWithdrawSerializer(serializers.Serializer):
    note = _note_field()


class InterviewerNameSerializer(serializers.Serializer):
    # Never the email address the model's full_name falls back to (issue 14).
    full_name = serializers.CharField(source="name_for_candidates", read_only=True)


class UpcomingInterviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    scheduled_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    duration = serializers.IntegerField(read_only=True)
    round_type = serializers.CharField(source="round_type.name", read_only=True)
    location = serializers.CharField(read_only=True)
    meeting_url = serializers.CharField(read_only=True)
    interviewer = InterviewerNameSerializer(read_only=True)


class MyApplicationJobSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    department = serializers.CharField(read_only=True)
    location = serializers.CharField(read_only=True)
    employment_type = serializers.CharField(read_only=True)
    is_open = serializers.BooleanField(read_only=True)


class MyApplicationSerializer(serializers.ModelSerializer):
    job = MyApplicationJobSerializer(read_only=True)
    has_resume = serializers.BooleanField(read_only=True)
    upcoming_interviews = UpcomingInterviewSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "job",
            "status",
            "cover_letter",
            "has_resume",
            "applied_at",
            "updated_at",
            "upcoming_interviews",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Application) -> dict:
        # Built directly, the same output as the fields above (the generic machinery is most of a page's cost).
        job = instance.job
        return {
            "id": instance.pk,
            "job": {
                "id": job.pk,
                "title": str(job.title),
                "department": str(job.department),
                "location": str(job.location),
                "employment_type": str(job.employment_type),
                "is_open": bool(job.is_open),
            },
            "status": str(instance.status),
            "cover_letter": str(instance.cover_letter),
            "has_resume": bool(instance.has_resume),
            "applied_at": local_iso(instance.applied_at),
            "updated_at": local_iso(instance.updated_at),
            "upcoming_interviews": [
                {
                    "id": interview.pk,
                    "scheduled_at": local_iso(interview.scheduled_at),
                    "ends_at": local_iso(interview.ends_at),
                    "duration": int(interview.duration),
                    "round_type": str(interview.round_type.name),
                    "location": str(interview.location),
                    "meeting_url": str(interview.meeting_url),
                    "interviewer": {"full_name": str(interview.interviewer.name_for_candidates)},
                }
                for interview in instance.upcoming_interviews
            ],
        }
