from django.contrib import admin
from django.http import HttpResponse

from ims.core.throttling import login_attempt_check, login_succeeded


def throttled_admin_login(request, extra_context=None):
    """The Django admin's login, under the same login rule and counters as POST /api/auth/token/.

    Admin accounts are the most privileged ones; without this the admin form would allow unlimited guessing.
    """
    if request.method != "POST":
        return admin.site.login(request, extra_context)
    attempt = login_attempt_check(request, request.POST.get("username"))
    if attempt.refused is not None:
        response = HttpResponse(
            "Too many login attempts. Try again later.", status=429, content_type="text/plain; charset=utf-8"
        )
        response["Retry-After"] = str(attempt.refused.reset)
        return response
    response = admin.site.login(request, extra_context)
    # The admin's LoginView redirects only after login(); a refused form is shown again (200), a failed CSRF
    # check is a 403. Anything but a redirect leaves the attempt counted as a failure.
    if response.status_code == 302 and request.user.is_authenticated:
        login_succeeded(attempt)
    return response
