from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ims.notifications"
    label = "notifications"
