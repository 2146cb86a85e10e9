"""The product's URLs plus the benchmark's fixed-cost probes (bench/settings.py). Never part of the product.

- ``/api/bench/noop/``: a DRF view with the product's default authentication (JWT, the user re-read from the
  database), permission, throttle (the shared Redis counter), content negotiation, parser and renderer classes,
  returning ``{"ok": true}``: everything an authenticated API request pays before and after its own work.
- ``/api/bench/noop-anon/``: the same with no authentication and no permission check (the throttle still counts
  the anonymous client by IP), so ``noop - noop-anon`` is the cost of authentication and ``noop-anon -
  /api/health/live`` (no throttle either) the cost of the throttle.

They sit under ``/api/`` on purpose: the product's middleware and error handling treat ``/api/`` paths as the API
(the content security policy skips them, errors are JSON), so the probes take the same path through the stack as
the endpoints they are the baseline of. They come before the product's catch-all JSON 404 for ``/api/...``.
"""

from django.urls import include, path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ims import urls as product_urls


class NoopView(APIView):
    """The product's DRF defaults, no work of its own."""

    def get(self, request):
        return Response({"ok": True})


class NoopAnonView(NoopView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


urlpatterns = [
    path("api/bench/noop/", NoopView.as_view(), name="bench-noop"),
    path("api/bench/noop-anon/", NoopAnonView.as_view(), name="bench-noop-anon"),
    path("", include(product_urls)),
]

handler400 = product_urls.handler400
handler403 = product_urls.handler403
handler404 = product_urls.handler404
handler500 = product_urls.handler500
