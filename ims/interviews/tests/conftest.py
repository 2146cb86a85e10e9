from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from ims.interviews.models import FeedbackDraft
from ims.jobs.models import ApplicationStatus
from tests.factories import ApplicationFactory, FeedbackFactory, InterviewFactory, RoundTypeFactory


@pytest.fixture
def round_type(db):
    return RoundTypeFactory(name="Technical", default_duration=60, criteria=["Problem solving", "Communication"])


@pytest.fixture
def application(candidate):
    """Cara's application, in screening: not yet interviewing."""
    return ApplicationFactory(candidate=candidate, status=ApplicationStatus.SCREENING, job__title="Backend Engineer")


@pytest.fixture
def other_application(other_candidate):
    return ApplicationFactory(candidate=other_candidate, status=ApplicationStatus.APPLIED)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def kit_world(candidate, interviewer, other_interviewer):
    """Cara's application (PDF resume, cover letter) with Ivan's held interview (his draft, no feedback yet) and
    Olga's earlier one on the same application (her feedback submitted, with private notes)."""
    application = ApplicationFactory(candidate=candidate, cover_letter="Cara's letter", status="interviewing")
    application.resume.save("cara.pdf", ContentFile(PDF), save=False)
    application.resume_content_type = "application/pdf"
    application.resume_filename = "cara-resume.pdf"
    application.save()
    round_type = RoundTypeFactory(name="Systems", criteria=["Design"], guidance="Ask about queues.")
    start = timezone.now() - timedelta(hours=2)
    mine = InterviewFactory(
        application=application, interviewer=interviewer, round_type=round_type, scheduled_at=start,
        ends_at=start + timedelta(hours=1), meeting_url="https://meet.example/ivan",
    )  # fmt: skip
    earlier = InterviewFactory(
        application=application, interviewer=other_interviewer, round_type=round_type, status="completed",
        scheduled_at=start - timedelta(days=1), ends_at=start - timedelta(days=1) + timedelta(hours=1),
    )  # fmt: skip
    FeedbackFactory(
        interview=earlier, comments="Olga's shared comments", private_notes="Olga's private notes", rating=2
    )
    FeedbackDraft.objects.create(interview=mine, interviewer=interviewer, comments="Ivan's draft words")
    return {"application": application, "mine": mine, "earlier": earlier}
