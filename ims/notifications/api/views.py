from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.response import Response

from ims.core.api.schema import error_responses
from ims.core.filters import FilterBackend
from ims.notifications.api.filters import NotificationFilter
from ims.notifications.api.serializers import NotificationDetailSerializer, NotificationSerializer
from ims.notifications.models import Notification
from ims.notifications.selectors import access_notification, notifications_visible_to

BAD_FILTER = "A filter value is not valid; `errors` names the parameter."
NOT_FOUND = "No such notification, or it is someone else's."


@extend_schema_view(
    get=extend_schema(
        tags=["notifications"],
        summary="Emails sent or to be sent (admins: everyone's; others: their own)",
        responses={200: NotificationSerializer(many=True), **error_responses(400, 401, e400=BAD_FILTER)},
    )
)
class NotificationListView(generics.ListAPIView):
    """Emails IMS sent or will send: admins see everyone's, everybody else their own."""

    serializer_class = NotificationSerializer
    filter_backends = [FilterBackend]
    filterset_class = NotificationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Notification.objects.none()
        # The list never shows bodies or attachments (the .ics); leave them in the database.
        return notifications_visible_to(self.request.user).defer("body_text", "body_html", "attachments")


class NotificationDetailView(generics.GenericAPIView):
    serializer_class = NotificationDetailSerializer

    @extend_schema(
        tags=["notifications"],
        summary="A notification with its text body",
        responses={200: NotificationDetailSerializer, **error_responses(401, 404, e404=NOT_FOUND)},
    )
    def get(self, request, pk: int):
        return Response(self.get_serializer(access_notification(user=request.user, pk=pk)).data)
