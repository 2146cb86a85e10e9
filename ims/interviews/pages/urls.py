from django.urls import path

from ims.interviews.pages import scheduling

urlpatterns = [
    path("app/applications/<int:pk>/schedule/", scheduling.schedule, name="application-schedule"),
    path("app/interviews/<int:pk>/reschedule/", scheduling.reschedule, name="interview-reschedule"),
    path("app/interviews/<int:pk>/cancel/", scheduling.cancel, name="interview-cancel"),
]
