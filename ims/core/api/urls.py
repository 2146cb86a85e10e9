from django.urls import re_path

from ims.core.api.views import HealthView, LivenessView

urlpatterns = [
    re_path(r"^health/live/?$", LivenessView.as_view(), name="health-live"),
    re_path(r"^health/?$", HealthView.as_view(), name="health"),
]
