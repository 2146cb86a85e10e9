"""What the interviews app does when the jobs app announces an event (ims/jobs/signals.py)."""

from typing import Any

from django.dispatch import receiver

from ims.accounts.models import User
from ims.interviews.services import interviews_cancel_for_application
from ims.jobs.models import Application
from ims.jobs.signals import application_closed


@receiver(application_closed, dispatch_uid="interviews_cancel_for_closed_application")
def cancel_interviews_of_closed_application(
    sender: type[Application], *, application: Application, actor: User | None, **kwargs: Any
) -> None:
    """An application that left the pipeline keeps no scheduled interview."""
    interviews_cancel_for_application(application=application, actor=actor)
