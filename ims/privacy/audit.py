"""Writing the audit trail: :func:`audit_record` never fails the request it records.

A failed write is logged with its full content (``logger.exception``), so it is never silently lost, and runs
in a savepoint, so the surrounding transaction carries on as if nothing happened. The client IP and request
id come from the request when the caller has it, else from the request being served (set by
:class:`AuditContextMiddleware`), so services deep in a call chain record them too.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

from django.db import models, transaction

from ims.core.log import request_id_var
from ims.privacy.models import AuditEntry

logger = logging.getLogger(__name__)

_client_ip_var: ContextVar[str | None] = ContextVar("audit_client_ip", default=None)


def _client_ip(request) -> str | None:
    from ims.core.throttling import client_ip

    try:
        return client_ip(request) or None
    except Exception:  # an odd proxy header must not cost the entry
        return None


class AuditContextMiddleware:
    """Remember the client IP of the request being served, for audit entries written by services."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip_var.set(_client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip_var.reset(token)


def _object_ref(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def _pk(user: Any) -> int | None:
    if user is None or isinstance(user, int):
        return user
    return getattr(user, "pk", None)  # AnonymousUser: None


def audit_record(
    *,
    action: str,
    actor: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    candidate: Any = None,
    request: Any = None,
    extra: dict[str, Any] | None = None,
) -> AuditEntry | None:
    """Append one audit entry; return it, or None when it could not be written (then it is logged).

    ``actor`` and ``candidate`` are users or ids; the object is ``obj`` or ``object_type`` + ``object_id``;
    ``extra`` holds ids and codes, never names or addresses.
    """
    if obj is not None:
        object_type, object_id = _object_ref(obj)
    ip = _client_ip(request) if request is not None else _client_ip_var.get()
    fields = {
        "action": str(action),
        "actor_id": _pk(actor),
        "candidate_id": _pk(candidate),
        "object_type": object_type,
        "object_id": str(object_id),
        "ip": ip,
        "request_id": request_id_var.get() if request_id_var.get() != "-" else "",
        "extra": extra or {},
    }
    try:
        with transaction.atomic():
            return AuditEntry.objects.create(**fields)
    except Exception:
        logger.exception("Audit entry could not be written: %s", fields)
        return None


def audit_application_read(
    *, action: str, application: Any, request: Any, extra: dict[str, Any] | None = None
) -> AuditEntry | None:
    """The requester read something of a candidate's through their application (their page, their resume)."""
    return audit_record(
        action=action,
        actor=request.user,
        obj=application,
        candidate=application.candidate_id,
        request=request,
        extra=extra,
    )
