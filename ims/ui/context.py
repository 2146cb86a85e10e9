"""What every page's shell needs: the organisation's name, the version, and the signed-in role's sections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

VERSION = "1.0.0"


@dataclass(frozen=True)
class NavItem:
    label: str | StrPromise
    url: str
    # Other path prefixes that belong to this section (an application's page is part of "Jobs").
    also: tuple[str, ...] = ()

    def match(self, path: str) -> int:
        """How long a prefix of the path this section claims (0: none)."""
        return max((len(prefix) for prefix in (self.url, *self.also) if path.startswith(prefix)), default=0)


def nav_for(user) -> list[NavItem]:
    """The header's sections for this person (part 2 adds the interviewer and admin workspaces)."""
    jobs = NavItem(_("Jobs"), reverse("careers"))
    if not (user and user.is_authenticated):
        return [jobs]
    if user.is_candidate:
        return [jobs, NavItem(_("My applications"), reverse("my-applications"))]
    if user.is_interviewer:
        return [NavItem(_("My schedule"), reverse("app-home")), jobs]
    if user.is_admin:
        return [
            NavItem(_("Dashboard"), reverse("app-home")),
            # A candidate's page, its scheduling and an interview's kit are reached from a job's board.
            NavItem(_("Jobs"), reverse("staff-jobs"), also=("/app/applications/", "/app/interviews/")),
            NavItem(_("People"), reverse("people")),
            NavItem(_("Rounds"), reverse("rounds")),
            NavItem(_("Reports"), reverse("reports")),
            NavItem(_("Notifications"), reverse("notifications-sent")),
            NavItem(_("Careers site"), reverse("careers")),
            NavItem(_("Admin site"), reverse("admin:index")),
        ]
    return [NavItem(_("Home"), reverse("app-home")), jobs]


def shell(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    path = request.path
    items = nav_for(user)
    # The longest matching prefix is the current section ("/" would otherwise match everything).
    best = max(items, key=lambda item: item.match(path), default=None)
    current = best.url if best is not None and best.match(path) else None
    return {
        "org_name": settings.ORG_NAME,
        "app_version": VERSION,
        "nav_items": items,
        "nav_current": current,
        "is_staff_member": bool(user and user.is_authenticated and not user.is_candidate),
    }
