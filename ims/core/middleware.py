import logging
import re
import uuid

from csp.middleware import CSPMiddleware as _CSPMiddleware
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware as _AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware as _MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware as _SessionMiddleware
from django.core.signals import request_finished
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, JsonResponse
from django.utils.deprecation import MiddlewareMixin

from ims.core.exceptions import DATABASE_RETRY_AFTER, database_unavailable_body
from ims.core.log import request_id_var

logger = logging.getLogger(__name__)

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
    response = JsonResponse(database_unavailable_body(), status=503)
    response["Retry-After"] = DATABASE_RETRY_AFTER
    return response


class RequestBodyLimitMiddleware:
    """Refuse request bodies larger than the configured limits with a JSON 413, before anything reads them.

    Django enforces ``DATA_UPLOAD_MAX_MEMORY_SIZE`` only when ``request.body`` or a form is read; DRF's JSON
    and form parsers read the stream directly, so without this check a JSON body of any size would be parsed
    into memory, and a multipart upload of any size written to a temporary file. Multipart requests may carry
    one resume (``RESUME_MAX_BYTES``) on top of the ordinary field limit. The WSGI request stream is bounded
    by Content-Length, so checking that header is enough: a body without one is read as empty.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = request_body_limit(request.META.get("CONTENT_TYPE", ""))
        if limit is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                logger.warning("Refused a request body of %s bytes (limit %s) to %s", length, limit, request.path)
                return request_too_large_response(limit)
        return self.get_response(request)


def request_body_limit(content_type: str) -> int | None:
    data_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if data_limit is None:
        return None
    if content_type.lower().startswith("multipart/"):
        return data_limit + getattr(settings, "RESUME_MAX_BYTES", 0)
    return data_limit


def request_too_large_response(limit: int | None = None) -> JsonResponse:
    detail = "The request body is too large."
    if limit is not None:
        detail = f"The request body is too large (at most {limit} bytes)."
    return JsonResponse({"detail": detail, "code": "request_too_large"}, status=413)


# --- What the JSON API skips ---------------------------------------------------------------------------
# The API authenticates with a bearer token and keeps no cookie, so the middleware of the web pages and the admin
# (sessions, the cookie-based user, flash messages, the pages' CSP) has nothing to do under /api/, yet cost a third
# of the server's time on /api/health/live (profiled: 1.6 of 4.6 ms per request under cProfile, CSP's policy build
# alone 0.9 ms, though CONTENT_SECURITY_POLICY excludes /api/ from its header). These subclasses run the middleware
# for every other path and step aside for the API; each is a subclass so Django's and allauth's checks still find
# the middleware they require. What every response carries (SecurityMiddleware's headers, X-Frame-Options, CORS,
# request id, body limit, rate-limit headers) stays in front. CSRF stays Django's own, everywhere: its deploy check
# asks for it by name, and on /api/ (csrf_exempt views) it costs next to nothing.
API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


class _PagesOnly(MiddlewareMixin):
    def __call__(self, request):
        if is_api(request):
            return self.get_response(request)
        return super().__call__(request)


class SessionMiddleware(_PagesOnly, _SessionMiddleware):
    """Django's, except under /api/."""


class AuthenticationMiddleware(_PagesOnly, _AuthenticationMiddleware):
    """Django's, except under /api/ (DRF sets request.user from the token there)."""


class MessageMiddleware(_PagesOnly, _MessageMiddleware):
    """Django's, except under /api/."""


class CSPMiddleware(_PagesOnly, _CSPMiddleware):
    """django-csp's, except under /api/ (CONTENT_SECURITY_POLICY excludes it; this also skips building the policy)."""
