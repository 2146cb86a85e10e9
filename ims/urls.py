from django.contrib import admin
from django.urls import include, path, re_path

from ims.core import exceptions
from ims.core.admin_login import throttled_admin_login
from ims.core.api.views import DocsView, SchemaView
from ims.ui import views as ui_views

urlpatterns = [
    path("admin/login/", throttled_admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    re_path(r"^api/schema/?$", SchemaView.as_view(), name="schema"),
    re_path(r"^api/docs/?$", DocsView.as_view(url_name="schema"), name="docs"),
    path("api/", include("ims.core.api.urls")),
    path("api/", include("ims.accounts.api.urls")),
    path("api/", include("ims.jobs.api.urls")),
    path("api/", include("ims.interviews.api.urls")),
    path("api/", include("ims.notifications.api.urls")),
    path("api/", include("ims.privacy.api.urls")),
    path("api/", include("ims.reports.api.urls")),
    # After the API includes: any other /api/ path is a JSON 404 in every mode (under DEBUG Django would render
    # its HTML 404 page, which ignores handler404).
    re_path(r"^api(?:/.*)?$", exceptions.api_not_found, name="api-not-found"),
    # Web pages (issue 13).
    path("app/", ui_views.app_home, name="app-home"),
    path("", include("ims.accounts.pages.urls")),
    path("", include("ims.jobs.pages.urls")),
    path("", include("ims.reports.pages.urls")),
    path("", include("ims.interviews.pages.urls")),
    path("", include("ims.notifications.pages.urls")),
]

handler400 = exceptions.json_bad_request
handler403 = exceptions.json_permission_denied
handler404 = exceptions.json_not_found
handler500 = exceptions.json_server_error
