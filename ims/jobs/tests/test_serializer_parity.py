"""The hand-built ``to_representation`` of the list serializers gives, field for field, what DRF's generic
ModelSerializer machinery gives for the fields they declare (which is also what the OpenAPI schema describes).
Rows are read through the same selectors as the views, in UTC and in another active time zone."""

import json
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework import serializers

from ims.interviews import selectors as interview_selectors
from ims.jobs import selectors
from ims.jobs.api.serializers import (
    ApplicationSerializer,
    JobApplicationCountsSerializer,
    MyApplicationSerializer,
    OpenJobSerializer,
)
from ims.jobs.models import ApplicationStatus
from tests.factories import ApplicationFactory, InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db

ZONES = ["UTC", "Asia/Kolkata"]


def _generic(serializer_class, instance) -> dict:
    return serializers.ModelSerializer.to_representation(serializer_class(), instance)


def _assert_same(serializer_class, instances) -> None:
    assert instances, "nothing to compare"
    for instance in instances:
        fast = serializer_class(instance).data
        generic = _generic(serializer_class, instance)
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
