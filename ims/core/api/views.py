import logging

from django.core.cache import cache
from django.db import connection
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

logger = logging.getLogger(__name__)

_HealthSerializer = inline_serializer(
    "Health",
    {"status": serializers.CharField(), "checks": serializers.DictField(child=serializers.CharField())},
)


class _OpenView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []


class LivenessView(_OpenView):
    """The process is up. No I/O, so it is the ceiling every other endpoint is measured against."""

    @extend_schema(
        summary="Liveness: the process is up (no I/O)",
        operation_id="health_live",
        responses=inline_serializer("Live", {"status": serializers.CharField()}),
    )
    def get(self, request):
        return Response({"status": "ok"})


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    cache.set("health:ping", "1", timeout=10)
    if cache.get("health:ping") != "1":
        raise RuntimeError("cache did not return what was written")


def _check_broker() -> None:
    from ims.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


class HealthView(_OpenView):
    """Readiness: database, cache and broker. 503 naming whatever is down."""

    @extend_schema(
        summary="Readiness: database, cache and broker (503 naming whatever is down)",
        operation_id="health_ready",
        responses={200: _HealthSerializer, 503: _HealthSerializer},
    )
    def get(self, request):
        checks: dict[str, str] = {}
        for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
            try:
                check()
                checks[name] = "ok"
            except Exception as exc:
                logger.warning("Health check %s failed: %s", name, exc)
                checks[name] = f"down: {exc.__class__.__name__}"
        down = [name for name, state in checks.items() if state != "ok"]
        body = {"status": "ok" if not down else "unavailable", "checks": checks}
        if down:
            body["detail"] = f"Unavailable: {', '.join(down)}."
        return Response(body, status=503 if down else 200)


class _JSONUnlessReading:
    """Only GET and HEAD render the page or the document; any other method (OPTIONS and its metadata, a 405)
    answers JSON like the rest of the API. The docs page renders nothing but HTML templates, and an OPTIONS
    on it was a 500 (no template for the metadata)."""

    def get_renderers(self):
        if self.request.method not in ("GET", "HEAD"):
            return [JSONRenderer()]
        return super().get_renderers()


class SchemaView(_JSONUnlessReading, SpectacularAPIView):
    pass


class DocsView(_JSONUnlessReading, SpectacularSwaggerView):
    pass
