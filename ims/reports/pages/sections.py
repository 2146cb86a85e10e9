"""Each report as the page shows it: a chart and the table of the chart's numbers, built from the same rows the API
serves (:func:`ims.reports.selectors.report_rows`). Presentation only: which rows, which labels, which order."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ims.jobs.models import ApplicationStatus, RejectionReason
from ims.reports import selectors
from ims.reports.cache import cached
from ims.reports.pages import charts
from ims.reports.selectors import ReportFilters

# The per-interviewer chart and table show the slowest few; the CSV has everyone.
TOP_INTERVIEWERS = 10
# Departments drawn as their own line; the rest are summed as "Other departments".
TOP_DEPARTMENTS = 6


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list]  # the first cell of each row names it (a row header)


@dataclass
class Section:
    name: str  # the report's API name, also the CSV's
    title: str
    description: str
    chart: str = ""  # the chart's SVG, "" when there is nothing to draw
    table: Table | None = None
    empty: str = ""  # what the empty state says
    notes: list[str] = field(default_factory=list)


def _week(week: date) -> str:
    return formats.date_format(week, "j M Y")


NONE = "\N{EN DASH}"  # a figure there is no data for


def _days(value: float | None) -> str:
    return NONE if value is None else formats.number_format(value, 2)


def _share(value: float | None) -> str:
    return NONE if value is None else f"{formats.number_format(value * 100, 1)} %"


def _stage(value: str) -> str:
    return str(ApplicationStatus(value).label) if value in ApplicationStatus.values else value


def _reason(value: str) -> str:
    return str(RejectionReason(value).label) if value in RejectionReason.values else (value or _("No reason given"))


def funnel(filters: ReportFilters) -> Section:
    rows = [r for r in selectors.report_rows("funnel", filters) if r["job"] is None]
    section = Section(
        "funnel",
        _("Funnel"),
        _(
            "Applications received in the period: how many reached each stage (or went further), how many left "
            "it rejected or withdrawn, and the share that reached the next stage."
        ),
    )
    if not rows or not rows[0]["reached"]:
        section.empty = _("No applications came in during this period.")
        return section
    stages = [_stage(r["stage"]) for r in rows]
    section.chart = charts.bar_chart(
        label=_("Bar chart: applications that reached each stage. The figures are in the table below."),
        categories=stages,
        series=[
            (_("Reached"), [r["reached"] for r in rows]),
            (_("Rejected there"), [r["rejected"] for r in rows]),
            (_("Withdrew there"), [r["withdrawn"] for r in rows]),
        ],
    )
    section.table = Table(
        _("Applications per stage, all jobs"),
        [_("Stage"), _("Reached"), _("Rejected there"), _("Withdrew there"), _("Reached the next stage")],
        [
            [stage, r["reached"], r["rejected"], r["withdrawn"], _share(r["conversion_to_next"])]
            for stage, r in zip(stages, rows, strict=True)
        ],
    )
    return section


def _median_and_p90_days(
    section: Section,
    rows: list[dict],
    *,
    labels: list[str],
    chart: str,
    caption: str,
    columns: tuple[str, str],
    horizontal: bool = False,
) -> None:
    """The chart and table of a report in days: per row (labelled), its count, median and 90th percentile."""
    section.chart = charts.bar_chart(
        label=chart,
        categories=labels,
        series=[(_("Median"), [r["median_days"] for r in rows]), (_("90th percentile"), [r["p90_days"] for r in rows])],
        horizontal=horizontal,
    )
    section.table = Table(
        caption,
        [*columns, _("Median days"), _("90th percentile days")],
        [
            [label, r["count"], _days(r["median_days"]), _days(r["p90_days"])]
            for label, r in zip(labels, rows, strict=True)
        ],
    )


def time_to_hire(filters: ReportFilters) -> Section:
    rows = [r for r in selectors.report_rows("time-to-hire", filters) if r["job"] is None]
    names = {"time_to_hire": _("Applied to selected"), "time_to_first_interview": _("Applied to first interview")}
    section = Section(
        "time-to-hire",
        _("Time to hire"),
        _(
            "Days from applying to being selected, over the applications selected in the period; and days from "
            "applying to the first interview (not cancelled), over first interviews in the period."
        ),
    )
    if not any(r["count"] for r in rows):
        section.empty = _("Nobody was selected or had a first interview during this period.")
        return section
    _median_and_p90_days(
        section,
        rows,
        labels=[names.get(r["metric"], r["metric"]) for r in rows],
        chart=_("Bar chart: median and 90th percentile days to hire. The figures are in the table below."),
        caption=_("Days, all jobs"),
        columns=(_("Measure"), _("Applications")),
        horizontal=True,
    )
    return section


def time_in_stage(filters: ReportFilters) -> Section:
    rows = selectors.report_rows("time-in-stage", filters)
    section = Section(
        "time-in-stage",
        _("Time in stage"),
        _(
            "Days an application stayed in each status: from the change that moved it in to the change that moved "
            "it out, over the stays that ended in the period. Stays still going are not counted."
        ),
    )
    if not any(r["count"] for r in rows):
        section.empty = _("No application changed status during this period.")
        return section
    _median_and_p90_days(
        section,
        rows,
        labels=[_stage(r["stage"]) for r in rows],
        chart=_("Bar chart: median and 90th percentile days in each stage. The figures are in the table below."),
        caption=_("Days in each stage"),
        columns=(_("Stage"), _("Stays")),
    )
    return section


def interviewer_load(filters: ReportFilters) -> Section:
    rows = selectors.report_rows("interviewer-load", filters)
    section = Section(
        "interviewer-load",
        _("Interviewer load"),
        _(
            "Interviews per week (weeks start Monday 00:00 UTC) by what became of them, and how they spread over "
            "the interviewers. The CSV has each interviewer's week."
        ),
    )
    if not rows:
        section.empty = _("No interviews took place or are booked in this period.")
        return section
    # Plain lists, not Counters: over a year of a large company this loop sees ~65,000 rows.
    keys = ("total", "completed", "scheduled", "upcoming", "no_show", "cancelled")
    sums: dict[date, list[int]] = {}
    busiest: dict[date, int] = {}
    for r in rows:
        week = r["week"]
        acc = sums.get(week)
        if acc is None:
            acc = sums[week] = [0] * (len(keys) + 1)
            busiest[week] = 0
        for n, key in enumerate(keys):
            acc[n] += r[key]
        acc[-1] += 1  # interviewers with an interview that week
        busiest[week] = max(busiest[week], r["total"])
    weeks = {week: {**dict(zip(keys, acc[:-1], strict=True)), "interviewers": acc[-1]} for week, acc in sums.items()}
    order = sorted(weeks)
    labels = [_week(w) for w in order]
    statuses = [
        ("completed", _("Completed")),
        ("scheduled", _("Scheduled")),
        ("no_show", _("No-show")),
        ("cancelled", _("Cancelled")),
    ]
    section.chart = charts.bar_chart(
        label=_("Stacked bar chart: interviews per week by status. The figures are in the table below."),
        categories=labels,
        series=[(name, [weeks[w][key] for w in order]) for key, name in statuses],
        stacked=True,
    )
    section.table = Table(
        _("Interviews per week"),
        [
            _("Week of"),
            _("Interviews"),
            _("Interviewers"),
            _("Most for one interviewer"),
            _("Completed"),
            _("Scheduled"),
            _("Still to come"),
            _("No-shows"),
            _("Cancelled"),
        ],
        [
            [
                label,
                weeks[w]["total"],
                weeks[w]["interviewers"],
                busiest[w],
                weeks[w]["completed"],
                weeks[w]["scheduled"],
                weeks[w]["upcoming"],
                weeks[w]["no_show"],
                weeks[w]["cancelled"],
            ]
            for label, w in zip(labels, order, strict=True)
        ],
    )
    return section


def feedback_turnaround(filters: ReportFilters) -> Section:
    rows = selectors.report_rows("feedback-turnaround", filters)
    overall, people = rows[0], rows[1:]
    section = Section(
        "feedback-turnaround",
        _("Feedback turnaround"),
        _(
            "Hours from an interview's scheduled end to its feedback, over interviews that ended in the period; "
            "and feedback overdue now (more than a day after the end), whatever the period."
        ),
    )
    if not overall["count"] and not overall["overdue"]:
        section.empty = _("No feedback was given and none is overdue.")
        return section
    slowest = sorted(people, key=lambda r: (-(r["median_hours"] or -1), -r["overdue"], r["interviewer"]))
    slowest = slowest[:TOP_INTERVIEWERS]
    names = [r["interviewer_name"] or str(r["interviewer"]) for r in slowest]
    section.chart = charts.bar_chart(
        label=_(
            "Bar chart: median and 90th percentile hours to feedback of the slowest interviewers. The figures are "
            "in the table below."
        ),
        categories=names,
        series=[
            (_("Median"), [r["median_hours"] for r in slowest]),
            (_("90th percentile"), [r["p90_hours"] for r in slowest]),
        ],
        horizontal=True,
    )
    if len(people) > TOP_INTERVIEWERS:
        section.notes.append(
            _("The %(n)d interviewers with the slowest median; the CSV has all %(total)d.")
            % {"n": TOP_INTERVIEWERS, "total": len(people)}
        )
    section.table = Table(
        _("Hours to feedback"),
        [_("Interviewer"), _("Feedback given"), _("Median hours"), _("90th percentile hours"), _("Overdue now")],
        [
            [name, r["count"], _days(r["median_hours"]), _days(r["p90_hours"]), r["overdue"]]
            for name, r in [(_("All interviewers"), overall), *zip(names, slowest, strict=True)]
        ],
    )
    return section


def rejection_reasons(filters: ReportFilters) -> Section:
    rows = selectors.report_rows("rejection-reasons", filters)
    section = Section(
        "rejection-reasons",
        _("Rejection reasons"),
        _("Rejections made in the period, by reason and by the stage the application was rejected from."),
    )
    if not rows:
        section.empty = _("Nobody was rejected during this period.")
        return section
    stages = list(dict.fromkeys(r["stage"] for r in rows))
    reasons = list(dict.fromkeys(r["reason"] for r in rows))
    counts = {(r["stage"], r["reason"]): r["count"] for r in rows}
    section.chart = charts.bar_chart(
        label=_("Stacked bar chart: rejections per stage by reason. The figures are in the table below."),
        categories=[_stage(s) for s in stages],
        series=[(_reason(reason), [counts.get((s, reason), 0) for s in stages]) for reason in reasons],
        stacked=True,
    )
    section.table = Table(
        _("Rejections"),
        [_("Rejected from"), _("Reason"), _("Rejections")],
        [[_stage(r["stage"]), _reason(r["reason"]), r["count"]] for r in rows],
    )
    return section


def applications_over_time(filters: ReportFilters) -> Section:
    rows = selectors.report_rows("applications-over-time", filters, by="department")
    section = Section(
        "applications-over-time",
        _("Applications over time"),
        _("Applications received per week (weeks start Monday 00:00 UTC), per department."),
    )
    if not rows:
        section.empty = _("No applications came in during this period.")
        return section
    totals: Counter = Counter()
    for r in rows:
        totals[r["department"]] += r["count"]
    shown = [name for name, _count in totals.most_common(TOP_DEPARTMENTS)]
    other = _("Other departments")
    columns = shown + ([other] if len(totals) > len(shown) else [])
    weeks: dict[date, Counter] = defaultdict(Counter)
    for r in rows:
        weeks[r["week"]][r["department"] if r["department"] in shown else other] += r["count"]
    order = sorted(weeks)
    labels = [_week(w) for w in order]
    section.chart = charts.line_chart(
        label=_("Line chart: applications per week and department. The figures are in the table below."),
        categories=labels,
        series=[(name, [weeks[w][name] for w in order]) for name in columns],
    )
    section.table = Table(
        _("Applications per week"),
        [_("Week of"), *columns, _("All")],
        [
            [label, *(weeks[w][name] for name in columns), sum(weeks[w].values())]
            for label, w in zip(labels, order, strict=True)
        ],
    )
    return section


SECTIONS: list[tuple[str, Callable[[ReportFilters], Section]]] = [
    ("funnel", funnel),
    ("time-to-hire", time_to_hire),
    ("time-in-stage", time_in_stage),
    ("interviewer-load", interviewer_load),
    ("feedback-turnaround", feedback_turnaround),
    ("rejection-reasons", rejection_reasons),
    ("applications-over-time", applications_over_time),
]


def sections(filters: ReportFilters) -> list[Section]:
    """Every report's section, cached like the reports themselves (the charts are drawn once per version and
    minute, in the viewer's language)."""
    key = hashlib.sha256(repr(("page", get_language(), filters)).encode()).hexdigest()
    return cached(key, lambda: [build(filters) for _name, build in SECTIONS], per_minute=True)
