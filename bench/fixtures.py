"""What the benchmark needs from a generated data set: the personas, their tokens, the endpoints as
ready-made requests, and pools of unique write requests. Needs Django set up (bench/run.py does it)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from http1 import Request
from rest_framework_simplejwt.tokens import AccessToken

from ims.accounts.models import Role, User
from ims.interviews.models import Interview, InterviewStatus, RoundType
from ims.jobs.models import Application, Job

# The hiring reports (issue 16), each over the whole generated data set: it spans ~14 months back and upcoming
# interviews up to 45 days ahead.
REPORTS = (
    "funnel",
    "time-to-hire",
    "time-in-stage",
    "interviewer-load",
    "feedback-turnaround",
    "rejection-reasons",
    "applications-over-time",
)

BENCH_JOB_TITLE = "Bench job (POST /api/applications/ target)"
BENCH_ROOM = "Bench room"  # marks the interviews the benchmark adds for POST .../feedback/


def access_token(user: User) -> str:
    """An access token as the login endpoint would give (same claims), minted without a database write."""
    token = AccessToken.for_user(user)
    token["role"] = user.role
    token["ver"] = user.token_version
    return str(token)


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token(user)}"}


JSON = {"Content-Type": "application/json", "Accept": "application/json"}


def signed_in(user: User) -> dict[str, str]:
    """A session cookie for ``user``, as signing in on the pages would set it (stored by the session engine, so
    gunicorn reads the same session)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}"}


@dataclass
class Endpoint:
    name: str  # short key used in the tables
    label: str  # method + path as the issue writes it
    persona: str
    kind: str  # "ceiling", "baseline", "read", "write", "report", "token", "info"
    requests: list[Request]  # the load
    warmup: list[Request] = field(default_factory=list)
    probe: Request | None = None  # one request for the in-process query count (never one of the load)
    paged: bool = False  # a list: query count checked at page_size 1 and 100
    group: str = ""  # the issue 15 target group: "single" (one object), "list" (default page), "write"


@dataclass
class Personas:
    admin: User
    interviewer: User
    candidate: User
    job: Job
    password: str
    notes: dict = field(default_factory=dict)


def pick_personas(password: str, email_domain: str) -> Personas:
    now = timezone.now()
    admin = User.objects.get(email=f"admin1@{email_domain}")
    interviewer_id = (
        Interview.objects.filter(status=InterviewStatus.SCHEDULED, scheduled_at__gt=now)
        .values("interviewer")
        .annotate(n=Count("id"))
        .order_by("-n", "interviewer")
        .values_list("interviewer", "n")
        .first()
    )
    interviewer = User.objects.get(pk=interviewer_id[0])
    with connection.cursor() as cursor:
        # The candidate with the most feedback (then the most applications): the heaviest candidate pages.
        cursor.execute(
            "SELECT i.candidate_id, count(*) FROM interviews_feedback f "
            "JOIN interviews_interview i ON i.id = f.interview_id GROUP BY i.candidate_id "
            "ORDER BY count(*) DESC, i.candidate_id LIMIT 1"
        )
        candidate_id, feedback_count = cursor.fetchone()
        cursor.execute(
            "SELECT job_id, count(*) FROM jobs_application GROUP BY job_id ORDER BY count(*) DESC, job_id LIMIT 1"
        )
        job_id, job_applications = cursor.fetchone()
    candidate = User.objects.get(pk=candidate_id)
    return Personas(
        admin=admin,
        interviewer=interviewer,
        candidate=candidate,
        job=Job.objects.get(pk=job_id),
        password=password,
        notes={
            "admin": admin.email,
            "interviewer": f"{interviewer.email} ({interviewer_id[1]} upcoming interviews)",
            "candidate": (
                f"{candidate.email} ({Application.objects.filter(candidate=candidate).count()} applications, "
                f"{feedback_count} feedback)"
            ),
            "job": f"job {job_id} ({job_applications} applications)",
        },
    )


