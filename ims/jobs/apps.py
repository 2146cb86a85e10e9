from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "ims.jobs"
    label = "jobs"
