from django.urls import path

from ims.interviews.pages import kit, rounds, scheduling

urlpatterns = [
    path("app/rounds/", rounds.round_list, name="rounds"),
    path("app/rounds/new/", rounds.round_create, name="round-create"),
    path("app/rounds/<int:pk>/edit/", rounds.round_edit, name="round-edit"),
    path("app/rounds/<int:pk>/active/", rounds.round_set_active, name="round-set-active"),
    path("app/rounds/<int:pk>/delete/", rounds.round_delete, name="round-delete"),
    path("app/applications/<int:pk>/schedule/", scheduling.schedule, name="application-schedule"),
    path("app/interviews/<int:pk>/reschedule/", scheduling.reschedule, name="interview-reschedule"),
    path("app/interviews/<int:pk>/cancel/", scheduling.cancel, name="interview-cancel"),
    path("app/interviews/<int:pk>/resume/", kit.kit_resume, name="interview-kit-resume"),
    path("app/interviews/<int:pk>/calendar.ics", kit.kit_calendar, name="interview-kit-calendar"),
]
