import re
import uuid

from django.core.signals import request_finished
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse

from ims.core.logging import request_id_var

_SAFE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


class RequestIDMiddleware:
    """Tag every request with an id (the caller's X-Request-ID when sane) for logs and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset when the chain returns: Django logs 4xx/5xx responses ("Not Found: ...") after the
        # middleware chain, and those lines must carry the id too. Cleared on request_finished instead.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def _clear_request_id(**kwargs) -> None:
    request_id_var.set("-")


request_finished.connect(_clear_request_id, dispatch_uid="ims.core.middleware.clear_request_id")


class DatabaseUnavailableMiddleware:
    """A database outage becomes a JSON 503 the client can retry, not an HTML 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return database_unavailable_response()
        return None


def database_unavailable_response() -> JsonResponse:
    response = JsonResponse(
        {"detail": "The database is unavailable. Please retry shortly.", "code": "service_unavailable"},
        status=503,
    )
    response["Retry-After"] = "5"
    return response
