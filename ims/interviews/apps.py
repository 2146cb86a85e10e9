from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "ims.interviews"
    label = "interviews"
