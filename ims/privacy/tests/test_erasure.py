"""Erasure (GDPR article 17): every personal field and file wiped, the facts the reports count kept."""

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import SESSION_KEY, get_user
from django.db import models
from django.db.models import Avg, Count
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from ims.accounts.models import User
from ims.accounts.tests.helpers import login, refresh, tokens
from ims.interviews.models import Feedback, FeedbackDraft, FeedbackVersion, Interview, InterviewStatus
from ims.jobs.models import Application, ApplicationEvent, ApplicationStatus
from ims.jobs.selectors import jobs_with_application_counts
from ims.notifications.models import Notification, NotificationStatus
from ims.privacy import services
from ims.privacy.models import AuditAction, AuditEntry, Erasure
from ims.privacy.tests.conftest import make_footprint
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

# Every text, file and JSON column of every model that can be about a person. A field added later that is in
# neither list fails test_every_text_field_is_either_wiped_by_erasure_or_known_not_to_be_personal.
WIPED = {
    "accounts.user": {"email", "first_name", "last_name", "phone", "password", "timezone"},
    "jobs.application": {"cover_letter", "resume", "resume_filename", "resume_content_type"},
    "jobs.applicationevent": {"note"},
    "interviews.feedback": {"comments", "private_notes"},
    "interviews.feedbackversion": {"comments", "private_notes"},
    "interviews.feedbackdraft": {"comments", "private_notes"},
    "notifications.notification": {"subject", "body_text", "body_html", "attachments", "last_error"},
    "admin.logentry": {"object_repr"},
}
NOT_PERSONAL = {
    "accounts.user": {"role": "a code"},
    "jobs.job": {
        "title": "the employer's job ad",
        "description": "the employer's job ad",
        "department": "the employer's job ad",
        "location": "the employer's job ad",
        "employment_type": "a code",
    },
    "jobs.application": {"status": "a code the reports count"},
    "jobs.applicationevent": {
        "from_status": "a code",
        "to_status": "a code",
        "reason": "a structured rejection reason code, kept for the reports",
    },
    "interviews.roundtype": {
        "name": "the employer's catalogue",
        "description": "ditto",
        "criteria": "ditto",
        "guidance": "ditto: what to ask in the round, about no one",
    },
    "interviews.interview": {
        "location": "the employer's room",
        "meeting_url": "the employer's meeting link",
        "status": "a code",
    },
    "interviews.feedback": {
        "recommendation": "a code the reports count",
        "criteria_scores": "numbers per criterion name, the reports count them",
    },
    "interviews.feedbackversion": {"recommendation": "a code", "criteria_scores": "numbers per criterion name"},
    "interviews.feedbackdraft": {"recommendation": "a code", "criteria_scores": "numbers per criterion name"},
    "notifications.notification": {"kind": "a code", "status": "a code", "dedupe_key": "kind and ids only"},
    "privacy.auditentry": {
        "action": "a code",
        "object_type": "a model name",
        "object_id": "an id",
        "request_id": "a random id",
        "extra": "ids and codes only (audit_record's contract)",
        "ip": "the acting person's address, the record of access itself (kept as evidence, art. 17(3)(e))",
    },
    "privacy.erasure": {"reason": "a code"},
    "token_blacklist.outstandingtoken": {"jti": "a random id", "token": "a signed token holding the user id only"},
    "admin.logentry": {"object_id": "an id", "change_message": "names of changed fields only"},
    "sessions.session": {
        "session_key": "a random key",
        "session_data": "the user id and a password-derived hash that stops matching on erasure",
    },
}
TEXT_FIELDS = (models.CharField, models.TextField, models.FileField, models.JSONField, models.GenericIPAddressField)


