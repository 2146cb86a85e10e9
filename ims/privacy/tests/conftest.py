"""A candidate with something of every kind IMS holds about a person, and a bystander with the same."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from ims.accounts.models import User
from ims.interviews.models import Feedback, FeedbackDraft, FeedbackVersion, Interview, InterviewStatus
from ims.jobs.models import Application, ApplicationEvent, ApplicationStatus, RejectionReason
from ims.notifications.models import Notification, NotificationKind
from tests import factories

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class Footprint:
    """Everything about one candidate; every free text carries ``marker`` so a test can look for it."""

    marker: str
    candidate: User
    application: Application  # rejected, with a resume, events with notes and a completed interview
    active_application: Application  # interviewing, with a scheduled interview
    done_interview: Interview
    upcoming_interview: Interview
    feedback: Feedback
    notification: Notification  # sent to the candidate
    staff_notification: Notification  # sent to an admin about the candidate
    resume_name: str


def make_footprint(marker: str, *, candidate: User | None = None, admin: User | None = None) -> Footprint:
    candidate = candidate or factories.CandidateFactory(
        email=f"{marker}@example.com", first_name=f"{marker}-first", last_name=f"{marker}-last"
    )
    User.objects.filter(pk=candidate.pk).update(phone="+14155550123")
    candidate.refresh_from_db()
    admin = admin or factories.AdminFactory()
    interviewer = factories.InterviewerFactory()
    application = factories.ApplicationFactory(
        candidate=candidate, status=ApplicationStatus.REJECTED, cover_letter=f"cover letter {marker}"
    )
    application.resume.save("cv.pdf", ContentFile(PDF_BYTES + marker.encode()), save=False)
    application.resume_content_type = "application/pdf"
    application.resume_filename = f"{marker} CV.pdf"
    application.save()
    ApplicationEvent.objects.create(application=application, to_status=ApplicationStatus.APPLIED, actor=candidate)
    ApplicationEvent.objects.create(
        application=application,
        from_status=ApplicationStatus.APPLIED,
        to_status=ApplicationStatus.REJECTED,
        reason=RejectionReason.NOT_QUALIFIED,
        note=f"internal note {marker}",
        actor=admin,
    )
    done = factories.InterviewFactory(
        application=application,
        interviewer=interviewer,
        status=InterviewStatus.COMPLETED,
        scheduled_at=timezone.now() - timedelta(days=3),
    )
    feedback = factories.FeedbackFactory(
        interview=done,
        rating=2,
        recommendation="no",
        comments=f"shared comments {marker}",
        private_notes=f"private notes {marker}",
    )
    FeedbackVersion.objects.create(
        feedback=feedback,
        number=1,
        rating=2,
        recommendation="no",
        comments=f"earlier comments {marker}",
        private_notes=f"earlier notes {marker}",
        submitted_at=feedback.submitted_at,
    )
    active = factories.ApplicationFactory(
        candidate=candidate, status=ApplicationStatus.INTERVIEWING, cover_letter=f"second letter {marker}"
    )
    upcoming = factories.InterviewFactory(application=active, interviewer=interviewer)
    FeedbackDraft.objects.create(
        interview=upcoming,
        interviewer=interviewer,
        comments=f"draft comments {marker}",
        private_notes=f"draft notes {marker}",
    )
    notification = factories.NotificationFactory(
        recipient=candidate,
        kind=NotificationKind.APPLICATION_REJECTED,
        subject=f"Your application {marker}",
        body_text=f"Dear {marker}-first",
        body_html=f"<p>Dear {marker}-first</p>",
        attachments=[
            {"filename": "invite.ics", "content": f"ATTENDEE:{marker}@example.com", "mimetype": "text/calendar"}
        ],
        last_error=f"SMTP refused {marker}@example.com",
        application=application,
    )
    staff_notification = factories.NotificationFactory(
        recipient=admin,
        kind=NotificationKind.FEEDBACK_SUBMITTED,
        subject=f"Feedback on {marker}-first",
        body_text=f"{marker}-first {marker}-last was rated 2",
        application=application,
        interview=done,
    )
    return Footprint(
        marker=marker,
        candidate=candidate,
        application=application,
        active_application=active,
        done_interview=done,
        upcoming_interview=upcoming,
        feedback=feedback,
        notification=notification,
        staff_notification=staff_notification,
        resume_name=application.resume.name,
    )


@pytest.fixture
def footprint(db, candidate, admin) -> Footprint:
    return make_footprint("carastuff", candidate=candidate, admin=admin)


@pytest.fixture
def bystander(db, other_candidate, admin) -> Footprint:
    return make_footprint("ottostuff", candidate=other_candidate, admin=admin)
