"""Role checks. ``OPTIONS`` passes every one of them: it describes the URL (its ``Allow`` header, see
``ims.core.api.metadata``), the same for everybody and already public in the schema, and reads no object.
Authentication and throttling still apply to it: a forged token is a 401 on OPTIONS too."""

from rest_framework import permissions
from rest_framework.permissions import BasePermission


def _describes_the_url(request) -> bool:
    return request.method == "OPTIONS"


class IsAuthenticated(permissions.IsAuthenticated):
    """DRF's IsAuthenticated (the project default), except that anyone may ask a URL what it allows."""

    def has_permission(self, request, view) -> bool:
        return _describes_the_url(request) or super().has_permission(request, view)


class _RolePermission(BasePermission):
    roles: tuple[str, ...] = ()
    message = "Your role does not allow this action."

    def has_permission(self, request, view) -> bool:
        if _describes_the_url(request):
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.role in self.roles)


class IsAdmin(_RolePermission):
    roles = ("admin",)
    message = "Only admins can do this."


class IsInterviewer(_RolePermission):
    roles = ("interviewer",)
    message = "Only interviewers can do this."


class IsCandidate(_RolePermission):
    roles = ("candidate",)
    message = "Only candidates can do this."


class IsAdminOrInterviewer(_RolePermission):
    roles = ("admin", "interviewer")
    message = "Only admins and interviewers can do this."
