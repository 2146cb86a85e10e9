"""The filter backend builds django-filter's form only when a request names one of its parameters."""

import django_filters
import pytest


@pytest.fixture
def form_builds(monkeypatch):
    calls = []
    original = django_filters.FilterSet.is_valid

    def counting_is_valid(self):
        calls.append(type(self).__name__)
        return original(self)

    monkeypatch.setattr(django_filters.FilterSet, "is_valid", counting_is_valid)
    return calls


def test_a_plain_list_page_skips_the_filter_form(admin_client, form_builds):
    assert admin_client.get("/api/applications/", {"page": 1, "ordering": "applied_at"}).status_code == 200
    assert form_builds == []


def test_a_filter_parameter_goes_through_the_validated_form(admin_client, form_builds):
    assert admin_client.get("/api/applications/", {"status": "screening"}).status_code == 200
    assert form_builds == ["ApplicationFilter"]
    response = admin_client.get("/api/applications/", {"status": "nope"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_a_filter_name_with_a_suffix_takes_the_validated_path_as_range_widgets_need(admin_client, form_builds):
    admin_client.get("/api/applications/", {"status_unknown_suffix": "x"})
    assert form_builds == ["ApplicationFilter"]
