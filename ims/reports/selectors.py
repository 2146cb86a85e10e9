"""The seven hiring reports (issue 16), read from the rollup tables (:mod:`ims.reports.models`).

Every report takes the same :class:`ReportFilters`: a range of whole UTC days (``start`` and ``end`` both
included), and optionally a job, a department and an employment type. Each returns a list of flat rows (dicts)
that the API serves as JSON or CSV.

Percentiles are **nearest rank**: the p-th percentile of N values is the value at rank ⌈p·N⌉ of the sorted
values (the median is the 50th, so the lower middle value of an even count). That is what PostgreSQL's
``percentile_disc`` computes, so PostgreSQL does it in the database and other backends do the same in Python.
"""

from __future__ import annotations

import hashlib
import json
import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeAlias, TypeVar

from django.db import connection, transaction
from django.db.models import Aggregate, BigIntegerField, Count, Field, Func, Model, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from ims.accounts.models import User
from ims.interviews.models import InterviewStatus
from ims.jobs.models import ApplicationStatus, Job, RejectionReason
from ims.reports.cache import cached, cached_parts, week_tokens, weekly
from ims.reports.models import FUNNEL_STAGES, ApplicationFact, InterviewFact, StageVisit
from ims.reports.rollups import week_start

DEFAULT_DAYS = 90
# Feedback is overdue once the interview ended this long ago without any.
FEEDBACK_OVERDUE_AFTER = timedelta(hours=24)
# Statuses a stay can end in: selected and withdrawn are final; rejected ends only when re-opened.
TIMED_STAGES = (
    ApplicationStatus.APPLIED,
    ApplicationStatus.SCREENING,
    ApplicationStatus.INTERVIEWING,
    ApplicationStatus.REJECTED,
)
DAY_SECONDS = 86_400
HOUR_SECONDS = 3_600

# One flat row of a report, as the API serves it (JSON object or CSV line).
Row: TypeAlias = dict[str, Any]
# (count, median, p90) of a distribution; no percentiles without values.
Figures: TypeAlias = tuple[int, int | None, int | None]
_M = TypeVar("_M", bound=Model)
T = TypeVar("T")


