from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "ims.interviews"
    label = "interviews"

    def ready(self) -> None:
        from ims.interviews import receivers  # noqa: F401 - connects the receivers of the jobs app's signals
