"""Time in stage, rejection reasons, interviewer load and applications over time are put together from per-week parts (ims/reports/cache.py); over a random
history, for ranges that start and end mid-week, they give exactly the rows computed directly from every row."""

import random
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest

from ims.interviews.models import InterviewStatus
from ims.jobs.models import ApplicationStatus, RejectionReason
from ims.reports import selectors
from ims.reports.models import ApplicationFact, InterviewFact, StageVisit
from ims.reports.rollups import interview_row, week_start
from ims.reports.tests.history import at
from tests import factories

pytestmark = pytest.mark.django_db

FIRST = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
NOW = FIRST + timedelta(days=40, hours=5)
RANGES = [
    (date(2026, 1, 7), date(2026, 2, 10)),  # Wednesday to Tuesday
    (date(2026, 1, 4), date(2026, 3, 14)),  # Sunday to Saturday, past the data on both sides
    (date(2026, 1, 12), date(2026, 1, 18)),  # exactly one week
    (date(2026, 2, 5), date(2026, 2, 5)),  # one day
    (date(2026, 1, 21), date(2026, 3, 4)),
]


@pytest.fixture
def random_history():
    rng = random.Random(16)
    jobs = [factories.JobFactory() for _ in range(3)]
    applications = [factories.ApplicationFactory(job=rng.choice(jobs)) for _ in range(8)]
    visits = []
    for _ in range(400):
        application = rng.choice(applications)
        left_at = FIRST + timedelta(seconds=rng.randrange(60 * 86_400))
        # Lengths from a small set too, so that equal values straddle the ranks.
        seconds = rng.choice([rng.randrange(30 * 86_400), rng.choice([3_600, 86_400, 2 * 86_400])])
        ended = rng.random() < 0.85
        rejected = ended and rng.random() < 0.4
        visits.append(
            StageVisit(
                application=application,
                job_id=application.job_id,
                status=rng.choice(selectors.TIMED_STAGES),
                entered_at=left_at - timedelta(seconds=seconds),
                left_at=left_at if ended else None,
                seconds=seconds if ended else None,
                left_to=ApplicationStatus.REJECTED if rejected else "",
                reason=rng.choice(RejectionReason.values) if rejected else "",
            )
        )
    StageVisit.objects.bulk_create(visits)
    interviewers = [factories.InterviewerFactory() for _ in range(4)]
    round_type = factories.RoundTypeFactory()
    for _ in range(120):
        interview = factories.InterviewFactory(application=rng.choice(applications), round_type=round_type)
        starts = FIRST + timedelta(minutes=rng.randrange(60 * 24 * 60))
        InterviewFact.objects.create(
            **interview_row(
                interview_id=interview.pk,
                job_id=rng.choice(jobs).pk,
                interviewer_id=rng.choice(interviewers).pk,
                scheduled_at=starts,
                ends_at=starts + timedelta(hours=1),
                status=rng.choice(InterviewStatus.values),
                feedback_at=None,
            )
        )
    return jobs


def within(filters, at_time):
    return filters.start <= at_time.astimezone(UTC).date() <= filters.end


def days(seconds):
    return None if seconds is None else round(seconds / 86_400, 2)


def brute_time_in_stage(filters):
    lengths = defaultdict(list)
    for visit in StageVisit.objects.filter(left_at__isnull=False):
        if within(filters, visit.left_at) and filters.job_id in (None, visit.job_id):
            lengths[visit.status].append(visit.seconds)
    return [
        {
            "stage": stage,
            "count": len(lengths[stage]),
            "median_days": days(selectors.nearest_rank(lengths[stage], 0.5)),
            "p90_days": days(selectors.nearest_rank(lengths[stage], 0.9)),
        }
        for stage in selectors.TIMED_STAGES
    ]


def brute_rejection_reasons(filters):
    counts = Counter(
        (visit.status, visit.reason)
        for visit in StageVisit.objects.filter(left_to=ApplicationStatus.REJECTED)
        if within(filters, visit.left_at) and filters.job_id in (None, visit.job_id)
    )
    return sorted(
        ({"stage": stage, "reason": reason, "count": n} for (stage, reason), n in counts.items()),
        key=lambda r: (ApplicationStatus.values.index(r["stage"]), RejectionReason.values.index(r["reason"])),
    )


