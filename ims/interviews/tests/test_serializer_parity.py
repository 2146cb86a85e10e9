"""InterviewSerializer's hand-built ``to_representation`` gives, field for field, what DRF's generic
ModelSerializer machinery gives for its declared fields, on rows loaded the way the list views load them
(``.only(INTERVIEW_READ_FIELDS)``) and on a plain row."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework import serializers

from ims.interviews import selectors
from ims.interviews.api.serializers import INTERVIEW_READ_FIELDS, InterviewSerializer
from ims.interviews.models import Interview, InterviewStatus
from tests.factories import FeedbackFactory, InterviewerFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def _assert_same(instances) -> None:
    assert instances, "nothing to compare"
    for instance in instances:
        fast = InterviewSerializer(instance).data
        generic = serializers.ModelSerializer.to_representation(InterviewSerializer(), instance)
        assert list(fast) == list(generic)  # the same fields, in the same order
        for name in generic:
            # As JSON, so 1 and True, 60 and 60.0, or a nested field of another type all differ.
            assert json.dumps(fast[name]) == json.dumps(generic[name]), name


@pytest.fixture
def interviews(admin):
    no_name = InterviewerFactory(first_name="", last_name="", email="nameless@example.com")
    start = timezone.now() + timedelta(days=1, microseconds=250)
    upcoming = InterviewFactory(scheduled_at=start, interviewer=no_name, location="", meeting_url="https://m.example/1")
    done = InterviewFactory(status=InterviewStatus.COMPLETED, application__job__title="Ingénieur — 東京")
    FeedbackFactory(interview=done, interviewer=done.interviewer)
    return [upcoming, done]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata"])
def test_listed_interviews_are_built_like_the_generic_serializer(admin, interviews, zone):
    with timezone.override(zone):
        rows = list(selectors.interviews_visible_to(admin).only(*INTERVIEW_READ_FIELDS))
        assert {row.feedback_submitted for row in rows} == {True, False}
        _assert_same(rows)


def test_a_row_without_the_feedback_annotation_is_built_like_the_generic_serializer(interviews):
    _assert_same(list(Interview.objects.select_related("application__job", "candidate", "round_type", "interviewer")))
