from ims.core.routing import route
from ims.reports.api import views

urlpatterns = [
    route(rf"reports/{view.report_name}", view.as_view(), f"reports-{view.report_name}") for view in views.REPORT_VIEWS
]
