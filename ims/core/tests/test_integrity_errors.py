"""ims.core.db.violates names the constraint a write broke, from real errors of the backend in use."""

import pytest
from django.db import IntegrityError, transaction

from ims.accounts.models import User
from ims.core.db import violates
from ims.interviews.models import Interview, RoundType
from tests.factories import CandidateFactory, InterviewFactory, RoundTypeFactory

pytestmark = pytest.mark.django_db


def _error_of(write) -> IntegrityError:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    return caught.value


def test_a_named_unique_constraint_on_an_expression_is_recognised():
    RoundTypeFactory(name="Technical")

    exc = _error_of(lambda: RoundType.objects.create(name="TECHNICAL"))

    assert violates(exc, "roundtype_name_ci_unique")
    assert not violates(exc, "user_email_ci_unique")


def test_a_columns_unique_is_recognised_by_its_field():
    CandidateFactory(email="ada@example.com")
    email = User._meta.get_field("email")

    exc = _error_of(lambda: User.objects.create(email="ada@example.com"))

    # One of the two uniques on the email breaks first, depending on the backend: either is "the email".
    assert violates(exc, "user_email_ci_unique", unique_field=email)
    assert not violates(exc, "roundtype_name_ci_unique")


def test_a_check_constraint_is_recognised():
    interview = InterviewFactory()

    exc = _error_of(lambda: Interview.objects.filter(pk=interview.pk).update(duration=1))

    assert violates(exc, "interview_duration_range")
    assert not violates(exc, "interview_ends_after_start")
