"""Writes with rules for jobs and applications: the pipeline lives here."""

from django.db import transaction

from ims.accounts.models import User
from ims.core.exceptions import Conflict, Invalid
from ims.jobs.models import TRANSITIONS, Application, ApplicationEvent, ApplicationStatus, RejectionReason
from ims.notifications import services as notifications


@transaction.atomic
def application_transition(
    *, application: Application, to_status: str, actor: User | None, reason: str = "", note: str = ""
) -> Application:
    """Move an application along the pipeline, record the event, and apply the consequences.

    The row is locked first, so the rule is checked against the status as it is now, not as the caller
    last read it.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    allowed = TRANSITIONS[locked.status]
    if to_status not in allowed:
        raise Conflict(
            f"An application cannot go from '{locked.status}' to '{to_status}'.",
            code="invalid_transition",
            field="status",
            allowed=list(allowed),
        )
    if to_status == ApplicationStatus.REJECTED:
        if reason not in RejectionReason.values:
            raise Invalid(f"Rejecting needs a reason, one of: {', '.join(RejectionReason.values)}.", field="reason")
    else:
        reason = ""
    from_status = locked.status
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    ApplicationEvent.objects.create(
        application=locked, from_status=from_status, to_status=to_status, actor=actor, reason=reason, note=note
    )
    if to_status in (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.SELECTED):
        from ims.interviews.services import interviews_cancel_for_application

        interviews_cancel_for_application(application=locked, actor=actor)
    notifications.notify_application_status_changed(application=locked)
    application.status = locked.status
    application.updated_at = locked.updated_at
    return locked
