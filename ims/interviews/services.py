"""Writes with rules for round types, interviews and feedback."""

from django.db import transaction

from ims.accounts.models import User
from ims.interviews.models import Interview, InterviewStatus
from ims.jobs.models import Application
from ims.notifications import services as notifications


@transaction.atomic
def interviews_cancel_for_application(*, application: Application, actor: User | None) -> int:
    """Cancel every scheduled interview of an application that left the pipeline. Returns how many."""
    interviews = list(
        Interview.objects.select_for_update().filter(application=application, status=InterviewStatus.SCHEDULED)
    )
    for interview in interviews:
        interview.status = InterviewStatus.CANCELLED
        interview.sequence += 1
        interview.save(update_fields=["status", "sequence", "updated_at"])
        notifications.notify_interview_cancelled(interview=interview)
    return len(interviews)
