from ims.core.routing import PK, route
from ims.jobs.api import views

# Fixed words (open, application-counts, me) come before the <id> routes that would otherwise shadow them.
urlpatterns = [
    route(r"jobs/open", views.OpenJobListView.as_view(), "jobs-open"),
    route(r"jobs/application-counts", views.JobApplicationCountsView.as_view(), "jobs-application-counts"),
    route(r"jobs", views.JobListCreateView.as_view(), "jobs"),
    route(rf"jobs/{PK}/applications", views.JobApplicationListView.as_view(), "job-applications"),
    route(rf"jobs/{PK}", views.JobDetailView.as_view(), "job-detail"),
    route(r"applications/me", views.MyApplicationListView.as_view(), "applications-me"),
    route(r"applications", views.ApplicationListCreateView.as_view(), "applications"),
    route(rf"applications/{PK}/select", views.ApplicationSelectView.as_view(), "application-select"),
    route(rf"applications/{PK}/withdraw", views.ApplicationWithdrawView.as_view(), "application-withdraw"),
    route(rf"applications/{PK}/resume", views.ApplicationResumeView.as_view(), "application-resume"),
    route(rf"applications/{PK}", views.ApplicationDetailView.as_view(), "application-detail"),
]
