from django.urls import path

from ims.jobs.pages import candidate, views

urlpatterns = [
    path("", views.careers, name="careers"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/apply/", views.apply, name="job-apply"),
    path("app/applications/", views.my_applications, name="my-applications"),
    path("app/applications/<int:pk>/", candidate.application_page, name="my-application"),
    path("app/applications/<int:pk>/withdraw/", views.withdraw, name="my-application-withdraw"),
    path("app/applications/<int:pk>/resume/", candidate.resume, name="my-application-resume"),
    path("app/applications/<int:pk>/resume/inline/", candidate.resume_inline, name="application-resume-inline"),
    path(
        "app/applications/<int:pk>/interviews/<int:interview_pk>/calendar.ics",
        views.interview_calendar,
        name="my-interview-calendar",
    ),
    path("app/interviews/<int:pk>/", views.interview_page, name="interview-page"),
]
