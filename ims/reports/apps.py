from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ims.reports"
    label = "reports"
