from django.urls import path

from ims.notifications.pages import views

urlpatterns = [
    path("app/notifications/", views.notification_list, name="notifications-sent"),
    path("app/notifications/<int:pk>/resend/", views.notification_resend, name="notification-resend"),
]
