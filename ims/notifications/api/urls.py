from ims.core.routing import PK, route
from ims.notifications.api.views import NotificationDetailView, NotificationListView

urlpatterns = [
    route("notifications", NotificationListView.as_view(), "notification-list"),
    route(rf"notifications/{PK}", NotificationDetailView.as_view(), "notification-detail"),
]
