"""The anonymous careers pages come from the shared cache, and any job change shows at once."""

import pytest
from django.test import Client

from ims.jobs import services
from ims.ui.tests.helpers import page_client
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_second_anonymous_visit_is_served_from_the_cache_without_queries(django_assert_num_queries):
    job = factories.JobFactory(title="Backend Engineer")
    for path in ["/", f"/jobs/{job.pk}/"]:
        first = Client().get(path)
        with django_assert_num_queries(0):
            second = Client().get(path)
        assert second.content == first.content
        assert "Content-Security-Policy" in second


def test_a_job_change_through_the_services_shows_on_the_next_visit(admin, django_capture_on_commit_callbacks):
    job = factories.JobFactory(title="Backend Engineer")
    assert b"Backend Engineer" in Client().get("/").content
    with django_capture_on_commit_callbacks(execute=True):
        services.job_update(job=job, title="Platform Engineer")
        services.job_create(title="Data Analyst", description="SQL", department="Analytics", created_by=admin)
    content = Client().get("/").content
    assert b"Platform Engineer" in content and b"Data Analyst" in content
    assert b"Platform Engineer" in Client().get(f"/jobs/{job.pk}/").content
    with django_capture_on_commit_callbacks(execute=True):
        services.job_update(job=job, is_open=False)
    assert b"no longer accepts applications" in Client().get(f"/jobs/{job.pk}/").content


def test_signed_in_visitors_get_their_own_page(candidate):
    job = factories.JobFactory()
    factories.ApplicationFactory(job=job, candidate=candidate)
    Client().get(f"/jobs/{job.pk}/")
    assert b"You have applied to this job" in page_client(candidate).get(f"/jobs/{job.pk}/").content
    assert b"You have applied to this job" not in Client().get(f"/jobs/{job.pk}/").content


def test_the_htmx_fragment_and_the_full_page_are_cached_apart():
    factories.JobFactory(title="Backend Engineer")
    full = Client().get("/")
    fragment = Client().get("/", HTTP_HX_REQUEST="true")
    assert b"<html" in full.content and b"<html" not in fragment.content
    assert b"<html" not in Client().get("/", HTTP_HX_REQUEST="true").content
    assert b"<html" in Client().get("/").content
