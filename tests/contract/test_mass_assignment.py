"""Mass assignment: every write endpoint, sent every server-owned field with hostile values, applies none of
them (checked by re-reading the rows from the database)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ims.accounts.models import Role, User
from ims.interviews.models import Feedback, Interview, InterviewStatus, RoundType
from ims.jobs.models import Application, ApplicationStatus, Job
from tests import factories
from tests.contract.world import build_world

PAST = "2001-01-01T00:00:00Z"


def hostile(world, **legit):
    """Every server-owned field with a value that would hurt if applied, plus the legitimate input."""
    return {
        "id": 999_999,
        "role": Role.ADMIN,
        "is_staff": True,
        "is_superuser": True,
        "is_active": False,
        "token_version": 99,
        "candidate": world.b.candidate.pk,
        "interviewer": world.b.interviewer.pk,
        "created_by": world.b.candidate.pk,
        "application": world.b.application.pk,
        "job": world.b.job.pk,
        "status": ApplicationStatus.SELECTED,
        "applied_at": PAST,
        "submitted_at": PAST,
        "created_at": PAST,
        "sequence": 99,
        "attempts": 99,
        "ends_at": PAST,
        "closed_at": PAST,
        "application_count": 99,
        **legit,
    }


@pytest.fixture
def world(db):
    return build_world()


def _user_is_untouched(user: User, *, role: str) -> None:
    user.refresh_from_db()
    assert (user.role, user.is_staff, user.is_superuser, user.is_active, user.token_version) == (
        role,
        role == Role.ADMIN,
        False,
        True,
        0,
    )


def test_registering_never_applies_role_staff_superuser_or_active(world, anon_client):
    body = hostile(world, email="new@example.com", password="a long enough Pass-2026", role=Role.ADMIN)
    response = anon_client.post("/api/users/create", body, format="json")
    assert response.status_code == 403, response.content  # asking for admin is refused outright
    assert not User.objects.filter(email="new@example.com").exists()

    response = anon_client.post("/api/users/create", {**body, "role": Role.CANDIDATE}, format="json")
    assert response.status_code == 201, response.content
    user = User.objects.get(email="new@example.com")
    assert user.pk != 999_999
    _user_is_untouched(user, role=Role.CANDIDATE)


@pytest.mark.parametrize("method", ["put", "patch"])
def test_own_profile_update_never_applies_server_owned_fields(world, client_for, method):
    user = world.a.candidate
    body = hostile(world, first_name="Cara", email="stolen@example.com")
    response = getattr(client_for(user), method)("/api/users/me/", body, format="json")
    assert response.status_code == 200, response.content
    _user_is_untouched(user, role=Role.CANDIDATE)
    user.refresh_from_db()
    assert (user.pk, user.email, user.first_name) == (world.a.candidate.pk, "cand-a@example.com", "Cara")


@pytest.mark.parametrize("method", ["put", "patch"])
def test_admin_user_update_never_applies_superuser_active_or_token_version(world, client_for, method):
    target = world.a.interviewer
    body = hostile(world, email=target.email, role=Role.INTERVIEWER)
    response = getattr(client_for(world.admin), method)(f"/api/users/{target.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    _user_is_untouched(target, role=Role.INTERVIEWER)


def test_creating_a_job_records_the_admin_as_creator_whatever_is_sent(world, client_for):
    body = hostile(world, title="New job", description="d", department="Eng", openings=1)
    response = client_for(world.admin).post("/api/jobs/", body, format="json")
    assert response.status_code == 201, response.content
    job = Job.objects.get(title="New job")
    assert (job.created_by_id, job.closed_at) == (world.admin.pk, None)
    assert job.pk != 999_999 and job.created_at.year > 2001


@pytest.mark.parametrize("method", ["put", "patch"])
def test_changing_a_job_never_changes_its_creator_id_or_dates(world, client_for, method):
    job = world.spare_job
    body = hostile(world, title="Renamed", description="d", department="Eng", openings=1, is_open=True)
    response = getattr(client_for(world.admin), method)(f"/api/jobs/{job.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    before_created = job.created_at
    job.refresh_from_db()
    assert (job.title, job.created_by_id, job.created_at, job.closed_at) == (
        "Renamed",
        world.admin.pk,
        before_created,
        None,
    )


def test_applying_always_files_the_application_as_the_caller_with_status_applied(world, client_for):
    body = hostile(world, job=world.spare_job.pk, cover_letter="hello")
    response = client_for(world.a.candidate).post("/api/applications/", body, format="json")
    assert response.status_code == 201, response.content
    application = Application.objects.get(job=world.spare_job)
    assert (application.candidate_id, application.status) == (world.a.candidate.pk, ApplicationStatus.APPLIED)
    assert application.pk != 999_999 and application.applied_at.year > 2001


@pytest.mark.parametrize("method", ["put", "patch"])
def test_moving_an_application_never_changes_its_candidate_job_or_dates(world, client_for, method):
    application = world.a.application
    body = hostile(world, status=ApplicationStatus.REJECTED, reason="other")
    response = getattr(client_for(world.admin), method)(f"/api/applications/{application.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    applied_at = application.applied_at
    application.refresh_from_db()
    assert (application.candidate_id, application.job_id, application.applied_at, application.status) == (
        world.a.candidate.pk,
        world.a.job.pk,
        applied_at,
        ApplicationStatus.REJECTED,
    )


@pytest.mark.parametrize("action", ["select", "withdraw"])
def test_select_and_withdraw_never_apply_server_owned_fields(world, client_for, action):
    application = world.a.application
    client = client_for(world.admin if action == "select" else world.a.candidate)
    response = client.post(f"/api/applications/{application.pk}/{action}/", hostile(world), format="json")
    assert response.status_code == 200, response.content
    application.refresh_from_db()
    assert (application.candidate_id, application.job_id) == (world.a.candidate.pk, world.a.job.pk)
    assert application.status == (ApplicationStatus.SELECTED if action == "select" else ApplicationStatus.WITHDRAWN)


def test_scheduling_takes_candidate_status_sequence_and_creator_from_the_server(world, client_for):
    application = world.a.application
    start = (timezone.now() + timedelta(days=20)).replace(microsecond=0)
    body = hostile(
        world,
        round_type=world.round_type.pk,
        interviewer=world.a.interviewer.pk,
        scheduled_at=start.isoformat(),
        status=InterviewStatus.COMPLETED,
    )
    response = client_for(world.admin).post(f"/api/applications/{application.pk}/rounds/", body, format="json")
    assert response.status_code == 201, response.content
    interview = Interview.objects.get(pk=response.json()["id"])
    assert (interview.application_id, interview.candidate_id, interview.status, interview.created_by_id) == (
        application.pk,
        world.a.candidate.pk,
        InterviewStatus.SCHEDULED,
        world.admin.pk,
    )
    assert interview.sequence != 99 and interview.pk != 999_999
    assert interview.ends_at == start + timedelta(minutes=interview.duration)


@pytest.mark.parametrize("method", ["put", "patch"])
def test_changing_an_interview_never_moves_it_to_another_application_or_candidate(world, client_for, method):
    interview = world.a.interview
    body = hostile(world, location="Room 9")
    body.pop("interviewer")  # a legitimate input here (reassigning); tested by the interviews app
    body.pop("status")  # legitimate too (cancel, completed, no_show)
    response = getattr(client_for(world.admin), method)(f"/api/application-rounds/{interview.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    before = (interview.application_id, interview.candidate_id, interview.created_by_id, interview.ends_at)
    interview.refresh_from_db()
    assert (interview.application_id, interview.candidate_id, interview.created_by_id, interview.ends_at) == before
    assert interview.location == "Room 9" and interview.sequence != 99


def test_feedback_is_always_the_callers_own(world, client_for):
    interview = factories.InterviewFactory(
        application=world.a.application,
        round_type=world.round_type,
        interviewer=world.a.interviewer,
        scheduled_at=timezone.now() - timedelta(days=9),
    )
    body = hostile(world, rating=4, comments="Good", interview=world.b.done_interview.pk)
    response = client_for(world.a.interviewer).post(
        f"/api/application-rounds/{interview.pk}/feedback/", body, format="json"
    )
    assert response.status_code == 201, response.content
    feedback = Feedback.objects.get(interview=interview)
    assert feedback.interviewer_id == world.a.interviewer.pk and feedback.pk != 999_999
    assert feedback.submitted_at.year > 2001
    assert Feedback.objects.filter(interview=world.b.done_interview).count() == 1


@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_round_types_never_take_an_id_or_dates_from_the_client(world, client_for, method):
    body = hostile(world, name="Panel", description="d", default_duration=45)
    client = client_for(world.admin)
    if method == "post":
        response = client.post("/api/interview-rounds/", body, format="json")
        assert response.status_code == 201, response.content
        round_type = RoundType.objects.get(name="Panel")
    else:
        round_type = world.spare_round_type
        response = getattr(client, method)(f"/api/interview-rounds/{round_type.pk}/", body, format="json")
        assert response.status_code == 200, response.content
        round_type.refresh_from_db()
    assert round_type.pk != 999_999 and round_type.created_at.year > 2001 and round_type.name == "Panel"


def test_notifications_have_no_write_endpoint_at_all(world, client_for):
    notification = world.a.notifications["candidate"]
    client = client_for(world.admin)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"/api/notifications/{notification.pk}/", {"attempts": 99}, format="json")
        assert response.status_code == 405, (method, response.status_code)
    notification.refresh_from_db()
    assert notification.attempts == 0
