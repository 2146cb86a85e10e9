from ims.core.routing import route
from ims.privacy.api import views

urlpatterns = [
    route(r"audit", views.AuditEntryListView.as_view(), name="audit-list"),
]