def brute_interviewer_load(filters):
    counts = defaultdict(Counter)
    for fact in InterviewFact.objects.all():
        if within(filters, fact.scheduled_at) and filters.job_id in (None, fact.job_id):
            row = counts[week_start(fact.scheduled_at), fact.interviewer_id]
            row["total"] += 1
            row[fact.status] += 1
            row["upcoming"] += fact.status == InterviewStatus.SCHEDULED and fact.scheduled_at > NOW
    return [
        {
            "week": week,
            "interviewer": interviewer,
            "total": row["total"],
            "scheduled": row["scheduled"],
            "upcoming": row["upcoming"],
            "completed": row["completed"],
            "no_show": row["no_show"],
            "cancelled": row["cancelled"],
        }
        for (week, interviewer), row in sorted(counts.items())
    ]


def test_time_in_stage_over_weekly_parts_equals_the_percentiles_of_every_stay(random_history):
    job = random_history[0]
    for start, end in RANGES:
        for job_id in (None, job.pk):
            filters = selectors.ReportFilters(start=start, end=end, job_id=job_id)
            assert selectors.report_rows("time-in-stage", filters) == brute_time_in_stage(filters), (start, end)


def test_rejection_reasons_over_weekly_parts_equal_the_counts_of_every_rejection(random_history):
    job = random_history[0]
    for start, end in RANGES:
        for job_id in (None, job.pk):
            filters = selectors.ReportFilters(start=start, end=end, job_id=job_id)
            rows = selectors.report_rows("rejection-reasons", filters)
            assert rows == brute_rejection_reasons(filters), (start, end)


def test_interviewer_load_over_weekly_parts_equals_the_counts_of_every_interview(random_history):
    job = random_history[0]
    with at(NOW):
        for start, end in RANGES:
            for job_id in (None, job.pk):
                filters = selectors.ReportFilters(start=start, end=end, job_id=job_id)
                rows = [
                    {k: v for k, v in row.items() if k != "interviewer_name"}
                    for row in selectors.report_rows("interviewer-load", filters)
                ]
                assert rows == brute_interviewer_load(filters), (start, end)


@pytest.fixture
def random_applications():
    """60 application facts at random instants over two months, over three jobs of two departments."""
    rng = random.Random(17)
    jobs = [factories.JobFactory(department=name) for name in ("Engineering", "Design", "Engineering")]
    for _ in range(60):
        application = factories.ApplicationFactory(job=rng.choice(jobs))
        applied_at = FIRST + timedelta(seconds=rng.randrange(60 * 86_400))
        ApplicationFact.objects.create(
            application=application,
            job_id=application.job_id,
            applied_at=applied_at,
            applied_week=week_start(applied_at),
            status=ApplicationStatus.APPLIED,
        )
    return jobs


def brute_applications_over_time(filters, by):
    counts = Counter()
    for fact in ApplicationFact.objects.select_related("job"):
        if within(filters, fact.applied_at) and filters.job_id in (None, fact.job_id):
            counts[fact.applied_week, fact.job.department if by == "department" else fact.job_id] += 1
    titles = dict(ApplicationFact.objects.values_list("job_id", "job__title"))
    departments = dict(ApplicationFact.objects.values_list("job_id", "job__department"))
    if by == "department":
        return [
            {"week": week, "job": None, "job_title": "", "department": department, "count": n}
            for (week, department), n in sorted(counts.items())
        ]
    return [
        {"week": week, "job": job, "job_title": titles[job], "department": departments[job], "count": n}
        for (week, job), n in sorted(counts.items())
    ]


@pytest.mark.parametrize("by", ["job", "department"])
def test_applications_over_time_over_weekly_parts_equal_the_counts_of_every_application(random_applications, by):
    job = random_applications[0]
    for start, end in RANGES:
        for job_id in (None, job.pk):
            filters = selectors.ReportFilters(start=start, end=end, job_id=job_id)
            rows = selectors.report_rows("applications-over-time", filters, by=by)
            assert rows == brute_applications_over_time(filters, by), (start, end, job_id)
