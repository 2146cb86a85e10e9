"""The admin's candidate page: contact, cover letter, resume (framed PDF or a download), the full timeline,
interviews, and the scorecards side by side with the recommendation tally, in constant queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ims.interviews import services as interview_services
from ims.jobs import services as job_services
from ims.jobs.tests.conftest import PDF_BYTES, docx_bytes
from ims.privacy.models import AuditAction, AuditEntry
from ims.ui.tests.helpers import page_client
from tests import factories

pytestmark = pytest.mark.django_db


def _application(candidate, **kwargs):
    defaults = {
        "resume": SimpleUploadedFile("cv.pdf", PDF_BYTES),
        "resume_content_type": "application/pdf",
        "resume_filename": "Cara CV.pdf",
    }
    return factories.ApplicationFactory(candidate=candidate, cover_letter="I build APIs.", **{**defaults, **kwargs})


def _scored_round(application, interviewer, *, name, rating, recommendation, scores=None, notes=""):
    round_type = factories.RoundTypeFactory(name=name, criteria=list(scores or {}))
    interview = factories.InterviewFactory(
        application=application, interviewer=interviewer, round_type=round_type, status="completed"
    )
    return factories.FeedbackFactory(
        interview=interview,
        rating=rating,
        recommendation=recommendation,
        criteria_scores=scores or {},
        comments=f"{name} comments",
        private_notes=notes,
    )


def test_the_admin_sees_contact_cover_letter_and_the_pdf_resume_in_a_frame(admin, candidate):
    candidate.phone = "+49 30 1234567"
    candidate.save()
    application = _application(candidate)
    html = page_client(admin).get(f"/app/applications/{application.pk}/").content.decode()
    assert "cara@example.com" in html
    assert "+49 30 1234567" in html
    assert "I build APIs." in html
    assert f'src="/app/applications/{application.pk}/resume/inline/"' in html
    assert "Download the resume (Cara CV.pdf)" in html


def test_a_docx_resume_is_a_download_link_not_a_frame(admin, candidate):
    application = _application(
        candidate,
        resume=SimpleUploadedFile("cv.docx", docx_bytes()),
        resume_content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        resume_filename="cv.docx",
    )
    client = page_client(admin)
    html = client.get(f"/app/applications/{application.pk}/").content.decode()
    assert "<iframe" not in html
    assert "Download the resume (cv.docx)" in html
    assert client.get(f"/app/applications/{application.pk}/resume/inline/").status_code == 404
    download = client.get(f"/app/applications/{application.pk}/resume/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")


def test_the_framed_resume_is_inline_and_only_that_response_may_be_framed_by_this_site(admin, candidate):
    application = _application(candidate)
    client = page_client(admin)
    framed = client.get(f"/app/applications/{application.pk}/resume/inline/")
    assert framed.status_code == 200
    assert framed["Content-Type"] == "application/pdf"
    assert framed["Content-Disposition"].startswith("inline;")
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in framed["Content-Security-Policy"]
    assert "sandbox" in [d.strip() for d in framed["Content-Security-Policy"].split(";")]
    assert framed["X-Content-Type-Options"] == "nosniff"
    assert b"".join(framed.streaming_content) == PDF_BYTES
    page = client.get(f"/app/applications/{application.pk}/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert "frame-src 'self'" in page["Content-Security-Policy"]


def test_every_resume_read_and_the_page_view_are_audited(admin, candidate):
    application = _application(candidate)
    client = page_client(admin)
    client.get(f"/app/applications/{application.pk}/")
    client.get(f"/app/applications/{application.pk}/resume/inline/")
    client.get(f"/app/applications/{application.pk}/resume/")
    entries = list(AuditEntry.objects.order_by("id").values_list("action", "actor_id", "candidate_id", "extra"))
    assert entries == [
        (AuditAction.CANDIDATE_VIEW, admin.pk, candidate.pk, {}),
        (AuditAction.RESUME_DOWNLOAD, admin.pk, candidate.pk, {"inline": True}),
        (AuditAction.RESUME_DOWNLOAD, admin.pk, candidate.pk, {"inline": False}),
    ]


def test_the_timeline_names_the_actor_the_reason_and_the_note(admin, candidate):
    application = job_services.application_create(candidate=candidate, job=factories.JobFactory(), cover_letter="")
    job_services.application_transition(application=application, to_status="screening", actor=admin, note="Looks good")
    job_services.application_reject(application=application, actor=admin, reason="not_qualified", note="No Go skills")
    html = page_client(admin).get(f"/app/applications/{application.pk}/").content.decode()
    assert html.count("by Ada Admin") == 2
    assert "Looks good" in html
    assert "Reason: Not qualified" in html
    assert "No Go skills" in html


def test_scorecards_sit_side_by_side_with_every_field_and_the_tally(admin, candidate, interviewer, other_interviewer):
    application = _application(candidate, status="interviewing")
    _scored_round(
        application,
        interviewer,
        name="Technical",
        rating=5,
        recommendation="strong_yes",
        scores={"Coding": 5, "Design": 4},
        notes="Ask about Kafka",
    )
    _scored_round(application, other_interviewer, name="Culture", rating=3, recommendation="no", scores={"Values": 2})
    factories.InterviewFactory(application=application, interviewer=interviewer)  # scheduled, no feedback yet
    html = page_client(admin).get(f"/app/applications/{application.pk}/").content.decode()
    grid = html[html.index('class="table table-sm') : html.index("</table>")]
    assert grid.index("Technical") < grid.index("Culture")
    for text in ["Ivan Interviewer", "Olga Other", "5 / 5", "3 / 5", "Strong yes", "Coding", "Design", "Values"]:
        assert text in grid
    assert "Technical comments" in grid and "Culture comments" in grid
    assert "Ask about Kafka" in grid
    assert "Strong yes: 1" in html and "No: 1" in html and "Yes: 0" in html
    assert "Average rating 4.0 out of 5 over 2 scorecards" in html


def test_the_page_answers_in_constant_queries_whatever_the_number_of_rounds_and_events(admin, candidate, interviewer):
    application = _application(candidate, status="interviewing")
    client = page_client(admin)
    _scored_round(application, interviewer, name="R0", rating=4, recommendation="yes", scores={"A": 3})
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/app/applications/{application.pk}/").status_code == 200
    for n in range(1, 8):
        _scored_round(application, interviewer, name=f"R{n}", rating=4, recommendation="yes", scores={"A": 3})
        application.events.create(to_status="interviewing", actor=admin, note=f"note {n}")
    with CaptureQueriesContext(connection) as large:
        assert client.get(f"/app/applications/{application.pk}/").status_code == 200
    assert len(large) == len(small)


def test_an_interviewer_is_sent_to_their_next_interview_of_the_application(candidate, interviewer):
    application = _application(candidate, status="interviewing")
    past = factories.InterviewFactory(application=application, interviewer=interviewer, status="completed")
    upcoming = factories.InterviewFactory(application=application, interviewer=interviewer)
    response = page_client(interviewer).get(f"/app/applications/{application.pk}/")
    assert response["Location"] == f"/app/interviews/{upcoming.pk}/"
    interview_services.interview_cancel(interview=upcoming, actor=None)
    response = page_client(interviewer).get(f"/app/applications/{application.pk}/")
    # With none coming up, their latest one.
    assert response["Location"] == f"/app/interviews/{upcoming.pk}/"
    assert past.scheduled_at < upcoming.scheduled_at
