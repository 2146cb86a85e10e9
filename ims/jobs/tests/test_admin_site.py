"""The Django admin follows the same pipeline: status is read-only and changes go through the services."""

import pytest
from django.test import Client

from ims.jobs.models import ApplicationEvent, ApplicationStatus, Job
from tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(admin):
    client = Client()
    client.force_login(admin)
    return client


def _action(site, action: str, *applications):
    return site.post(
        "/admin/jobs/application/",
        {"action": action, "_selected_action": [a.pk for a in applications]},
        follow=True,
    )


def test_the_application_change_form_shows_status_read_only(site):
    application = ApplicationFactory()

    response = site.get(f"/admin/jobs/application/{application.pk}/change/")

    assert response.status_code == 200
    assert b'name="status"' not in response.content


def test_admin_action_moves_to_screening_and_records_the_event(site, admin):
    application = ApplicationFactory()

    response = _action(site, "move_to_screening", application)

    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "screening"
    assert ApplicationEvent.objects.get(application=application).actor == admin


def test_admin_action_rejects_with_the_reason_other(site):
    application = ApplicationFactory(status="screening")

    _action(site, "reject_other", application)

    application.refresh_from_db()
    assert application.status == "rejected"
    assert ApplicationEvent.objects.get(application=application).reason == "other"


def test_admin_action_select_respects_the_openings_and_reports_refusals(site):
    job = JobFactory(openings=1)
    first = ApplicationFactory(job=job, status="interviewing")
    second = ApplicationFactory(job=job, status="interviewing")

    response = _action(site, "select", first, second)

    statuses = sorted([first.__class__.objects.get(pk=a.pk).status for a in (first, second)])
    assert statuses == ["interviewing", "selected"]
    assert b"already filled" in response.content
    job.refresh_from_db()
    assert job.is_open is False


def test_admin_action_refuses_moves_the_pipeline_forbids(site):
    application = ApplicationFactory(status=ApplicationStatus.WITHDRAWN)

    response = _action(site, "move_to_screening", application)

    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert b"cannot go from" in response.content


def test_closing_a_job_in_the_admin_records_closed_at(site):
    job = JobFactory()
    data = {
        "title": job.title,
        "description": job.description,
        "department": job.department,
        "location": job.location,
        "employment_type": job.employment_type,
        "openings": job.openings,
    }  # is_open unchecked

    response = site.post(f"/admin/jobs/job/{job.pk}/change/", data)

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.is_open is False
    assert job.closed_at is not None


def test_reopening_a_full_job_in_the_admin_is_a_form_error(site):
    job = JobFactory(openings=1, is_open=False)
    ApplicationFactory(job=job, status="selected")
    data = {
        "title": job.title,
        "description": job.description,
        "department": job.department,
        "location": job.location,
        "employment_type": job.employment_type,
        "openings": 1,
        "is_open": "on",
    }

    response = site.post(f"/admin/jobs/job/{job.pk}/change/", data)

    assert response.status_code == 200
    assert b"raise openings to reopen" in response.content
    job.refresh_from_db()
    assert job.is_open is False


def test_adding_a_job_in_the_admin_records_the_creator(site, admin):
    data = {"title": "SRE", "description": "On call", "department": "Ops", "employment_type": "full_time"}

    response = site.post("/admin/jobs/job/add/", {**data, "openings": 1, "is_open": "on"})

    assert response.status_code == 302
    assert Job.objects.get(title="SRE").created_by == admin


def test_applications_cannot_be_added_in_the_admin(site):
    assert site.get("/admin/jobs/application/add/").status_code == 403


def _job_form(job, **changes):
    data = {
        "title": job.title,
        "description": job.description,
        "department": job.department,
        "location": job.location,
        "employment_type": job.employment_type,
        "openings": job.openings,
        "is_open": "on",
    }
    return {**data, **changes}


def test_lowering_openings_below_the_candidates_selected_in_the_admin_is_a_form_error(site):
    job = JobFactory(openings=3)
    ApplicationFactory.create_batch(2, job=job, status="selected")

    response = site.post(f"/admin/jobs/job/{job.pk}/change/", _job_form(job, openings=1))

    assert response.status_code == 200
    assert b"2 candidate(s) are already selected for this job; openings cannot be fewer." in response.content
    job.refresh_from_db()
    assert job.openings == 3


def test_a_job_without_openings_is_a_form_error_in_the_admin(site):
    job = JobFactory(openings=2)

    response = site.post(f"/admin/jobs/job/{job.pk}/change/", _job_form(job, openings=0))

    assert response.status_code == 200
    assert b"A job has at least one opening." in response.content
    job.refresh_from_db()
    assert job.openings == 2
