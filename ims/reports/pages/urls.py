from django.urls import path

from ims.reports.pages import views

urlpatterns = [
    path("app/reports/", views.reports, name="reports"),
    path("app/reports/<slug:name>.csv", views.report_csv, name="report-csv"),
]
