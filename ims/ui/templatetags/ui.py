"""Template helpers of the shell: times in the viewer's zone, status badges' words and colours."""

import zoneinfo
from datetime import datetime

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

register = template.Library()


def viewer_zone(user) -> zoneinfo.ZoneInfo:
    """The signed-in person's profile zone, else the site's (anonymous visitors)."""
    name = getattr(user, "timezone", None) if user is not None and user.is_authenticated else None
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def format_local(moment: datetime, zone: zoneinfo.ZoneInfo, *, with_time: bool = True) -> str:
    local = moment.astimezone(zone)
    day = f"{local:%a} {local.day} {local:%b %Y}"
    if not with_time:
        return day
    abbreviation = local.tzname() or zone.key
    # An abbreviation such as "+03" or "IST" alone is ambiguous: the IANA name follows unless they match.
    suffix = "" if abbreviation == zone.key else f" ({zone.key})"
    return f"{day}, {local:%H:%M} {abbreviation}{suffix}"


@register.simple_tag(takes_context=True)
def when(context, moment: datetime | None, date_only: bool = False):
    """``<time datetime="ISO">Tue 9 Mar 2027, 14:00 CET (Europe/Paris)</time>`` in the viewer's zone."""
    if moment is None:
        return ""
    request = context.get("request")
    zone = viewer_zone(getattr(request, "user", None))
    return format_html(
        '<time datetime="{}">{}</time>', moment.isoformat(), format_local(moment, zone, with_time=not date_only)
    )


@register.simple_tag(takes_context=True)
def viewer_zone_name(context) -> str:
    request = context.get("request")
    return viewer_zone(getattr(request, "user", None)).key


# One badge per status, colour plus words, the same on every page. Candidates read plain words, not stages.
_PIPELINE_BADGES = {
    "applied": ("ims-badge-applied", _("Received")),
    "screening": ("ims-badge-screening", _("Being reviewed")),
    "interviewing": ("ims-badge-interviewing", _("Interviewing")),
    "selected": ("ims-badge-selected", _("Selected")),
    "rejected": ("ims-badge-rejected", _("Not selected")),
    "withdrawn": ("ims-badge-withdrawn", _("Withdrawn")),
}
# An interview's and a job's states borrow the pipeline's colours.
_INTERVIEW_BADGES = {
    "scheduled": ("ims-badge-interviewing", _("Scheduled")),
    "completed": ("ims-badge-selected", _("Completed")),
    "cancelled": ("ims-badge-withdrawn", _("Cancelled")),
    "no_show": ("ims-badge-rejected", _("Missed")),
}
_JOB_BADGES = {"open": ("ims-badge-selected", _("Open")), "closed": ("ims-badge-applied", _("Closed"))}
_BADGES = {**_PIPELINE_BADGES, **_INTERVIEW_BADGES, **_JOB_BADGES}


@register.simple_tag
def status_badge(status: str):
    css, label = _BADGES.get(status, ("ims-badge-applied", status))
    return format_html('<span class="badge rounded-pill ims-badge {}">{}</span>', css, label)


@register.filter
def status_words(status: str) -> str:
    return str(_BADGES.get(status, ("", status))[1])


@register.filter
def control(field):
    """Render a bound field's widget with the shell's classes, and tie its error and hint to it for readers."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "")
    if widget.__class__.__name__ in {"Select", "SelectMultiple"} or input_type == "select":
        css = "form-select"
    elif input_type == "file":
        css = "form-control"
    else:
        css = "form-control"
    attrs = {"class": " ".join(filter(None, [widget.attrs.get("class", ""), css]))}
    described = []
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{field.id_for_label}_error")
    if field.help_text:
        described.append(f"{field.id_for_label}_hint")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def duration_words(value) -> str:
    """A timedelta as "3 days 4 hours" / "5 hours" / "20 minutes" (how overdue feedback is)."""
    total = int(value.total_seconds()) if value else 0
    days, hours, minutes = total // 86400, total % 86400 // 3600, total % 3600 // 60
    if days:
        text = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
        return text + (" " + ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours} if hours else "")
    if hours:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return ngettext("%(n)d minute", "%(n)d minutes", max(minutes, 1)) % {"n": max(minutes, 1)}
