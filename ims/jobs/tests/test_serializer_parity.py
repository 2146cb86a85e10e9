"""The hand-built ``to_representation`` of the list and detail serializers gives, field for field, what DRF's generic
ModelSerializer machinery gives for the fields they declare (which is also what the OpenAPI schema describes).
Rows are read through the same selectors as the views, in UTC and in another active time zone."""

import json
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.utils import timezone
from rest_framework import serializers

from ims.interviews import selectors as interview_selectors
from ims.jobs import selectors, services
from ims.jobs.api.serializers import (
    ApplicationDetailSerializer,
    ApplicationSerializer,
    JobApplicationCountsSerializer,
    JobSerializer,
    MyApplicationSerializer,
    OpenJobSerializer,
)
from ims.jobs.models import ApplicationEvent, ApplicationStatus, EmploymentType, Job, RejectionReason
from tests.factories import AdminFactory, ApplicationFactory, CandidateFactory, InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db

ZONES = ["UTC", "Asia/Kolkata"]


def _generic(serializer_class, instance, context=None) -> dict:
    return serializers.ModelSerializer.to_representation(serializer_class(context=context or {}), instance)


def _assert_same(serializer_class, instances, context=None) -> None:
    assert instances, "nothing to compare"
    for instance in instances:
        fast = serializer_class(instance, context=context or {}).data
        generic = _generic(serializer_class, instance, context)
        assert list(fast) == list(generic)  # the same fields, in the same order
        for name in generic:
            # As JSON, so 1 and True, 60 and 60.0, or a nested field of another type all differ.
            assert json.dumps(fast[name]) == json.dumps(generic[name]), (serializer_class.__name__, name)


@pytest.fixture
def jobs(admin):
    now = timezone.now()
    closed = JobFactory(title="Ops (closed)", is_open=False, closed_at=now, location="", openings=3, created_by=admin)
    job = JobFactory(title="Ingénieur — 東京", department="R&D", employment_type="contract", created_by=admin)
    ApplicationFactory(job=job, status=ApplicationStatus.SCREENING)
    ApplicationFactory(job=job, status=ApplicationStatus.REJECTED)
    return [job, closed]


@pytest.mark.parametrize("zone", ZONES)
def test_open_jobs_are_built_like_the_generic_serializer(jobs, zone):
    with timezone.override(zone):
        _assert_same(OpenJobSerializer, list(selectors.jobs_open()))


@pytest.mark.parametrize("zone", ZONES)
def test_application_counts_are_built_like_the_generic_serializer(jobs, zone):
    with timezone.override(zone):
        _assert_same(JobApplicationCountsSerializer, list(selectors.jobs_with_application_counts()))


@pytest.mark.parametrize("zone", ZONES)
def test_applications_are_built_like_the_generic_serializer(admin, jobs, zone):
    with_resume = ApplicationFactory(cover_letter="Über-motivated.\nTwo lines.")
    with_resume.resume.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    with timezone.override(zone):
        _assert_same(ApplicationSerializer, list(selectors.applications_visible_to(admin)))


@pytest.mark.parametrize("zone", ZONES)
def test_my_applications_are_built_like_the_generic_serializer(candidate, interviewer, zone):
    with_interviews = ApplicationFactory(candidate=candidate, status=ApplicationStatus.INTERVIEWING)
    start = timezone.now() + timedelta(days=2, microseconds=123)
    InterviewFactory(application=with_interviews, interviewer=interviewer, scheduled_at=start, location="")
    InterviewFactory(
        application=with_interviews,
        scheduled_at=start + timedelta(days=1),
        ends_at=start + timedelta(days=1, minutes=45),
        duration=45,
        meeting_url="https://meet.example.com/x",
    )
    ApplicationFactory(candidate=candidate, job=JobFactory(is_open=False))
    with timezone.override(zone):
        applications = list(interview_selectors.applications_of_candidate(candidate=candidate))
        assert any(a.upcoming_interviews for a in applications)
        _assert_same(MyApplicationSerializer, applications)


# --- One job, one application --------------------------------------------------------------------


@pytest.fixture
def every_kind_of_job(admin, jobs):
    now = timezone.now()
    no_author = JobFactory(created_by=None, title="Ünïcode ✓ «job»", description="Ligne 1\nLigne 2 — 東京", location="")
    nameless_author = JobFactory(created_by=AdminFactory(first_name="", last_name=""), closed_at=now, is_open=False)
    for employment_type in EmploymentType.values:
        JobFactory(employment_type=employment_type, openings=2**31 - 1, created_by=admin)
    return [*jobs, no_author, nameless_author]


