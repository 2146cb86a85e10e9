"""A small hiring world with two of everything, so every object has an owner and a stranger.

Two candidates each applied (with a resume) to a job; each application has an interview with its own
interviewer, one completed with feedback and one still scheduled; everybody has a notification. Tests use it
to ask "can X reach Y's object?" for every X and Y.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from ims.accounts.models import User
from ims.interviews.models import Feedback, FeedbackDraft, FeedbackVersion, Interview, InterviewStatus, RoundType
from ims.jobs.models import Application, ApplicationStatus, Job
from ims.notifications.models import Notification
from tests import factories

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Side:
    """One half of the world: a candidate, their application, its interviewer, interviews and feedback."""

    candidate: User
    interviewer: User
    job: Job
    application: Application
    interview: Interview  # scheduled, in the future
    done_interview: Interview  # completed, with feedback
    feedback: Feedback
    notifications: dict[str, Notification] = field(default_factory=dict)


@dataclass
class World:
    admin: User
    other_admin: User
    a: Side
    b: Side
    round_type: RoundType
    spare_job: Job  # nobody applied: an admin may delete it
    spare_round_type: RoundType  # unused: an admin may delete it

    def users(self) -> dict[str, User]:
        return {
            "admin": self.admin,
            "other_admin": self.other_admin,
            "candidate": self.a.candidate,
            "other_candidate": self.b.candidate,
            "interviewer": self.a.interviewer,
            "other_interviewer": self.b.interviewer,
        }


def _side(tag: str, admin: User, round_type: RoundType, hours: int) -> Side:
    candidate = factories.CandidateFactory(
        email=f"cand-{tag}@example.com", first_name=f"Cand{tag.upper()}", last_name="Secretname"
    )
    interviewer = factories.InterviewerFactory(email=f"intv-{tag}@example.com", first_name=f"Intv{tag.upper()}")
    job = factories.JobFactory(title=f"Secret job {tag}", created_by=admin, openings=2)
    application = factories.ApplicationFactory(
        job=job,
        candidate=candidate,
        status=ApplicationStatus.INTERVIEWING,
        cover_letter=f"cover letter of {tag} (private)",
    )
    application.resume.save(f"{tag}.pdf", ContentFile(PDF_BYTES), save=False)
    application.resume_content_type = "application/pdf"
    application.resume_filename = f"resume-{tag}.pdf"
    application.save()
    start = timezone.now() + timedelta(days=3, hours=hours)
    interview = factories.InterviewFactory(
        application=application, round_type=round_type, interviewer=interviewer, scheduled_at=start
    )
    done = factories.InterviewFactory(
        application=application,
        round_type=round_type,
        interviewer=interviewer,
        scheduled_at=timezone.now() - timedelta(days=2, hours=hours),
        status=InterviewStatus.COMPLETED,
    )
    feedback = factories.FeedbackFactory(
        interview=done,
        interviewer=interviewer,
        comments=f"feedback comments of {tag} (private)",
        private_notes=f"private notes of {tag}",
    )
    FeedbackVersion.objects.create(
        feedback=feedback,
        number=1,
        rating=feedback.rating,
        comments=feedback.comments,
        recommendation=feedback.recommendation,
        private_notes=feedback.private_notes,
        submitted_at=feedback.submitted_at,
    )
    FeedbackDraft.objects.create(
        interview=interview,
        interviewer=interviewer,
        comments=f"draft comments of {tag} (private)",
        private_notes=f"draft notes of {tag}",
    )
    notifications = {
        who: factories.NotificationFactory(
            recipient=user, subject=f"subject for {who} {tag}", body_text=f"body for {who} {tag} (private)"
        )
        for who, user in (("candidate", candidate), ("interviewer", interviewer))
    }
    return Side(candidate, interviewer, job, application, interview, done, feedback, notifications)


def build_world() -> World:
    admin = factories.AdminFactory(email="boss@example.com", first_name="Boss")
    other_admin = factories.AdminFactory(email="boss2@example.com", first_name="Boss2")
    round_type = factories.RoundTypeFactory(name="Technical")
    world = World(
        admin=admin,
        other_admin=other_admin,
        a=_side("a", admin, round_type, hours=0),
        b=_side("b", admin, round_type, hours=5),
        round_type=round_type,
        spare_job=factories.JobFactory(title="Spare job", created_by=admin),
        spare_round_type=factories.RoundTypeFactory(name="Spare round"),
    )
    factories.NotificationFactory(recipient=admin, subject="subject for admin")
    return world
