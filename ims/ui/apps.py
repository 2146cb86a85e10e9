from django.apps import AppConfig


class UiConfig(AppConfig):
    """The shell every page shares: base template, navigation, components, vendored static files."""

    name = "ims.ui"
    label = "ui"