@pytest.mark.parametrize("zone", ZONES)
def test_jobs_as_admins_read_them_are_built_like_the_generic_serializer(admin, every_kind_of_job, zone):
    with timezone.override(zone):
        listed = list(selectors.jobs_list())
        assert {job.employment_type for job in listed} == set(EmploymentType.values)
        assert any(job.created_by is None for job in listed) and any(job.closed_at for job in listed)
        _assert_same(JobSerializer, listed)
        _assert_same(JobSerializer, [selectors.access_job(user=admin, pk=job.pk) for job in every_kind_of_job])


def test_a_job_read_without_its_count_keeps_the_generic_output(every_kind_of_job):
    # The generic path leaves out a read-only field the instance lacks; so does JobSerializer.
    plain = Job.objects.get(pk=every_kind_of_job[0].pk)
    assert "application_count" not in JobSerializer(plain).data
    _assert_same(JobSerializer, [plain])


def test_a_job_serializer_given_data_keeps_the_generic_output(admin, every_kind_of_job):
    job = selectors.access_job(user=admin, pk=every_kind_of_job[0].pk)
    edited = JobSerializer(job, data={"title": "Renamed", "is_open": False}, partial=True)
    assert edited.is_valid(), edited.errors
    assert edited.data == _generic(JobSerializer, job)  # an instance: its representation, not the input
    created = JobSerializer(data={"title": "New", "description": "D", "department": "Ops", "openings": 2})
    assert created.is_valid(), created.errors
    assert created.data == _generic(JobSerializer, created.validated_data)  # no instance: the generic path


def _reader(user) -> dict:
    request = RequestFactory().get("/")
    request.user = user
    return {"request": request}


@pytest.fixture
def detailed_applications(admin, candidate):
    """An application in every status, with events that have and lack an actor, a note and a reason."""
    applications = []
    for status in ApplicationStatus.values:
        application = ApplicationFactory(
            candidate=candidate, status=status, cover_letter="Très motivée — 東京\n" if status == "applied" else ""
        )
        at = timezone.now() - timedelta(days=3, microseconds=17)
        ApplicationEvent.objects.create(application=application, from_status="", to_status="applied")
        if status != ApplicationStatus.APPLIED:
            ApplicationEvent.objects.create(
                application=application,
                from_status="applied",
                to_status=status,
                actor=admin if status != ApplicationStatus.WITHDRAWN else candidate,
                reason=RejectionReason.FAILED_INTERVIEW if status == ApplicationStatus.REJECTED else "",
                note="Entretien réussi ✓\nSecond line" if status == ApplicationStatus.SELECTED else "",
            )
        ApplicationEvent.objects.filter(application=application).update(at=at)
        applications.append(application)
    applications[0].resume.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    applied = services.application_create(candidate=CandidateFactory(first_name="", last_name=""), job=JobFactory())
    return [*applications, applied]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("reader", ["admin", "candidate"])
def test_application_details_are_built_like_the_generic_serializer(request, detailed_applications, reader, zone):
    user = request.getfixturevalue(reader)
    with timezone.override(zone):
        read = [
            selectors.application_with_events(selectors.access_application(user=user, pk=application.pk))
            for application in detailed_applications
            if user.is_admin or application.candidate_id == user.pk
        ]
        assert {application.status for application in read} == set(ApplicationStatus.values)
        assert any(event.actor is None for application in read for event in application.events.all())
        _assert_same(ApplicationDetailSerializer, read, _reader(user))
        # As application_create returns it (its event_list, no read back), and with no reader at all.
        _assert_same(ApplicationDetailSerializer, [detailed_applications[-1]], _reader(user))
        _assert_same(ApplicationDetailSerializer, read)


def test_application_details_show_notes_and_actors_to_admins_only(admin, candidate, detailed_applications):
    selected = selectors.application_with_events(
        selectors.access_application(user=admin, pk=detailed_applications[3].pk)
    )
    assert selected.status == ApplicationStatus.SELECTED
    for_admin = ApplicationDetailSerializer(selected, context=_reader(admin)).data["events"]
    for_candidate = ApplicationDetailSerializer(selected, context=_reader(candidate)).data["events"]
    assert list(for_admin[-1]) == ["id", "from_status", "to_status", "reason", "note", "actor", "at"]
    assert for_admin[-1]["actor"] == {"id": admin.pk, "full_name": "Ada Admin"}
    assert list(for_candidate[-1]) == ["id", "from_status", "to_status", "reason", "at"]