def apply_pool(personas: Personas, size: int) -> list[Request]:
    """``size`` unique POST /api/applications/ requests: distinct (candidate, job) pairs on fresh open jobs
    nobody has applied to, each signed by its candidate. The measured candidate is left out."""
    candidates = list(
        User.objects.filter(role=Role.CANDIDATE, is_active=True).exclude(pk=personas.candidate.pk).order_by("id")
    )
    jobs_needed = -(-size // len(candidates))
    jobs = [
        Job.objects.create(
            title=BENCH_JOB_TITLE,
            description="Receives the benchmark's applications.",
            department="Engineering",
            location="Remote",
            openings=1,
            is_open=True,
            created_by=personas.admin,
        )
        for _ in range(jobs_needed)
    ]
    tokens: dict[int, str] = {}
    pool = []
    for k in range(size):
        candidate = candidates[k % len(candidates)]
        job = jobs[k // len(candidates)]
        if candidate.pk not in tokens:
            tokens[candidate.pk] = access_token(candidate)
        body = json.dumps({"job": job.pk, "cover_letter": "Benchmark application."})
        pool.append(
            Request("POST", "/api/applications/", {**JSON, "Authorization": f"Bearer {tokens[candidate.pk]}"}, body)
        )
    return pool


@transaction.atomic
def feedback_pool(personas: Personas, size: int) -> list[Request]:
    """``size`` unique POST /api/application-rounds/<id>/feedback/ requests: interviews that took place (long
    ago, on their own 2-hour grid so nothing overlaps) and have no feedback, each signed by its interviewer.
    The measured interviewer and candidate are left out so their pages do not change."""
    interviewers = list(
        User.objects.filter(role=Role.INTERVIEWER, is_active=True).exclude(pk=personas.interviewer.pk).order_by("id")
    )
    # One application per candidate (the first), candidates other than the measured one.
    applications = list(
        Application.objects.exclude(candidate=personas.candidate)
        .order_by("candidate_id", "id")
        .distinct("candidate_id")
        .values_list("id", "candidate_id")[: max(size, len(interviewers))]
    )
    round_type = RoundType.objects.filter(is_active=True).order_by("id").first()
    # A rerun on the same data (--skip-generate): drop the previous run's unused pool, start after the used one.
    Interview.objects.filter(location=BENCH_ROOM, status=InterviewStatus.SCHEDULED, feedback__isnull=True).delete()
    latest = Interview.objects.filter(location=BENCH_ROOM).order_by("-ends_at").values_list("ends_at", flat=True)
    base = max(timezone.now() - timedelta(days=1200), latest.first() or timezone.now() - timedelta(days=1200))
    base = base.replace(minute=0, second=0, microsecond=0) + timedelta(hours=2)
    duration = round_type.default_duration
    rows = []
    for k in range(size):
        interviewer = interviewers[k % len(interviewers)]
        # Interviews k with the same start (same k // len(interviewers)) have distinct interviewers and, since
        # there are more candidates than interviewers, distinct candidates.
        application_id, candidate_id = applications[k % len(applications)]
        start = base + timedelta(hours=2 * (k // len(interviewers)))
        rows.append(
            Interview(
                application_id=application_id,
                candidate_id=candidate_id,
                round_type=round_type,
                interviewer=interviewer,
                scheduled_at=start,
                duration=duration,
                ends_at=start + timedelta(minutes=duration),
                status=InterviewStatus.SCHEDULED,
                location=BENCH_ROOM,
                created_by=personas.admin,
            )
        )
    created = Interview.objects.bulk_create(rows, batch_size=2000)
    tokens = {user.pk: access_token(user) for user in interviewers}
    body = json.dumps({"rating": 4, "comments": "Benchmark feedback.", "recommendation": "yes"})
    return [
        Request(
            "POST",
            f"/api/application-rounds/{interview.pk}/feedback/",
            {**JSON, "Authorization": f"Bearer {tokens[interview.interviewer_id]}"},
            body,
        )
        for interview in created
    ]


def endpoints(personas: Personas, *, pool_size: int, warmup_size: int, email_domain: str) -> list[Endpoint]:
    admin, interviewer, candidate = bearer(personas.admin), bearer(personas.interviewer), bearer(personas.candidate)

    def get(path: str, headers: dict[str, str]) -> Request:
        return Request("GET", path, {"Accept": "application/json", **headers})

    def read(name, path, persona, headers, paged=True, group="") -> Endpoint:
        request = get(path, headers)
        return Endpoint(name, f"GET {path}", persona, "read", [request], [request], request, paged, group)

    def baseline(name, path, persona, headers) -> Endpoint:
        request = get(path, headers)
        return Endpoint(name, f"GET {path}", persona, "baseline", [request], [request], request)

    applies = apply_pool(personas, pool_size + warmup_size + 1)
    feedbacks = feedback_pool(personas, pool_size + warmup_size + 1)
    login = Request(
        "POST",
        "/api/auth/token/",
        JSON,
        json.dumps({"email": personas.admin.email, "password": personas.password}),
    )
    live = get("/api/health/live", {})
    today = timezone.now().date()
    whole = f"from={today - timedelta(days=440)}&to={today + timedelta(days=60)}"

    def report(name: str) -> Endpoint:
        request = get(f"/api/reports/{name}/?{whole}", admin)
        label = f"GET /api/reports/{name}/ (whole data set)"
        return Endpoint(f"report_{name.replace('-', '_')}", label, "admin", "report", [request], [request], request)

    job_path = f"/api/jobs/{personas.job.pk}/applications/"
    # The pages a job board sends traffic to, as an anonymous visitor sees them (cached, ims/jobs/cache.py).
    html = {"Accept": "text/html"}
    open_job = Job.objects.filter(is_open=True).order_by("-created_at", "-id").first() or personas.job
    board = {**html, **signed_in(personas.admin)}
    # Single objects (issue 15): a generated open job (not one of the POST targets above, which fill up during the
    # run), as the admin (GET /api/jobs/<id>/ is for admins: a candidate gets 403 and reads jobs from the open
    # list), and the measured candidate's first application.
    detail_job = Job.objects.filter(is_open=True).exclude(title=BENCH_JOB_TITLE).order_by("id").first()
    own_application = Application.objects.filter(candidate=personas.candidate).order_by("id").first()
    singles = [
        read("users_me", "/api/users/me/", "candidate", candidate, paged=False, group="single"),
        read("users_me_admin", "/api/users/me/", "admin", admin, paged=False, group="single"),
    ]
    if detail_job is not None:
        singles.append(read("job_detail", f"/api/jobs/{detail_job.pk}/", "admin", admin, paged=False, group="single"))
    if own_application is not None:
        path = f"/api/applications/{own_application.pk}/"
        singles.append(read("application_detail", path, "candidate", candidate, paged=False, group="single"))
    return [
        Endpoint("health_live", "GET /api/health/live", "anonymous", "ceiling", [live], [live], live),
        # The framework's fixed cost (bench/urls.py, served only with bench/settings.py).
        baseline("noop_anon", "/api/bench/noop-anon/", "anonymous", {}),
        baseline("noop", "/api/bench/noop/", "candidate", candidate),
        *singles,
        read("jobs_open", "/api/jobs/open/", "candidate", candidate, group="list"),
        read("applications_me", "/api/applications/me/", "candidate", candidate, group="list"),
        read("applications_screening", "/api/applications/?status=screening", "admin", admin),
        read("job_applications", job_path, "admin", admin),
        read("application_counts", "/api/jobs/application-counts/", "admin", admin),
        read("upcoming_admin", "/api/interviews/upcoming/", "admin", admin, group="list"),
        read("upcoming_interviewer", "/api/interviews/upcoming/", "interviewer", interviewer, group="list"),
        read("interviews_me", "/api/interviews/me/", "interviewer", interviewer, group="list"),
        read("feedback_me", "/api/feedback/me/", "candidate", candidate, group="list"),
        read("careers_page", "/", "anonymous", html, paged=False),
        read("job_page", f"/jobs/{open_job.pk}/", "anonymous", html, paged=False),
        # The recruiter's pipeline board (issue 14) of the job with the most applications, signed in.
        read("board_page", f"/app/jobs/{personas.job.pk}/", "admin (session)", board, paged=False),
        Endpoint(
            "apply",
            "POST /api/applications/",
            "candidates (one per request)",
            "write",
            applies[warmup_size + 1 :],
            applies[1 : warmup_size + 1],
            applies[0],
            group="write",
        ),
        Endpoint(
            "feedback_submit",
            "POST /api/application-rounds/<id>/feedback/",
            "interviewers (one per request)",
            "write",
            feedbacks[warmup_size + 1 :],
            feedbacks[1 : warmup_size + 1],
            feedbacks[0],
            group="write",
        ),
        *[report(name) for name in REPORTS],
        Endpoint("token", "POST /api/auth/token/", "admin", "token", [login], [login], login),
        Endpoint("health_ready", "GET /api/health/", "anonymous", "info", [get("/api/health/", {})], [], None),
    ]


def measured_pages(personas: Personas) -> dict:
    """Row counts behind the read endpoints, so the table says how big each list is."""
    now = timezone.now()
    return {
        "applications_screening": Application.objects.filter(status="screening").count(),
        "job_applications": Application.objects.filter(job=personas.job).count(),
        "applications_me": Application.objects.filter(candidate=personas.candidate).count(),
        "upcoming_admin": Interview.objects.filter(status="scheduled", scheduled_at__gt=now).count(),
        "upcoming_interviewer": Interview.objects.filter(
            interviewer=personas.interviewer, status="scheduled", scheduled_at__gt=now
        ).count(),
        "interviews_me": Interview.objects.filter(interviewer=personas.interviewer).count(),
        "jobs_open": Job.objects.filter(is_open=True).count(),
        "application_counts": Job.objects.count(),
        "feedback_me": Interview.objects.filter(candidate=personas.candidate, feedback__isnull=False).count(),
        "careers_page": Job.objects.filter(is_open=True).count(),
        "board_page": Application.objects.filter(job=personas.job).count(),
        "total_applications": Application.objects.count(),
        "total_interviews": Interview.objects.count(),
    }
