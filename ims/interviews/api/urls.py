from ims.core.routing import PK, route
from ims.interviews.api import views

urlpatterns = [
    route("interview-rounds", views.RoundTypeListView.as_view(), "interview-round-list"),
    route(f"interview-rounds/{PK}", views.RoundTypeDetailView.as_view(), "interview-round-detail"),
    route(f"applications/{PK}/rounds", views.ApplicationRoundsView.as_view(), "application-rounds"),
    route(f"application-rounds/{PK}", views.InterviewDetailView.as_view(), "application-round-detail"),
    route(f"application-rounds/{PK}/feedback", views.InterviewFeedbackView.as_view(), "application-round-feedback"),
    route(
        f"application-rounds/{PK}/feedback/draft",
        views.InterviewFeedbackDraftView.as_view(),
        "application-round-feedback-draft",
    ),
    route(
        f"application-rounds/{PK}/feedback/versions",
        views.InterviewFeedbackVersionsView.as_view(),
        "application-round-feedback-versions",
    ),
    route("feedback/me", views.CandidateFeedbackView.as_view(), "feedback-me"),
    route("interviews/upcoming", views.UpcomingInterviewsView.as_view(), "interviews-upcoming"),
    route("interviews/me", views.MyInterviewsView.as_view(), "interviews-me"),
]
