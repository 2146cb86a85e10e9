from django.urls import path

from ims.jobs.pages import board, candidate, views

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
    # The recruiter's workspace (issue 14).
    path("app/jobs/", board.jobs_index, name="staff-jobs"),
    path("app/jobs/new/", board.job_create, name="staff-job-new"),
    path("app/jobs/<int:pk>/", board.job_board, name="staff-job-board"),
    path("app/jobs/<int:pk>/edit/", board.job_edit, name="staff-job-edit"),
    path("app/jobs/<int:pk>/close/", board.job_close, name="staff-job-close"),
    path("app/jobs/<int:pk>/reopen/", board.job_reopen, name="staff-job-reopen"),
    path("app/jobs/<int:pk>/move/", board.board_move, name="staff-board-move"),
    path("app/jobs/<int:pk>/reject/", board.board_reject, name="staff-board-reject"),
]
