from django.contrib import admin
from django.http import HttpResponse

from ims.core.throttling import login_attempt_allowed


def throttled_admin_login(request, extra_context=None):
    """The Django admin's login, behind the same per-IP and per-account limits as POST /api/auth/token/.

    Admin accounts are the most privileged ones; without this the admin form would allow unlimited guessing.
    """
    if request.method == "POST":
        refused = login_attempt_allowed(request, request.POST.get("username"))
        if refused is not None:
            response = HttpResponse(
                "Too many login attempts. Try again later.", status=429, content_type="text/plain; charset=utf-8"
            )
            response["Retry-After"] = str(refused.reset)
            return response
    return admin.site.login(request, extra_context)
