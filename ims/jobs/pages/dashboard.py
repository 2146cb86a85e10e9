"""The admin's ``/app/``: what needs the recruiter today. A fixed number of queries whatever the data's size."""

from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ims.interviews import selectors as interview_selectors
from ims.jobs import selectors
from ims.jobs.models import ApplicationStatus, Job
from ims.jobs.pages.board import stage_counts
from ims.ui.templatetags.ui import viewer_zone

WAITING_SHOWN = 20
OPEN_JOBS_SHOWN = 10
INTERVIEWS_SHOWN = 50


def _day_start(day, zone) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def admin_dashboard(request: HttpRequest) -> HttpResponse:
    """Today's and tomorrow's interviews (days in the viewer's zone), applications waiting for action, feedback
    overdue per interviewer, and the open jobs with their counts per stage."""
    user = request.user
    zone = viewer_zone(user)
    now = timezone.now()
    today = now.astimezone(zone).date()
    tomorrow = today + timedelta(days=1)
    start, middle, end = (_day_start(day, zone) for day in (today, tomorrow, tomorrow + timedelta(days=1)))
    interviews = list(interview_selectors.interviews_between(user=user, start=start, end=end)[:INTERVIEWS_SHOWN])
    days = [
        {"label": "today", "date": start, "interviews": [i for i in interviews if i.scheduled_at < middle]},
        {"label": "tomorrow", "date": middle, "interviews": [i for i in interviews if i.scheduled_at >= middle]},
    ]
    waiting, waiting_total = selectors.applications_waiting(limit=WAITING_SHOWN)
    for application in waiting:
        application.days_in_stage = max(0, (now - (application.stage_since or application.applied_at)).days)
    jobs = list(
        selectors.jobs_with_application_counts(Job.objects.filter(is_open=True).order_by("-created_at", "-id"))[
            :OPEN_JOBS_SHOWN
        ]
    )
    for job in jobs:
        job.stage_counts = stage_counts(job)
    overdue = interview_selectors.feedback_overdue_by_interviewer(user=user)
    for row in overdue:
        row["days"] = max(0, (now - row["oldest"]).days)
    context = {
        "days": days,
        "waiting": waiting,
        "waiting_total": waiting_total,
        "stale_days": settings.PIPELINE_STALE_DAYS,
        "overdue": overdue,
        "jobs": jobs,
        "stages": ApplicationStatus.choices,
    }
    return render(request, "jobs/staff/dashboard.html", context)
