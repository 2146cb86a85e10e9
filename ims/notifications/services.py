"""Outbox writers. Each ``notify_*`` is called inside the transaction of the event that causes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ims.interviews.models import Feedback, Interview
    from ims.jobs.models import Application


def notify_application_received(*, application: Application) -> None:
    pass


def notify_application_status_changed(*, application: Application) -> None:
    pass


def notify_interview_scheduled(*, interview: Interview) -> None:
    pass


def notify_interview_rescheduled(*, interview: Interview) -> None:
    pass


def notify_interview_cancelled(*, interview: Interview) -> None:
    pass


def notify_feedback_submitted(*, feedback: Feedback) -> None:
    pass