def _personal_rows(label: str, user: User):
    """The rows of ``label`` that are about ``user``."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    return {
        "accounts.user": lambda: User.objects.filter(pk=user.pk),
        "jobs.application": lambda: Application.objects.filter(candidate=user),
        "jobs.applicationevent": lambda: ApplicationEvent.objects.filter(application__candidate=user),
        "interviews.feedback": lambda: Feedback.objects.filter(interview__candidate=user),
        "interviews.feedbackversion": lambda: FeedbackVersion.objects.filter(feedback__interview__candidate=user),
        "interviews.feedbackdraft": lambda: FeedbackDraft.objects.filter(interview__candidate=user),
        "notifications.notification": lambda: Notification.objects.filter(
            Q(recipient=user) | Q(application__candidate=user) | Q(interview__candidate=user)
        ),
        "admin.logentry": lambda: LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ),
    }[label]()


def _value(row, name: str) -> str:
    value = getattr(row, name)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value if isinstance(value, str) else json.dumps(value)


def test_every_text_field_is_either_wiped_by_erasure_or_known_not_to_be_personal():
    labels = ("accounts", "jobs", "interviews", "notifications", "privacy", "token_blacklist", "admin", "sessions")
    found = {
        (model._meta.label_lower, field.name)
        for label in labels
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, TEXT_FIELDS)
    }
    listed = {(model, name) for model, names in WIPED.items() for name in names} | {
        (model, name) for model, names in NOT_PERSONAL.items() for name in names
    }

    assert not found - listed, (
        f"decide for each new field: wipe it in user_erase or say why it is not personal: {found - listed}"
    )
    assert not listed - found, f"listed fields that no longer exist: {listed - found}"


def _log_an_admin_edit(admin, user):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.log_actions(admin.pk, [user], CHANGE, change_message='[{"changed": {"fields": ["Phone"]}}]')
    assert ContentType.objects.get_for_model(User)


def test_erasure_leaves_no_trace_of_the_person_in_any_personal_field_and_removes_the_files(
    admin, django_capture_on_commit_callbacks
):
    footprint = make_footprint("zedmarker", admin=admin)
    make_footprint("bystander", admin=admin)
    candidate = footprint.candidate
    _log_an_admin_edit(admin, candidate)
    storage = Application._meta.get_field("resume").storage
    traces = ["zedmarker", "+14155550123", footprint.resume_name]

    with django_capture_on_commit_callbacks(execute=True):
        services.user_erase_by_admin(user=candidate, actor=admin)

    for label, names in WIPED.items():
        rows = list(_personal_rows(label, candidate))
        assert rows, f"the footprint has no {label} row to check"
        for row in rows:
            for name in names:
                value = _value(row, name)
                for trace in traces:
                    assert trace not in value, f"{label}.{name} of row {row.pk} still holds {trace!r}: {value!r}"
    assert not storage.exists(footprint.resume_name)
    user = User.objects.get(pk=candidate.pk)
    assert (user.full_name, user.email) == (f"Erased candidate #{user.pk}", f"erased-{user.pk}@erased.invalid")
    assert not user.has_usable_password() and not user.is_active


def test_erasure_leaves_the_other_candidates_data_alone(admin, django_capture_on_commit_callbacks):
    footprint = make_footprint("zedmarker", admin=admin)
    other = make_footprint("bystander", admin=admin)
    storage = Application._meta.get_field("resume").storage

    with django_capture_on_commit_callbacks(execute=True):
        services.user_erase_by_admin(user=footprint.candidate, actor=admin)

    other.application.refresh_from_db()
    other.feedback.refresh_from_db()
    assert other.application.cover_letter == "cover letter bystander"
    assert other.feedback.private_notes == "private notes bystander"
    assert storage.exists(other.resume_name)
    assert User.objects.get(pk=other.candidate.pk).email == "bystander@example.com"


def _numbers():
    counts = {
        job.pk: {k: v for k, v in vars(job).items() if k.startswith("count_")} for job in jobs_with_application_counts()
    }
    return {
        "counts": counts,
        "interviews": dict(Interview.objects.values_list("status").annotate(n=Count("id")).order_by()),
        "feedback": Feedback.objects.aggregate(n=Count("id"), avg=Avg("rating")),
        "recommendations": sorted(Feedback.objects.values_list("recommendation", flat=True)),
        "events": ApplicationEvent.objects.count(),
        "reasons": sorted(ApplicationEvent.objects.values_list("reason", flat=True)),
    }


def test_erasing_a_candidate_whose_applications_ended_keeps_every_number_the_reports_count(admin, footprint):
    Application.objects.filter(pk=footprint.active_application.pk).update(status=ApplicationStatus.WITHDRAWN)
    Interview.objects.filter(pk=footprint.upcoming_interview.pk).update(status=InterviewStatus.CANCELLED)
    before = _numbers()

    services.user_erase_by_admin(user=footprint.candidate, actor=admin)

    assert _numbers() == before
    footprint.feedback.refresh_from_db()
    assert (footprint.feedback.rating, footprint.feedback.recommendation) == (2, "no")


def test_applications_still_in_the_pipeline_are_withdrawn_and_their_interviews_cancelled(admin, footprint):
    services.user_erase_by_admin(user=footprint.candidate, actor=admin)

    footprint.active_application.refresh_from_db()
    footprint.upcoming_interview.refresh_from_db()
    assert footprint.active_application.status == ApplicationStatus.WITHDRAWN
    assert footprint.upcoming_interview.status == InterviewStatus.CANCELLED
    cancellation = Notification.objects.get(interview=footprint.upcoming_interview, kind="interview_cancelled")
    assert cancellation.recipient == footprint.upcoming_interview.interviewer
    assert f"Erased candidate #{footprint.candidate.pk}" in cancellation.body_text
    assert not Notification.objects.filter(recipient=footprint.candidate, status=NotificationStatus.QUEUED).exists()


def test_a_candidate_erases_their_account_with_their_password_and_can_never_use_it_again(candidate, footprint):
    pair = tokens(candidate.email)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")

    response = client.post("/api/users/me/erase/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204, response.content
    assert client.get("/api/users/me/").status_code == 401
    assert refresh(pair["refresh"]).status_code == 401
    assert login("cara@example.com").status_code == 401
    entry = AuditEntry.objects.get(action=AuditAction.ERASURE)
    assert (entry.actor_id, entry.candidate_id, entry.extra) == (candidate.pk, candidate.pk, {"reason": "self"})


def test_every_outstanding_refresh_token_is_blacklisted(candidate, footprint):
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

    tokens(candidate.email)
    tokens(candidate.email)

    services.user_erase(user=candidate, actor=candidate, reason="self")

    outstanding = OutstandingToken.objects.filter(user=candidate)
    assert outstanding.count() == 2
    assert all(hasattr(token, "blacklistedtoken") for token in outstanding)


def test_the_candidates_browser_sessions_end(candidate, footprint):
    browser = Client()
    browser.force_login(candidate)
    request = RequestFactory().get("/")
    request.session = browser.session
    assert get_user(request).pk == candidate.pk

    services.user_erase(user=candidate, actor=candidate, reason="self")

    request.session = browser.session
    assert SESSION_KEY in request.session
    assert not get_user(request).is_authenticated


def test_a_wrong_password_is_a_400_naming_it_and_erases_nothing(candidate_client, candidate):
    response = candidate_client.post("/api/users/me/erase/", {"password": "nope"}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()["errors"]
    assert not Erasure.objects.exists()
    assert User.objects.get(pk=candidate.pk).email == "cara@example.com"


def test_a_missing_password_is_a_400_naming_it(candidate_client, candidate):
    response = candidate_client.post("/api/users/me/erase/", {}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()["errors"]


def test_an_erased_persons_email_can_register_again_as_a_new_person(admin, candidate, anon_client):
    services.user_erase_by_admin(user=candidate, actor=admin)

    response = anon_client.post(
        "/api/users/create/", {"email": "Cara@Example.com", "password": "another fine passphrase 7"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["id"] != candidate.pk
    assert not Application.objects.filter(candidate_id=response.json()["id"]).exists()


def test_an_admin_erases_a_candidate_and_erasing_again_changes_nothing(admin_client, admin, footprint):
    url = f"/api/users/{footprint.candidate.pk}/erase/"

    assert admin_client.post(url).status_code == 204
    first = User.objects.get(pk=footprint.candidate.pk)
    assert admin_client.post(url).status_code == 204

    assert Erasure.objects.filter(user=footprint.candidate).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.ERASURE).count() == 1
    again = User.objects.get(pk=footprint.candidate.pk)
    assert (again.password, again.token_version) == (first.password, first.token_version)


def test_an_admin_cannot_erase_an_admin_or_an_interviewer(admin_client, admin, interviewer):
    for user in (admin, interviewer):
        response = admin_client.post(f"/api/users/{user.pk}/erase/")
        assert response.status_code == 409
        assert response.json()["code"] == "not_a_candidate"
    assert not Erasure.objects.exists()


def test_only_admins_erase_other_people(candidate_client, interviewer_client, other_candidate, anon_client):
    for client in (candidate_client, interviewer_client):
        assert client.post(f"/api/users/{other_candidate.pk}/erase/").status_code == 403
    assert interviewer_client.post("/api/users/me/erase/", {"password": PASSWORD}, format="json").status_code == 403
    assert anon_client.post(f"/api/users/{other_candidate.pk}/erase/").status_code == 401
    assert not Erasure.objects.exists()


def test_the_files_are_removed_only_once_the_erasure_commits(admin, footprint, django_capture_on_commit_callbacks):
    storage = Application._meta.get_field("resume").storage

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.user_erase_by_admin(user=footprint.candidate, actor=admin)
        assert storage.exists(footprint.resume_name)

    assert storage.exists(footprint.resume_name)  # not committed (the callbacks did not run)
    for callback in callbacks:
        callback()
    assert not storage.exists(footprint.resume_name)


def test_feedback_submitted_after_the_erasure_keeps_the_scores_and_stores_no_text_about_the_person(
    admin, footprint, client_for
):
    """The interview was held; the interviewer scores it after the candidate was erased. The scores count, as they
    would have if the feedback had come first and the erasure wiped it; nothing written about the person stays."""
    held = Interview.objects.create(
        application=footprint.active_application,
        candidate=footprint.candidate,
        round_type=footprint.done_interview.round_type,
        interviewer=footprint.done_interview.interviewer,
        scheduled_at=footprint.done_interview.scheduled_at - timedelta(days=1),
        ends_at=footprint.done_interview.scheduled_at - timedelta(days=1) + timedelta(minutes=60),
        duration=60,
        status=InterviewStatus.COMPLETED,
    )
    services.user_erase_by_admin(user=footprint.candidate, actor=admin)

    response = client_for(held.interviewer).post(
        f"/api/application-rounds/{held.pk}/feedback/",
        {"rating": 4, "recommendation": "yes", "comments": "carastuff was sharp", "private_notes": "carastuff note"},
        format="json",
    )

    assert response.status_code == 201, response.content
    feedback = Feedback.objects.get(interview=held)
    assert (feedback.rating, feedback.recommendation) == (4, "yes")
    assert (feedback.comments, feedback.private_notes) == ("", "")


def _held_interview(footprint):
    """A held interview of the candidate that has no feedback yet."""
    held = Interview.objects.create(
        application=footprint.active_application,
        candidate=footprint.candidate,
        round_type=footprint.done_interview.round_type,
        interviewer=footprint.done_interview.interviewer,
        scheduled_at=footprint.done_interview.scheduled_at - timedelta(days=1),
        ends_at=footprint.done_interview.scheduled_at - timedelta(days=1) + timedelta(minutes=60),
        duration=60,
        status=InterviewStatus.COMPLETED,
    )
    return held


def test_feedback_edited_after_the_erasure_changes_the_scores_and_stores_no_text_about_the_person(
    admin, footprint, client_for
):
    held = _held_interview(footprint)
    interviewer = client_for(held.interviewer)
    url = f"/api/application-rounds/{held.pk}/feedback/"
    assert interviewer.post(url, {"rating": 3, "comments": "fine"}, format="json").status_code == 201
    services.user_erase_by_admin(user=footprint.candidate, actor=admin)

    response = interviewer.patch(
        url, {"rating": 5, "comments": "carastuff was sharp", "private_notes": "carastuff note"}, format="json"
    )

    assert response.status_code == 200, response.content
    feedback = Feedback.objects.get(interview=held)
    assert feedback.rating == 5
    assert (feedback.comments, feedback.private_notes) == ("", "")
    for version in FeedbackVersion.objects.filter(feedback=feedback):
        assert "carastuff" not in version.comments + version.private_notes


def test_a_draft_saved_after_the_erasure_stores_no_text_about_the_person(admin, footprint, client_for):
    held = _held_interview(footprint)
    services.user_erase_by_admin(user=footprint.candidate, actor=admin)

    response = client_for(held.interviewer).put(
        f"/api/application-rounds/{held.pk}/feedback/draft/",
        {"rating": 4, "comments": "carastuff was sharp", "private_notes": "carastuff note"},
        format="json",
    )

    assert response.status_code == 200, response.content
    draft = FeedbackDraft.objects.get(interview=held)
    assert draft.rating == 4
    assert (draft.comments, draft.private_notes) == ("", "")
