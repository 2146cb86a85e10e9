from ims.core.routing import route
from ims.reports.api import views

urlpatterns = [
    route(r"reports/funnel", views.FunnelView.as_view(), "reports-funnel"),
    route(r"reports/time-to-hire", views.TimeToHireView.as_view(), "reports-time-to-hire"),
    route(r"reports/time-in-stage", views.TimeInStageView.as_view(), "reports-time-in-stage"),
    route(r"reports/interviewer-load", views.InterviewerLoadView.as_view(), "reports-interviewer-load"),
    route(r"reports/feedback-turnaround", views.FeedbackTurnaroundView.as_view(), "reports-feedback-turnaround"),
    route(r"reports/rejection-reasons", views.RejectionReasonsView.as_view(), "reports-rejection-reasons"),
    route(
        r"reports/applications-over-time", views.ApplicationsOverTimeView.as_view(), "reports-applications-over-time"
    ),
]
