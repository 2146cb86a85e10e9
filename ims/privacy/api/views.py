"""Thin views: the audit trail (admins), a candidate's export and erasure."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics

from ims.core.filters import FilterBackend
from ims.core.permissions import IsAdmin
from ims.privacy import selectors
from ims.privacy.api.filters import AuditEntryFilter
from ims.privacy.api.serializers import AuditEntrySerializer
from ims.privacy.models import AuditEntry

R400 = OpenApiResponse(description="Bad input; `errors` names each field.")
R401 = OpenApiResponse(description="Not authenticated, or the token is invalid, expired or revoked.")
R403 = OpenApiResponse(description="Your role does not allow this.")
R404 = OpenApiResponse(description="No such user.")
R409 = OpenApiResponse(description="Not a candidate: only candidates' data is exported or erased here.")


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

    @extend_schema(tags=["privacy"], responses={200: AuditEntrySerializer(many=True), 400: R400, 401: R401, 403: R403})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