@dataclass(frozen=True)
class ReportFilters:
    start: date
    end: date
    job_id: int | None = None
    department: str = ""
    employment_type: str = ""

    @classmethod
    def default_range(cls, today: date | None = None) -> tuple[date, date]:
        today = today or timezone.now().astimezone(UTC).date()
        return today - timedelta(days=DEFAULT_DAYS - 1), today

    def between(self, field: str) -> Q:
        """``field`` within the range: from ``start`` 00:00 UTC up to, not including, the day after ``end``."""
        lo = datetime.combine(self.start, time.min, tzinfo=UTC)
        hi = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)
        return Q(**{f"{field}__gte": lo, f"{field}__lt": hi})

    def weeks(self) -> list[date]:
        """The ISO weeks (their Mondays) the range touches, in order."""
        first = self.start - timedelta(days=self.start.weekday())
        return [first + timedelta(days=7 * n) for n in range((self.end - first).days // 7 + 1)]

    def clip(self, week: date) -> tuple[date, date]:
        """The days of ``week`` within the range: from the first one up to, not including, the day after the last."""
        return max(week, self.start), min(week + timedelta(days=7), self.end + timedelta(days=1))

    def scope(self, queryset: QuerySet[_M]) -> QuerySet[_M]:
        """The job, department and employment type filters, on any rollup (they all carry ``job``)."""
        if self.job_id is not None:
            queryset = queryset.filter(job_id=self.job_id)
        if self.department:
            queryset = queryset.filter(job__department__iexact=self.department)
        if self.employment_type:
            queryset = queryset.filter(job__employment_type=self.employment_type)
        return queryset


# --- percentiles ---------------------------------------------------------------------------------

PERCENTILES = (0.5, 0.9)


class PercentileDisc(Aggregate):
    """PostgreSQL's ``percentile_disc(fraction) WITHIN GROUP (ORDER BY expression)``: nearest rank."""

    function = "percentile_disc"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = BigIntegerField()

    def __init__(self, expression: str, fraction: float, **extra: Any) -> None:
        if fraction not in PERCENTILES:
            raise ValueError("Only the documented percentiles are computed.")
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def nearest_rank(values: list[int], fraction: float) -> int | None:
    """The value at rank ⌈fraction·N⌉ of the sorted values (computed as PostgreSQL's percentile_disc does)."""
    if not values:
        return None
    rank = max(1, math.ceil(fraction * len(values)))
    return sorted(values)[rank - 1]


def _distribution(queryset: QuerySet[Any], value: str, group: str | None) -> dict[Any, Figures]:
    """{group value (None for all): (count, median, p90)} of ``value`` over ``queryset`` (non-null values)."""
    queryset = queryset.filter(**{f"{value}__isnull": False}).order_by()
    if connection.vendor == "postgresql":
        aggregates = {"n": Count(value), "p50": PercentileDisc(value, 0.5), "p90": PercentileDisc(value, 0.9)}
        if group is None:
            row = queryset.aggregate(**aggregates)
            return {None: (row["n"], row["p50"], row["p90"])} if row["n"] else {}
        return {row[group]: (row["n"], row["p50"], row["p90"]) for row in queryset.values(group).annotate(**aggregates)}
    buckets: dict[Any, list[int]] = defaultdict(list)
    if group is None:
        buckets[None] = list(queryset.values_list(value, flat=True))
    else:
        for key, amount in queryset.values_list(group, value):
            buckets[key].append(amount)
    return {
        key: (len(values), nearest_rank(values, 0.5), nearest_rank(values, 0.9))
        for key, values in buckets.items()
        if values
    }


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _in(seconds: int | None, unit: int) -> float | None:
    return None if seconds is None else round(seconds / unit, 2)


def _job_titles(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    return dict(Job.objects.filter(pk__in=wanted).values_list("pk", "title")) if wanted else {}


def _user_names(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    users = User.objects.filter(pk__in=wanted).only("first_name", "last_name", "email") if wanted else []
    return {u.pk: (f"{u.first_name} {u.last_name}".strip() or u.email) for u in users}


# --- 1. funnel -----------------------------------------------------------------------------------


def report_funnel(filters: ReportFilters) -> list[Row]:
    """Applications that came in within the range: how many reached each stage (got there or further), how
    many of those left it rejected or withdrawn (by their current status), and the conversion to the next stage.
    One block of rows for all jobs (``job`` null), then one per job."""
    facts = filters.scope(ApplicationFact.objects.filter(filters.between("applied_at")))
    aggregates: dict[str, Count] = {}
    for n, stage in enumerate(FUNNEL_STAGES):
        aggregates[f"reached_{n}"] = Count("pk", filter=Q(furthest_stage__gte=n)) if n else Count("pk")
        if stage != ApplicationStatus.SELECTED:
            for outcome in (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN):
                aggregates[f"{outcome}_{n}"] = Count("pk", filter=Q(status=outcome, left_stage=stage))
    per_job = list(facts.order_by().values("job_id").annotate(**aggregates).order_by("job_id"))
    # Counts add up: all jobs together is the sum of the jobs (one pass over the facts instead of two).
    overall = {key: sum(row[key] for row in per_job) for key in aggregates}
    titles = _job_titles(row["job_id"] for row in per_job)
    rows = _funnel_rows(None, "", overall)
    for row in per_job:
        rows.extend(_funnel_rows(row["job_id"], titles.get(row["job_id"], ""), row))
    return rows


def _funnel_rows(job_id: int | None, title: str, counts: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for n, stage in enumerate(FUNNEL_STAGES):
        reached = counts[f"reached_{n}"]
        following = counts.get(f"reached_{n + 1}")
        rows.append(
            {
                "job": job_id,
                "job_title": title,
                "stage": str(stage),
                "reached": reached,
                "rejected": counts.get(f"rejected_{n}", 0),
                "withdrawn": counts.get(f"withdrawn_{n}", 0),
                "conversion_to_next": round(following / reached, 4) if following is not None and reached else None,
            }
        )
    return rows


# --- 2. time to hire -----------------------------------------------------------------------------


def report_time_to_hire(filters: ReportFilters) -> list[Row]:
    """Days from applying to being selected, for applications selected within the range; and days from applying
    to the first interview (not cancelled), for first interviews within the range. All jobs, then each job."""
    facts = filters.scope(ApplicationFact.objects.all())
    measures = (
        ("time_to_hire", facts.filter(filters.between("selected_at")), "hire_seconds"),
        ("time_to_first_interview", facts.filter(filters.between("first_interview_at")), "first_interview_seconds"),
    )
    results = []
    for metric, queryset, value in measures:
        overall = _distribution(queryset, value, None)
        per_job = _distribution(queryset, value, "job_id")
        results.append((metric, overall, per_job))
    titles = _job_titles(job for _, _, per_job in results for job in per_job)
    rows = []
    for metric, overall, per_job in results:
        count, p50, p90 = overall.get(None, (0, None, None))
        rows.append(_duration_row(metric, None, "", count, p50, p90))
        for job_id in sorted(per_job):
            rows.append(_duration_row(metric, job_id, titles.get(job_id, ""), *per_job[job_id]))
    return rows


def _duration_row(metric: str, job_id: int | None, title: str, count: int, p50: int | None, p90: int | None) -> Row:
    return {
        "metric": metric,
        "job": job_id,
        "job_title": title,
        "count": count,
        "median_days": _in(p50, DAY_SECONDS),
        "p90_days": _in(p90, DAY_SECONDS),
    }


# --- 3. time in stage ----------------------------------------------------------------------------


def report_time_in_stage(filters: ReportFilters) -> list[Row]:
    """Days an application stayed in each status, over the stays that ended within the range: from the event
    that moved it into the status to the next event. Stays still going are not counted.

    Put together from one part per ISO week of the range (the stays that ended in that week, cut to the range's
    days): the sorted lengths of each status, cached under the week's version, so a write recomputes only the
    weeks whose stays it changed. The percentiles are then ranked over all the weeks' sorted lengths."""
    weeks = filters.weeks()
    parts = cached_parts(
        "visits",
        {week: _part_key("time-in-stage", filters, week) for week in weeks},
        lambda missing: {week: _pack_stays(stays) for week, stays in _stays_by_week(filters, missing).items()},
    )
    unpacked = [(_week_number(week) << WEEK_SHIFT, _unpack_stays(parts[week])) for week in weeks]
    rows = []
    for n, stage in enumerate(TIMED_STAGES):
        runs = [(offset, part[n]) for offset, part in unpacked if len(part[n])]
        count = sum(len(keys) for _, keys in runs)
        rows.append(
            {
                "stage": str(stage),
                "count": count,
                "median_days": _in(merged_nearest_rank(runs, 0.5), DAY_SECONDS),
                "p90_days": _in(merged_nearest_rank(runs, 0.9), DAY_SECONDS),
            }
        )
    return rows


def _part_key(name: str, filters: ReportFilters, week: date) -> str:
    """A week's part of a report: the week, its days within the range, and the other filters."""
    lo, hi = filters.clip(week)
    parts = (name, week, lo, hi, filters.job_id, filters.department.lower(), filters.employment_type)
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _runs(weeks: list[date]) -> list[tuple[date, date]]:
    """``weeks`` (sorted) as runs of consecutive weeks: (first, last) each."""
    runs: list[tuple[date, date]] = []
    for week in weeks:
        if runs and week - runs[-1][1] == timedelta(days=7):
            runs[-1] = (runs[-1][0], week)
        else:
            runs.append((week, week))
    return runs


# A stay's key in a week's part: the number of its week (Mondays since 1969-12-29) above its length in seconds, so
# that one sort per status orders the stays by week, then length (a stay is far shorter than 2**40 s).
WEEK_SHIFT = 40
FIRST_MONDAY = date(1969, 12, 29)  # 3 days before the Unix epoch, a Thursday


def _week_number(week: date) -> int:
    return (week - FIRST_MONDAY).days // 7


class _WeekKey(Func):
    """PostgreSQL: a stay's key (see WEEK_SHIFT) from its ``left_at`` and ``seconds``: the two expressions are
    joined by the arithmetic between them."""

    template = "((((EXTRACT(EPOCH FROM %(expressions)s))"
    arg_joiner = f")::bigint + 259200) / 604800) << {WEEK_SHIFT}) | ("
    output_field = BigIntegerField()


class _SortedArray(Aggregate):
    """PostgreSQL: the group's values sorted, as an array (one value to fetch per group, not a row per value)."""

    template = "array_agg(%(expressions)s ORDER BY %(expressions)s)"
    output_field = Field()


# A week's stays, by the status they were in (index into TIMED_STAGES): their sorted keys.
Stays: TypeAlias = "list[array[int]]"


def _stays_by_week(filters: ReportFilters, weeks: list[date]) -> dict[date, Stays]:
    """The sorted keys of the stays of each status that ended in each of ``weeks`` (within the range): one query
    per run of consecutive weeks."""
    found: dict[date, Stays] = {week: [array("q") for _ in TIMED_STAGES] for week in weeks}
    index: dict[str, int] = {stage: n for n, stage in enumerate(TIMED_STAGES)}
    for first, last in _runs(weeks):
        lo, _ = filters.clip(first)
        _, hi = filters.clip(last)
        visits = filters.scope(
            StageVisit.objects.filter(
                left_at__gte=_midnight(lo), left_at__lt=_midnight(hi), seconds__isnull=False, status__in=TIMED_STAGES
            )
        ).order_by()
        run = [first + timedelta(days=7 * n) for n in range((last - first).days // 7 + 1)]
        if connection.vendor == "postgresql":
            # One sort per status, each of only its values (FILTER): no sort of every stay by status first.
            key = _WeekKey("left_at", "seconds")
            sorted_keys = visits.aggregate(
                **{f"s{n}": _SortedArray(key, filter=Q(status=stage)) for n, stage in enumerate(TIMED_STAGES)}
            )
            for n in range(len(TIMED_STAGES)):
                # Sorted by week first: each week's keys are one slice.
                ordered = array("q", sorted_keys[f"s{n}"] or ())
                for week in run:
                    number = _week_number(week)
                    start = bisect_left(ordered, number << WEEK_SHIFT)
                    stop = bisect_left(ordered, (number + 1) << WEEK_SHIFT, start)
                    found[week][n] = ordered[start:stop]
            continue
        unsorted: dict[tuple[date, int], list[int]] = defaultdict(list)
        for left_at, status, seconds in visits.values_list("left_at", "status", "seconds"):
            if left_at is not None and seconds is not None:  # always, as filtered
                week = week_start(left_at)
                unsorted[week, index[status]].append((_week_number(week) << WEEK_SHIFT) | seconds)
        for (week, n), keys in unsorted.items():
            found[week][n] = array("q", sorted(keys))
    return found


def _pack_stays(stays: Stays) -> bytes:
    """One week's stays as bytes: how many of each status, then the keys (native 8-byte integers)."""
    packed = array("q", [len(keys) for keys in stays])
    for keys in stays:
        packed.extend(keys)
    return packed.tobytes()


def _unpack_stays(packed: bytes) -> list[memoryview]:
    """The sorted keys of each status, as views into ``packed`` (not copied)."""
    view = memoryview(packed).cast("q")
    counts = view[: len(TIMED_STAGES)].tolist()
    runs, at = [], len(TIMED_STAGES)
    for count in counts:
        runs.append(view[at : at + count])
        at += count
    return runs


def merged_nearest_rank(runs: Sequence[tuple[int, Sequence[int]]], fraction: float) -> int | None:
    """:func:`nearest_rank` of the values of ``runs`` together, without merging them. Each run is (offset, its
    values plus offset, sorted). The result is the smallest value with at least ⌈fraction·N⌉ values at or below
    it: a binary search over the values, counting each run's with bisect."""
    total = sum(len(values) for _, values in runs)
    if not total:
        return None
    rank = max(1, math.ceil(fraction * total))
    lo = min(values[0] - offset for offset, values in runs)
    hi = max(values[-1] - offset for offset, values in runs)
    while lo < hi:
        middle = (lo + hi) // 2
        if sum(bisect_right(values, offset + middle) for offset, values in runs) >= rank:
            hi = middle
        else:
            lo = middle + 1
    return lo


# --- 4. interviewer load -------------------------------------------------------------------------


def report_interviewer_load(filters: ReportFilters) -> list[Row]:
    """Interviews per interviewer per ISO week (Monday 00:00 UTC) that start within the range, by status;
    ``upcoming`` are the scheduled ones that have not started yet."""
    return _interviewer_load_now(filters, _interviewer_load_counts(filters))


LOAD_COLUMNS = ("total", "scheduled", "completed", "no_show", "cancelled")


def _interviewer_load_counts(filters: ReportFilters) -> list[Row]:
    """The rows without ``upcoming`` (0): what does not move with the clock. One part per ISO week of the range
    (its rows are per week already), each cached under the week's version, so a write recomputes only the weeks
    whose interviews it changed (both weeks, for one moved to another week)."""
    weeks = filters.weeks()
    parts = cached_parts(
        "interview-weeks",
        {week: _part_key("interviewer-load", filters, week) for week in weeks},
        lambda missing: {week: counts.tobytes() for week, counts in _load_by_week(filters, missing).items()},
    )
    width = 1 + len(LOAD_COLUMNS)
    flat = {week: memoryview(parts[week]).cast("q").tolist() for week in weeks}
    names = _user_names({interviewer for values in flat.values() for interviewer in values[::width]})
    # Each column a strided slice of the week's flat rows: one pass in C per column, not a slice per row.
    return [
        {
            "week": week,
            "interviewer": interviewer_id,
            "interviewer_name": names.get(interviewer_id, ""),
            "total": total,
            "scheduled": scheduled,
            "upcoming": 0,
            "completed": completed,
            "no_show": no_show,
            "cancelled": cancelled,
        }
        for week in weeks
        for interviewer_id, total, scheduled, completed, no_show, cancelled in zip(
            *(flat[week][column::width] for column in range(width)), strict=True
        )
    ]


def _load_by_week(filters: ReportFilters, weeks: list[date]) -> dict[date, array[int]]:
    """Each of ``weeks``' (interviewer, total, scheduled, completed, no-show, cancelled) rows by interviewer, flat:
    one query per run of consecutive weeks."""
    found: dict[date, array[int]] = {week: array("q") for week in weeks}
    for first, last in _runs(weeks):
        lo, _ = filters.clip(first)
        _, hi = filters.clip(last)
        facts = filters.scope(
            InterviewFact.objects.filter(scheduled_at__gte=_midnight(lo), scheduled_at__lt=_midnight(hi))
        )
        # Tuples, not dicts: a year of a large company is ~65,000 (week, interviewer) rows.
        rows = (
            facts.order_by()
            .values_list("week", "interviewer_id")
            .annotate(
                total=Count("pk"),
                scheduled=Count("pk", filter=Q(status=InterviewStatus.SCHEDULED)),
                completed=Count("pk", filter=Q(status=InterviewStatus.COMPLETED)),
                no_show=Count("pk", filter=Q(status=InterviewStatus.NO_SHOW)),
                cancelled=Count("pk", filter=Q(status=InterviewStatus.CANCELLED)),
            )
            .order_by("week", "interviewer_id")
        )
        for week, *values in rows:
            found[week].extend(values)
    return found


def _interviewer_load_now(filters: ReportFilters, counts: list[Row]) -> list[Row]:
    """``counts`` with ``upcoming`` filled in as of now: only the scheduled interviews still ahead are read."""
    ahead = filters.scope(
        InterviewFact.objects.filter(
            filters.between("scheduled_at"), status=InterviewStatus.SCHEDULED, scheduled_at__gt=timezone.now()
        )
    )
    upcoming = {
        (week, interviewer_id): n
        for week, interviewer_id, n in ahead.order_by()
        .values("week", "interviewer_id")
        .annotate(n=Count("pk"))
        .values_list("week", "interviewer_id", "n")
    }
    if not upcoming:
        return counts
    return [{**row, "upcoming": upcoming.get((row["week"], row["interviewer"]), 0)} for row in counts]


# --- 5. feedback turnaround ----------------------------------------------------------------------


def report_feedback_turnaround(filters: ReportFilters) -> list[Row]:
    """Hours from an interview's scheduled end to its feedback, for interviews that ended within the range, per
    interviewer; and, whatever the range, how many of their interviews are overdue now: ended more than
    ``FEEDBACK_OVERDUE_AFTER`` ago, neither cancelled nor a no-show, and still without feedback."""
    return _feedback_turnaround_now(filters, _feedback_turnarounds(filters))


Turnarounds: TypeAlias = tuple[dict[Any, Figures], dict[Any, Figures], dict[int, str]]


def _feedback_turnarounds(filters: ReportFilters) -> Turnarounds:
    """All interviewers' and each interviewer's figures, and their names: what does not move with the clock."""
    timed = filters.scope(InterviewFact.objects.filter(filters.between("ends_at")))
    per_interviewer = _distribution(timed, "turnaround_seconds", "interviewer_id")
    return _distribution(timed, "turnaround_seconds", None), per_interviewer, _user_names(per_interviewer)


def _feedback_turnaround_now(filters: ReportFilters, turnarounds: Turnarounds) -> list[Row]:
    """The rows, with the feedback overdue as of now (read through the index of interviews awaiting feedback)."""
    overall, per_interviewer, names = turnarounds
    overdue = dict(
        filters.scope(InterviewFact.objects.all())
        .filter(
            feedback_at__isnull=True,
            status__in=[InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED],
            ends_at__lt=timezone.now() - FEEDBACK_OVERDUE_AFTER,
        )
        .order_by()
        .values("interviewer_id")
        .annotate(n=Count("pk"))
        .values_list("interviewer_id", "n")
    )
    ids = sorted(set(per_interviewer) | set(overdue))
    unnamed = set(overdue) - set(names)
    if unnamed:
        names = {**names, **_user_names(unnamed)}
    rows = [_turnaround_row(None, "", overall.get(None, (0, None, None)), sum(overdue.values()))]
    for interviewer_id in ids:
        rows.append(
            _turnaround_row(
                interviewer_id,
                names.get(interviewer_id, ""),
                per_interviewer.get(interviewer_id, (0, None, None)),
                overdue.get(interviewer_id, 0),
            )
        )
    return rows


def _turnaround_row(interviewer_id: int | None, name: str, figures: Figures, overdue: int) -> Row:
    count, p50, p90 = figures
    return {
        "interviewer": interviewer_id,
        "interviewer_name": name,
        "count": count,
        "median_hours": _in(p50, HOUR_SECONDS),
        "p90_hours": _in(p90, HOUR_SECONDS),
        "overdue": overdue,
    }


# --- 6. rejection reasons ------------------------------------------------------------------------


def report_rejection_reasons(filters: ReportFilters) -> list[Row]:
    """Rejections made within the range, per reason and the stage rejected from. Every rejection counts, also
    one later re-opened. Summed over per-week parts (the rejections of each week), as time in stage."""
    weeks = filters.weeks()
    parts = cached_parts(
        "visits",
        {week: _part_key("rejection-reasons", filters, week) for week in weeks},
        lambda missing: {
            week: json.dumps(counts).encode() for week, counts in _rejections_by_week(filters, missing).items()
        },
    )
    counts: Counter[tuple[str, str]] = Counter()
    for week in weeks:
        for stage, reason, count in json.loads(parts[week]):
            counts[stage, reason] += count
    stage_order = {stage: n for n, stage in enumerate(ApplicationStatus.values)}
    reason_order = {reason: n for n, reason in enumerate(RejectionReason.values)}
    ordered = sorted(counts, key=lambda k: (stage_order.get(k[0], 99), reason_order.get(k[1], 99), k[1]))
    return [{"stage": stage, "reason": reason, "count": counts[stage, reason]} for stage, reason in ordered]


def _rejections_by_week(filters: ReportFilters, weeks: list[date]) -> dict[date, list[tuple[str, str, int]]]:
    """Each of ``weeks``' (stage, reason, count) of the rejections made in it: one query per run of weeks."""
    found: dict[date, list[tuple[str, str, int]]] = {week: [] for week in weeks}
    for first, last in _runs(weeks):
        lo, _ = filters.clip(first)
        _, hi = filters.clip(last)
        visits = filters.scope(
            StageVisit.objects.filter(
                left_at__gte=_midnight(lo), left_at__lt=_midnight(hi), left_to=ApplicationStatus.REJECTED
            )
        )
        counts = (
            visits.order_by()
            .annotate(left_week=TruncWeek("left_at", tzinfo=UTC))
            .values_list("left_week", "status", "reason")
            .annotate(count=Count("pk"))
        )
        for left_week, status, reason, count in counts:
            found[left_week.astimezone(UTC).date()].append((status, reason, count))
    return found


# --- 7. applications over time -------------------------------------------------------------------

GROUP_BY = ("job", "department")


def report_applications_over_time(filters: ReportFilters, *, by: str = "job") -> list[Row]:
    """Applications that came in within the range, per ISO week (Monday 00:00 UTC) and per job or department.
    Put together from per-week parts (each week's counts), as time in stage: a new application recounts only
    the week it came in, and a move in the pipeline none."""
    weeks = filters.weeks()
    parts = cached_parts(
        "applied-weeks",
        {week: _part_key(f"applications-over-time:{by}", filters, week) for week in weeks},
        lambda missing: {
            week: json.dumps(counts).encode() for week, counts in _applications_by_week(filters, missing, by).items()
        },
    )
    counted = [(week, group, count) for week in weeks for group, count in json.loads(parts[week])]
    if by == "department":
        rows = [
            {"week": week, "job": None, "job_title": "", "department": department, "count": count}
            for week, department, count in counted
        ]
        rows.sort(key=lambda r: (r["week"], r["department"]))
        return rows
    jobs = (
        {j.pk: j for j in Job.objects.filter(pk__in={job for _, job, _ in counted}).only("title", "department")}
        if counted
        else {}
    )
    rows = [
        {
            "week": week,
            "job": job_id,
            "job_title": jobs[job_id].title if job_id in jobs else "",
            "department": jobs[job_id].department if job_id in jobs else "",
            "count": count,
        }
        for week, job_id, count in counted
    ]
    rows.sort(key=lambda r: (r["week"], r["job"]))
    return rows


def _applications_by_week(filters: ReportFilters, weeks: list[date], by: str) -> dict[date, list[tuple[Any, int]]]:
    """Each of ``weeks``' (job id or department, count) of the applications that came in in it (within the range):
    one query per run of consecutive weeks."""
    group = "job__department" if by == "department" else "job_id"
    found: dict[date, list[tuple[Any, int]]] = {week: [] for week in weeks}
    for first, last in _runs(weeks):
        lo, _ = filters.clip(first)
        _, hi = filters.clip(last)
        facts = filters.scope(
            ApplicationFact.objects.filter(applied_at__gte=_midnight(lo), applied_at__lt=_midnight(hi))
        )
        counts = facts.order_by().values_list("applied_week", group).annotate(count=Count("pk"))
        for applied_week, key, count in counts:
            found[applied_week].append((key, count))
    return found


# --- one entry point, cached ---------------------------------------------------------------------

REPORTS: dict[str, Callable[..., list[Row]]] = {
    "funnel": report_funnel,
    "time-to-hire": report_time_to_hire,
    "time-in-stage": report_time_in_stage,
    "interviewer-load": report_interviewer_load,
    "feedback-turnaround": report_feedback_turnaround,
    "rejection-reasons": report_rejection_reasons,
    "applications-over-time": report_applications_over_time,
}
# These count against the current time (upcoming interviews, overdue feedback).
NOW_DEPENDENT = ("interviewer-load", "feedback-turnaround")
# The rollups each report reads, so a write invalidates only the reports it changes (ims/reports/cache.py): the
# application rollups are ApplicationFact and StageVisit, the interview rollup InterviewFact and the first
# interview columns of ApplicationFact (time to first interview).
READS: dict[str, tuple[str, ...]] = {
    "funnel": ("applications",),
    "time-to-hire": ("applications", "interviews"),
    "time-in-stage": ("applications",),
    "interviewer-load": ("interviews",),
    "feedback-turnaround": ("interviews",),
    "rejection-reasons": ("applications",),
    "applications-over-time": ("applications",),
}
# The reports over a rollup partitioned by week are keyed by the versions of the weeks their range touches
# instead: a write that changes no stay (a new application) or other weeks' interviews leaves them cached.
READS_WEEKS: dict[str, str] = {
    "time-in-stage": "visits",
    "rejection-reasons": "visits",
    "interviewer-load": "interview-weeks",
    "applications-over-time": "applied-weeks",
}


def _reads(name: str, filters: ReportFilters) -> tuple[str, ...]:
    if name in READS_WEEKS:
        weeks = filters.weeks()
        if weekly(weeks):
            return week_tokens(READS_WEEKS[name], weeks)
    # A range too long for weekly parts is computed whole: any write to the rollups it reads invalidates it (every
    # rollup write still moves its rollup's version).
    return READS[name]


def _report_key(name: str, filters: ReportFilters, by: str) -> str:
    parts = (name, filters.start, filters.end, filters.job_id, filters.department.lower(), filters.employment_type, by)
    # Hashed: the department is free text, and cache keys must be short and plain.
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _grouping(name: str, by: str) -> str:
    return by if name == "applications-over-time" else ""


# A report over a million applications sorts and groups a million rows: in memory, not in temporary files (the
# default 4 MB spilled time in stage's 1.3 million stays to disk), and without JIT compilation (~50 ms a query,
# for plans that run once per write). At most one computation per report runs at a time (ims/reports/cache.py).
POSTGRES_SETTINGS = ("SET LOCAL work_mem = '64MB'", "SET LOCAL jit = off")


def _in_report_transaction(compute: Callable[[], T]) -> T:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for statement in POSTGRES_SETTINGS:
                    cursor.execute(statement)
        return compute()


def _compute(name: str, filters: ReportFilters, by: str) -> list[Row]:
    select = REPORTS[name]
    if name == "applications-over-time":
        return _in_report_transaction(lambda: select(filters, by=by))
    return _in_report_transaction(lambda: select(filters))


# The clock-bound reports in two parts: the figures that only a write changes (cached until one commits), and the
# part that moves with the clock (recomputed each minute from the first part and one small indexed query), so
# the minute's recomputation reads the few scheduled or awaiting interviews, not the whole range again.
CLOCK_BOUND: dict[str, tuple[Callable[[ReportFilters], Any], Callable[[ReportFilters, Any], list[Row]]]] = {
    "interviewer-load": (_interviewer_load_counts, _interviewer_load_now),
    "feedback-turnaround": (_feedback_turnarounds, _feedback_turnaround_now),
}


def report_rows(name: str, filters: ReportFilters, *, by: str = "job") -> list[Row]:
    """The rows of report ``name``, from the cache unless a rollup changed since they were computed."""
    by = _grouping(name, by)
    key = _report_key(name, filters, by)
    reads = _reads(name, filters)
    if name in CLOCK_BOUND:
        fixed, now = CLOCK_BOUND[name]

        def compute() -> list[Row]:
            part = cached(f"{key}:fixed", lambda: _in_report_transaction(lambda: fixed(filters)), reads=reads)
            return _in_report_transaction(lambda: now(filters, part))

        return cached(f"{key}:rows", compute, reads=reads, per_minute=True)
    return cached(f"{key}:rows", lambda: _compute(name, filters, by), reads=reads)


def report_document(
    name: str, filters: ReportFilters, *, by: str = "job", variant: str, render: Callable[[list[Row]], bytes]
) -> bytes:
    """Report ``name`` rendered by ``render`` (its rows in, the response body out), cached as bytes under
    ``variant`` (the media type, and the page): a cached report is served without unpickling or rendering its rows
    again."""
    by = _grouping(name, by)
    # From the cached rows: one computation serves the CSV and every page of the JSON.
    return cached(
        f"{_report_key(name, filters, by)}:{variant}",
        lambda: render(report_rows(name, filters, by=by)),
        reads=_reads(name, filters),
        per_minute=name in NOW_DEPENDENT,
    )


# --- the page's filter choices -------------------------------------------------------------------


def report_job_choices() -> list[tuple[int, str]]:
    """Every job, open or closed (a closed job still has its history), as (id, title), by title."""
    return list(Job.objects.order_by("title", "pk").values_list("pk", "title"))


def report_department_choices() -> list[str]:
    """Every department a job names, each once (the filter matches it in any case)."""
    names = Job.objects.order_by().values_list("department", flat=True).distinct()
    return sorted({name for name in names if name}, key=str.lower)
