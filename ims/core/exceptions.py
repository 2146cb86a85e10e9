"""One JSON error shape for the whole API.

Every error body is ``{"detail": str, "code": str}`` plus, for validation errors, ``"errors": {field: [msg]}``
naming each bad field. Services raise :class:`ServiceError` subclasses; the handler maps them to HTTP.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ims.core.throttling import throttle_unauthenticated

logger = logging.getLogger(__name__)


class ServiceError(Exception):
    """A business rule said no. Carries an HTTP status, a stable code and optional extra fields."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "invalid"

    def __init__(self, detail: str, *, code: str | None = None, field: str | None = None, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code
        self.field = field
        self.extra = extra


class Conflict(ServiceError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


class Invalid(ServiceError):
    status_code = status.HTTP_400_BAD_REQUEST
    code = "invalid"


class Forbidden(ServiceError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "permission_denied"


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _first_message(errors: Any) -> str:
    if isinstance(errors, dict):
        for key, value in errors.items():
            message = _first_message(value)
            return message if key == "non_field_errors" else f"{key}: {message}"
    if isinstance(errors, list) and errors:
        return _first_message(errors[0])
    return str(errors)


def error_body(detail: str, code: str, errors: dict | None = None, **extra: Any) -> dict:
    body: dict[str, Any] = {"detail": detail, "code": code}
    if errors:
        body["errors"] = errors
    body.update(extra)
    return body


# A database outage: the one body for it, from the exception handler (DRF views) and the middleware (the rest).
DATABASE_RETRY_AFTER = "5"  # seconds


def database_unavailable_body() -> dict:
    return error_body("The database is unavailable. Please retry shortly.", "service_unavailable")


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        exc = throttle_unauthenticated(exc, context.get("request"))
    if isinstance(exc, ServiceError):
        errors = {exc.field: [exc.detail]} if exc.field else None
        return Response(error_body(exc.detail, exc.code, errors, **exc.extra), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"non_field_errors": exc.messages})
    if isinstance(exc, IntegrityError):
        logger.warning("Integrity error turned into 409: %s", exc)
        return Response(error_body("This conflicts with existing data.", "conflict"), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, (OperationalError, InterfaceError)):
        logger.error("Database unavailable: %s", exc)
        response = Response(database_unavailable_body(), status=status.HTTP_503_SERVICE_UNAVAILABLE)
        response["Retry-After"] = DATABASE_RETRY_AFTER
        return response
    if isinstance(exc, RequestDataTooBig):
        # Raised while a parser reads the body (e.g. multipart fields over DATA_UPLOAD_MAX_MEMORY_SIZE); left
        # alone it would surface as Django's generic 400 for a SuspiciousOperation.
        return Response(
            error_body("The request body is too large.", "request_too_large"),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        return Response(error_body(str(exc), "too_many_fields"), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.UnsupportedMediaType):
        # DRF names the type it refused; a client needs the ones it may send instead.
        view = context.get("view")
        accepted = [parser.media_type for parser in getattr(view, "parser_classes", [])]
        return Response(
            error_body(f"{exc.detail} Send {' or '.join(accepted)}.", "unsupported_media_type", accepted=accepted),
            status=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        errors = _flatten(errors)
        response.data = error_body(_first_message(errors), "invalid", errors)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        if isinstance(detail, dict):
            message = str(detail.get("detail", exc.default_detail))
            # SimpleJWT puts its code in the body ({"detail", "code"}); that string is the code to report,
            # not the generic code DRF attached to it ("authentication_failed").
            code = str(detail.get("code", code))
            response.data = error_body(message, code)
        else:
            response.data = error_body(str(detail), str(code))
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            response.data["retry_after"] = int(exc.wait)
    return response


# Plain-Django error views, so 404/500 outside DRF views are JSON too.
def _is_page(request) -> bool:
    """A web page (HTML error page) rather than the API, the admin or the schema (JSON)."""
    path = request.path
    return path not in ("/api", "/admin") and not path.startswith(("/api/", "/admin/"))


def _page_error(request, status: int, title: str, text: str):
    return render(request, "ui/error.html", {"title": title, "text": text}, status=status)


def json_not_found(request, exception=None):
    if _is_page(request):
        return _page_error(
            request, 404, _("Page not found"), _("There is nothing at this address, or it is not yours to see.")
        )
    return JsonResponse(error_body("Not found.", "not_found"), status=404)


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """The catch-all at the end of the API URLs: a JSON 404 for every method (no CSRF 403, no 405)."""
    return json_not_found(request)


def json_server_error(request):
    return JsonResponse(error_body("Internal server error.", "server_error"), status=500)


def json_bad_request(request, exception=None):
    return JsonResponse(error_body("Bad request.", "bad_request"), status=400)


def json_permission_denied(request, exception=None):
    if _is_page(request):
        return _page_error(request, 403, _("Not allowed"), _("Your account cannot open this page."))
    return JsonResponse(
        error_body("You do not have permission to perform this action.", "permission_denied"), status=403
    )
