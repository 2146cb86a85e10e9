"""The export document (GDPR articles 15 and 20): everything IMS holds about a candidate, as the candidate may
see it. Each part is serialized by the serializer that already defines what a candidate sees of it, so the
export never shows more than the API does: no internal notes on events, no private notes, recommendation or
criteria scores on feedback, nothing about other applicants.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils import timezone
from rest_framework import serializers

from ims.accounts.api.serializers import UserSerializer
from ims.accounts.models import User
from ims.interviews.api.serializers import AwareDateTimeField, CandidateFeedbackSerializer
from ims.interviews.models import Interview
from ims.interviews.selectors import feedback_for_candidate
from ims.jobs.api.serializers import CandidateApplicationEventSerializer, MyApplicationJobSerializer
from ims.jobs.models import Application, ApplicationEvent
from ims.jobs.resumes import EXTENSIONS, sanitize_filename
from ims.notifications.api.serializers import NotificationDetailSerializer
from ims.notifications.models import Notification

FORMAT_VERSION = 1
JSON_NAME = "export.json"


class _ExportProfileSerializer(UserSerializer):
    class Meta(UserSerializer.Meta):
        fields = (*UserSerializer.Meta.fields, "last_login")
        read_only_fields = fields


class _ExportInterviewSerializer(serializers.ModelSerializer):
    """Every interview of the candidate (not only upcoming ones), as the candidate sees an interview."""

    application = serializers.IntegerField(source="application_id", read_only=True)
    job = serializers.CharField(source="application.job.title", read_only=True)
    round_type = serializers.CharField(source="round_type.name", read_only=True)
    # Never the email address full_name falls back to (issue 14: no interviewer contact details to candidates).
    interviewer = serializers.CharField(source="interviewer.name_for_candidates", read_only=True)
    scheduled_at = AwareDateTimeField(read_only=True)
    ends_at = AwareDateTimeField(read_only=True)
    meeting_url = serializers.CharField(read_only=True)

    class Meta:
        model = Interview
        fields = [
            "id",
            "scheduled_at",
            "ends_at",
            "duration",
            "round_type",
            "location",
            "meeting_url",
            "interviewer",
            "application",
            "job",
            "status",
        ]
        read_only_fields = fields


def resume_path(application: Application) -> str:
    """Where the application's resume sits inside the ZIP."""
    extension = EXTENSIONS.get(application.resume_content_type) or application.resume.name.rpartition(".")[2]
    return f"resumes/{application.pk}-{sanitize_filename(application.resume_filename, extension)}"


def _application(application: Application) -> dict[str, Any]:
    resume = None
    if application.resume:
        resume = {
            "filename": application.resume_filename,
            "content_type": application.resume_content_type,
            "file_in_zip": resume_path(application),
        }
    return {
        "id": application.pk,
        "job": MyApplicationJobSerializer(application.job).data,
        "status": application.status,
        "cover_letter": application.cover_letter,
        "resume": resume,
        "applied_at": application.applied_at,
        "updated_at": application.updated_at,
        "events": CandidateApplicationEventSerializer(application.events.all(), many=True).data,
    }


def candidate_applications(candidate: User) -> list[Application]:
    events = ApplicationEvent.objects.order_by("at", "id")
    return list(
        Application.objects.filter(candidate=candidate)
        .select_related("job")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("applied_at", "id")
    )


def export_document(*, candidate: User, applications: list[Application] | None = None) -> dict[str, Any]:
    """The candidate's data as one JSON-ready document."""
    applications = candidate_applications(candidate) if applications is None else applications
    interviews = (
        Interview.objects.filter(candidate=candidate)
        .select_related("round_type", "interviewer", "application__job")
        .order_by("scheduled_at", "id")
    )
    notifications = Notification.objects.filter(recipient=candidate).select_related("recipient").order_by("created_at")
    document = {
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now(),
        "profile": _ExportProfileSerializer(candidate).data,
        "applications": [_application(application) for application in applications],
        "interviews": _ExportInterviewSerializer(interviews, many=True).data,
        "feedback": CandidateFeedbackSerializer(feedback_for_candidate(user=candidate), many=True).data,
        # No request in the context: the serializer leaves out what only admins see (delivery errors).
        "notifications": NotificationDetailSerializer(notifications, many=True).data,
    }
    # Plain JSON types all the way down (DRF's ReturnDicts, datetimes as ISO 8601).
    return json.loads(json.dumps(document, cls=DjangoJSONEncoder))


def export_zip(*, candidate: User) -> bytes:
    """``export.json`` and each resume file, in one ZIP. A resume missing from storage is left out and said so."""
    applications = candidate_applications(candidate)
    document = export_document(candidate=candidate, applications=applications)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for application, entry in zip(applications, document["applications"], strict=True):
            if not application.resume:
                continue
            try:
                with application.resume.open("rb") as handle:
                    archive.writestr(entry["resume"]["file_in_zip"], handle.read())
            except FileNotFoundError:
                entry["resume"]["file_in_zip"] = None
                entry["resume"]["missing"] = True
        archive.writestr(JSON_NAME, json.dumps(document, indent=2, ensure_ascii=False))
    return buffer.getvalue()
