from ims.core.routing import PK, route
from ims.privacy.api import views

urlpatterns = [
    route(r"audit", views.AuditEntryListView.as_view(), name="audit-list"),
    route(r"users/me/export", views.MyExportView.as_view(), name="user-me-export"),
    route(r"users/me/erase", views.MyEraseView.as_view(), name="user-me-erase"),
    route(rf"users/{PK}/export", views.UserExportView.as_view(), name="user-export"),
    route(rf"users/{PK}/erase", views.UserEraseView.as_view(), name="user-erase"),
]
