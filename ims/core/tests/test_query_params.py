"""The readers of query parameters every FilterSet shares: ids, instants, true/false, and ``query_params``."""

from datetime import UTC, datetime

import pytest
from django import forms
from django.http import QueryDict
from rest_framework.exceptions import ValidationError

from ims.core.filters import IdFormField, MomentFormField, TrueFalseFormField, query_params
from ims.interviews.api.filters import UpcomingInterviewsFilter


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("TRUE", True), ("1", True), ("false", False), ("0", False)]
)
def test_true_or_false_is_read_in_any_case(raw, expected):
    assert TrueFalseFormField(required=False).clean(raw) is expected


@pytest.mark.parametrize("raw", ["yes", "on", "2"])
def test_anything_else_is_refused_saying_what_to_send(raw):
    with pytest.raises(forms.ValidationError, match=r"Use true or false\."):
        TrueFalseFormField(required=False).clean(raw)


def test_an_empty_true_or_false_is_refused_unless_blank_means_absent():
    with pytest.raises(forms.ValidationError):
        TrueFalseFormField(required=False).clean("")
    assert TrueFalseFormField(required=False, blank_is_absent=True).clean("") is None


def test_an_id_of_only_spaces_is_refused_unless_blank_means_absent():
    with pytest.raises(forms.ValidationError):
        IdFormField(required=False).clean(" ")
    assert IdFormField(required=False, blank_is_absent=True).clean(" ") is None
    assert IdFormField(required=False, blank_is_absent=True).clean("42") == 42


def test_a_day_starts_at_midnight_utc_and_ends_at_the_next_midnight():
    assert MomentFormField(required=False).clean("2030-03-10") == datetime(2030, 3, 10, tzinfo=UTC)
    assert MomentFormField(required=False, end_of_day=True).clean("2030-03-10") == datetime(2030, 3, 11, tzinfo=UTC)


def test_a_moment_without_an_offset_is_refused_and_a_blank_one_is_absent():
    with pytest.raises(forms.ValidationError, match="UTC offset"):
        MomentFormField(required=False).clean("2030-03-10T10:00:00")
    assert MomentFormField(required=False).clean("  ") is None


@pytest.mark.django_db
def test_query_params_names_every_bad_parameter_at_once():
    with pytest.raises(ValidationError) as caught:
        query_params(UpcomingInterviewsFilter, QueryDict("from=soon&job=x&interviewer=7"))

    assert set(caught.value.detail) == {"from", "job"}


@pytest.mark.django_db
def test_query_params_gives_the_read_values():
    values = query_params(UpcomingInterviewsFilter, QueryDict("to=2030-03-10&interviewer=7"))

    assert values == {"from": None, "to": datetime(2030, 3, 11, tzinfo=UTC), "job": None, "interviewer": 7}


def test_a_request_naming_no_parameter_skips_the_form(monkeypatch):
    def no_form(*args, **kwargs):
        raise AssertionError("the form was built")

    monkeypatch.setattr(UpcomingInterviewsFilter, "__init__", no_form)

    assert query_params(UpcomingInterviewsFilter, QueryDict("page=2")) == dict.fromkeys(
        ["job", "interviewer", "from", "to"]
    )
