from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ims.interviews.pages.kit import interviewer_home


@login_required
@require_GET
def app_home(request):
    """The role's home: candidates land on their applications; staff see where their work is (part 2 adds
    the interviewer's schedule and the admin's dashboard here)."""
    if request.user.is_candidate:
        return redirect("my-applications")
    if request.user.is_interviewer:
        return interviewer_home(request)
    if request.user.is_admin:
        from ims.jobs.pages.dashboard import admin_dashboard

        return admin_dashboard(request)
    return render(request, "ui/staff_home.html")
