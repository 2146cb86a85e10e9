"""Thin views: the audit trail (admins), a candidate's export and erasure."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from ims.accounts.models import User
from ims.accounts.selectors import access_user
from ims.core.api.body import validated
from ims.core.api.schema import error_responses
from ims.core.exceptions import Invalid
from ims.core.filters import FilterBackend
from ims.core.permissions import IsAdmin, IsCandidate
from ims.privacy import selectors, services
from ims.privacy.api.filters import AuditEntryFilter
from ims.privacy.api.serializers import AuditEntrySerializer, EraseSelfSerializer
from ims.privacy.models import AuditEntry

NO_SUCH_USER = "No such user."
NOT_A_CANDIDATE = "Not a candidate: only candidates' data is exported or erased here."


@extend_schema_view(
    get=extend_schema(
        tags=["privacy"],
        operation_id="audit_list",
        summary="Who accessed whose personal data (admins)",
        responses={200: AuditEntrySerializer(many=True), **error_responses(400, 401, 403)},
    )
)
class AuditEntryListView(generics.ListAPIView):
    """Who accessed whose personal data, newest first (admins). Read-only: nothing here edits or deletes."""

    permission_classes = [IsAdmin]
    serializer_class = AuditEntrySerializer
    filter_backends = [FilterBackend]
    filterset_class = AuditEntryFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEntry.objects.none()
        return selectors.audit_entries_visible_to(self.request.user)


FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "zip"],
    required=False,
    description="`json` (default): the document itself; `zip`: export.json plus the resume files.",
)
EXPORT_RESPONSES = {
    (200, "application/json"): OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="Everything IMS holds about the candidate: profile, applications with the events they may "
        "see, interviews, feedback shared with them, notifications sent to them.",
    ),
    (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="export.json and the resumes."),
}


class _ExportView(APIView):
    """GET: the export, audited. ``?format=`` is ours (json or zip), not DRF's renderer switch."""

    def perform_content_negotiation(self, request: Request, force: bool = False):
        renderer = JSONRenderer()
        return renderer, renderer.media_type

    def _answer(self, request: Request, candidate: User):
        requested = request.query_params.get("format", "json")
        if requested not in ("json", "zip"):
            raise Invalid("Choose format=json or format=zip.", field="format")
        result = services.candidate_export(candidate=candidate, actor=request.user, as_zip=requested == "zip")
        if requested == "json":
            return Response(result)
        response = HttpResponse(result, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="ims-export-{candidate.pk}.zip"'
        response["Cache-Control"] = "private, no-store"
        return response


def _export_schema(operation_id: str, summary: str, errors: dict):
    return extend_schema_view(
        get=extend_schema(
            tags=["privacy"],
            operation_id=operation_id,
            summary=summary,
            parameters=[FORMAT_PARAMETER],
            responses={**EXPORT_RESPONSES, **errors},
        )
    )


@_export_schema(
    "users_me_export", "Download everything IMS holds about you (candidates)", error_responses(400, 401, 403)
)
class MyExportView(_ExportView):
    """Download everything IMS holds about you (candidates)."""

    permission_classes = [IsCandidate]

    def get(self, request: Request) -> HttpResponse:
        return self._answer(request, request.user)


@_export_schema(
    "users_export",
    "Export a candidate's data (admins)",
    error_responses(400, 401, 403, 404, 409, e404=NO_SUCH_USER, e409=NOT_A_CANDIDATE),
)
class UserExportView(_ExportView):
    """Export a candidate's data (admins)."""

    permission_classes = [IsAdmin]

    def get(self, request: Request, pk: int) -> HttpResponse:
        return self._answer(request, access_user(user=request.user, pk=pk))


ERASED = OpenApiResponse(description="Erased (or already erased): the account is anonymised and closed.")


def _erase_schema(operation_id: str, summary: str, request: type[Serializer] | None, errors: dict):
    return extend_schema_view(
        post=extend_schema(
            tags=["privacy"],
            operation_id=operation_id,
            summary=summary,
            request=request,
            responses={204: ERASED, **errors},
        )
    )


@_erase_schema(
    "users_me_erase", "Delete your account (candidates)", EraseSelfSerializer, error_responses(400, 401, 403)
)
class MyEraseView(APIView):
    """Delete your account (candidates), confirming with your password. Your tokens stop working at once."""

    permission_classes = [IsCandidate]

    def post(self, request: Request) -> Response:
        data = validated(EraseSelfSerializer, request)
        services.user_erase_self(user=request.user, password=data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)


@_erase_schema(
    "users_erase",
    "Erase a candidate (admins)",
    None,
    error_responses(401, 403, 404, 409, e404=NO_SUCH_USER, e409=NOT_A_CANDIDATE),
)
class UserEraseView(APIView):
    """Erase a candidate (admins). Erasing again changes nothing."""

    permission_classes = [IsAdmin]

    def post(self, request: Request, pk: int) -> Response:
        services.user_erase_by_admin(user=access_user(user=request.user, pk=pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
