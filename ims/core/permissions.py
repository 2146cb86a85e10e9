from rest_framework.permissions import BasePermission


class _RolePermission(BasePermission):
    roles: tuple[str, ...] = ()
    message = "Your role does not allow this action."

    def has_permission(self, request, view) -> bool:
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
