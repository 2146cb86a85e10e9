"""The web pages' middleware (sessions, cookie user, messages, CSP) steps aside under /api/, which authenticates
with bearer tokens and keeps no cookie, and runs as before everywhere else."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.module_loading import import_string

from ims.core import middleware

PAGE_MIDDLEWARE = [
    middleware.SessionMiddleware,
    middleware.AuthenticationMiddleware,
    middleware.MessageMiddleware,
    middleware.CSPMiddleware,
]


def test_every_page_middleware_is_in_the_stack_in_place_of_the_one_it_extends():
    installed = [import_string(path) for path in settings.MIDDLEWARE]
    for cls in PAGE_MIDDLEWARE:
        assert cls in installed
        assert cls.__mro__[2] not in installed  # not twice: the stock class is replaced, not added to


def _run_stack(path: str):
    """The page middlewares around a view that records what they left on the request."""
    seen = {}

    def view(request):
        seen.update(
            session=hasattr(request, "session"),
            user=hasattr(request, "user"),
            messages=hasattr(request, "_messages"),
            nonce=hasattr(request, "csp_nonce"),
        )
        return HttpResponse("ok")

    handler = view
    for cls in reversed(PAGE_MIDDLEWARE):
        handler = cls(handler)
    response = handler(RequestFactory().get(path))
    return seen, response


@pytest.mark.django_db
def test_under_api_the_page_middleware_leaves_the_request_and_response_alone():
    seen, response = _run_stack("/api/jobs/open/")
    assert seen == {"session": False, "user": False, "messages": False, "nonce": False}
    assert "Content-Security-Policy" not in response
    assert not response.cookies


@pytest.mark.django_db
def test_on_the_pages_the_middleware_runs_as_django_and_django_csp_ship_it():
    seen, response = _run_stack("/app/")
    assert seen == {"session": True, "user": True, "messages": True, "nonce": True}
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_an_api_response_keeps_every_security_header_and_sets_no_cookie(client):
    response = client.get("/api/health/live")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Request-ID"]
    assert "Content-Security-Policy" not in response
    assert not response.cookies


def test_a_page_still_gets_its_csp_and_csrf_cookie(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert settings.CSRF_COOKIE_NAME in response.cookies
