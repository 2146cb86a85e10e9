from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "ims.privacy"
    label = "privacy"
