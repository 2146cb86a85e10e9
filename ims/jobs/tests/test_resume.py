"""Resumes: PDF, DOC or DOCX by content, bounded in size, stored under a random name, served only to the
admins and the candidate who applied."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ims.jobs.models import Application
from ims.jobs.tests.conftest import PDF_BYTES, docx_bytes
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


def _apply(client, job, resume, **extra):
    return client.post("/api/applications/", {"job": job.pk, "resume": resume, **extra}, format="multipart")


@pytest.mark.parametrize(
    ("fixture", "content_type"),
    [
        ("pdf_file", "application/pdf"),
        ("doc_file", "application/msword"),
        ("docx_file", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_candidate_applies_with_a_pdf_doc_or_docx_resume(candidate_client, request, fixture, content_type):
    response = _apply(candidate_client, JobFactory(), request.getfixturevalue(fixture), cover_letter="Hi")

    assert response.status_code == 201, response.content
    assert response.json()["has_resume"] is True
    assert response.json()["cover_letter"] == "Hi"
    application = Application.objects.get()
    assert application.resume_content_type == content_type


def test_the_resume_is_stored_under_a_random_name_keeping_the_original_name_aside(candidate_client, pdf_file):
    _apply(candidate_client, JobFactory(), pdf_file)

    application = Application.objects.get()
    stored = os.path.basename(application.resume.name)
    assert application.resume.name.startswith("resumes/")
    assert "Cara" not in stored
    assert len(stored) == len("0123456789abcdef0123456789abcdef.pdf")
    assert application.resume_filename == "Cara Candidate CV.pdf"
    assert application.resume.storage.exists(application.resume.name)


def test_the_type_comes_from_the_content_not_the_file_name(candidate_client):
    disguised = SimpleUploadedFile("cv.pdf", docx_bytes(), content_type="application/pdf")

    response = _apply(candidate_client, JobFactory(), disguised)

    assert response.status_code == 201
    application = Application.objects.get()
    assert application.resume_content_type.endswith("wordprocessingml.document")
    assert application.resume_filename == "cv.docx"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", b"MZ\x90\x00 this is really an executable"),
        ("cv.pdf", b"<html><script>alert(1)</script></html>"),
        ("cv.docx", docx_bytes(with_document=False)),
        ("cv.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        ("cv.txt", b"plain text resume"),
    ],
)
def test_wrong_type_resumes_are_a_400_saying_what_is_accepted(candidate_client, name, content):
    response = _apply(candidate_client, JobFactory(), SimpleUploadedFile(name, content))

    assert response.status_code == 400
    assert "resume" in response.json()["errors"]
    assert "PDF, DOC or DOCX" in response.json()["detail"]
    assert not Application.objects.exists()


def test_an_empty_resume_is_a_400(candidate_client):
    response = _apply(candidate_client, JobFactory(), SimpleUploadedFile("cv.pdf", b""))

    assert response.status_code == 400
    assert "empty" in response.json()["errors"]["resume"][0]
    assert "PDF, DOC or DOCX" in response.json()["errors"]["resume"][0]
    assert not Application.objects.exists()


def test_an_oversized_resume_is_a_400(candidate_client, settings):
    settings.RESUME_MAX_BYTES = 1024
    big = SimpleUploadedFile("cv.pdf", PDF_BYTES + b"0" * 2048)

    response = _apply(candidate_client, JobFactory(), big)

    assert response.status_code == 400
    assert "too large" in response.json()["errors"]["resume"][0]
    assert not Application.objects.exists()


def test_the_default_limit_is_five_megabytes(candidate_client):
    big = SimpleUploadedFile("cv.pdf", PDF_BYTES + b"0" * (5 * 1024 * 1024))

    response = _apply(candidate_client, JobFactory(), big)

    assert response.status_code == 400
    assert "5 MB" in response.json()["detail"]


def test_a_refused_duplicate_leaves_no_stored_file(candidate_client, settings, pdf_file):
    job = JobFactory()
    assert _apply(candidate_client, job, pdf_file).status_code == 201
    second = SimpleUploadedFile("again.pdf", PDF_BYTES)

    assert _apply(candidate_client, job, second).status_code == 409

    stored = os.listdir(os.path.join(settings.MEDIA_ROOT, "resumes"))
    assert len(stored) == 1


def test_admin_and_the_owning_candidate_download_the_resume(admin_client, candidate_client, pdf_file):
    application_id = _apply(candidate_client, JobFactory(), pdf_file).json()["id"]

    for client in (admin_client, candidate_client):
        response = client.get(f"/api/applications/{application_id}/resume/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "filename*=UTF-8''Cara%20Candidate%20CV.pdf" in response["Content-Disposition"]


def test_the_download_name_is_safe_even_for_hostile_file_names(admin_client, candidate_client):
    hostile = SimpleUploadedFile('../../etc/"pässwörd"\r\nX-Evil: 1.pdf', PDF_BYTES)
    application_id = _apply(candidate_client, JobFactory(), hostile).json()["id"]

    response = admin_client.get(f"/api/applications/{application_id}/resume/")

    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert ".." not in disposition.split("filename*=")[1]
    assert disposition.count('"') == 2
    assert "X-Evil" not in response
    assert Application.objects.get().resume_filename.endswith(".pdf")
    assert "/" not in Application.objects.get().resume_filename


def test_other_people_cannot_download_a_resume(
    candidate_client, other_candidate_client, interviewer_client, anon_client, pdf_file
):
    application_id = _apply(candidate_client, JobFactory(), pdf_file).json()["id"]
    url = f"/api/applications/{application_id}/resume/"

    assert other_candidate_client.get(url).status_code == 404
    # Issue 14: interviewers may read the resumes of applications they interview; any other is not found.
    assert interviewer_client.get(url).status_code == 404
    assert anon_client.get(url).status_code == 401


def test_an_interviewer_reads_the_resume_of_an_application_they_interview_and_it_is_audited(
    candidate_client, interviewer_client, interviewer, other_interviewer_client, pdf_file
):
    from ims.privacy.models import AuditAction, AuditEntry
    from tests.factories import InterviewFactory

    application_id = _apply(candidate_client, JobFactory(), pdf_file).json()["id"]
    InterviewFactory(application=Application.objects.get(pk=application_id), interviewer=interviewer)
    url = f"/api/applications/{application_id}/resume/"

    response = interviewer_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry = AuditEntry.objects.get(action=AuditAction.RESUME_DOWNLOAD)
    assert (entry.actor_id, entry.object_id) == (interviewer.pk, str(application_id))
    assert other_interviewer_client.get(url).status_code == 404


def test_an_application_without_a_resume_has_nothing_to_download(admin_client, candidate_client):
    application_id = candidate_client.post("/api/applications/", {"job": JobFactory().pk}, format="json").json()["id"]

    response = admin_client.get(f"/api/applications/{application_id}/resume/")

    assert response.status_code == 404


def test_deleting_an_application_removes_its_resume_file(admin_client, candidate_client, pdf_file, settings):
    application_id = _apply(candidate_client, JobFactory(), pdf_file).json()["id"]
    name = Application.objects.get().resume.name

    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert admin_client.delete(f"/api/applications/{application_id}/").status_code == 204

    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, name))
