"""A Python client generated from the live schema by openapi-python-client (pinned in requirements/dev.in)
imports cleanly and walks the seed's flow against a live server: register, log in, list open jobs, apply as
JSON and with a resume, schedule a round, submit feedback once it has started, read it as the candidate,
download the resume.

This is what an integrator does with the schema, so it catches what a schema validator does not: a body
offered in several media types (the client sent a form on top of the JSON and every POST was a 400), a binary
response the generator cannot describe (the download was skipped), a module that does not import.
"""

import importlib
import os
import subprocess
import sys
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import httpx
import pytest
import time_machine
from django.utils import timezone

from tests import factories
from tests.contract.world import PDF_BYTES

PACKAGE = "ims_client"


def _generate(tmp_path: Path, schema_url: str) -> None:
    tool = Path(sys.executable).with_name("openapi-python-client")
    # The generator formats its output with ruff (its own dependency, beside it in the same environment).
    env = {**os.environ, "PATH": f"{tool.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(  # noqa: S603 - our own pinned tool, fixed arguments
        [str(tool), "generate", "--url", schema_url, "--meta", "none", "--output-path", str(tmp_path / PACKAGE)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower(), output
    assert "error" not in output.lower(), output


@pytest.fixture(scope="module")
def client_package(live_server, tmp_path_factory, django_db_blocker):
    """Generated once for the module: the schema does not depend on the data (but serving it authenticates
    and throttles, which may touch the database)."""
    tmp_path = tmp_path_factory.mktemp("generated")
    with django_db_blocker.unblock():
        _generate(tmp_path, f"{live_server.url}/api/schema/?format=json")
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def _import(package, module: str):
    return importlib.import_module(f"{package.__name__}.{module}")


def test_every_generated_module_imports(client_package):
    root = Path(client_package.__file__).parent
    modules = sorted(
        ".".join(path.relative_to(root).with_suffix("").parts) for path in root.rglob("*.py") if path.stem != "__init__"
    )
    assert len(modules) > 100
    for module in modules:
        _import(client_package, module)
    operations = {path.stem for path in (root / "api").rglob("*.py") if path.stem != "__init__"}
    assert {"jobs_open_list", "applications_apply", "applications_select", "applications_resume_download"} <= operations


@pytest.mark.django_db(transaction=True)
def test_the_seed_flow_runs_through_the_generated_client(client_package, live_server):
    api = client_package
    models = _import(api, "models")
    types = _import(api, "types")

    def call(module: str, **kwargs):
        return _import(api, f"api.{module}").sync(**kwargs)

    def log_in(email: str, password: str = factories.PASSWORD):
        body = models.TokenObtainRequest(email=email, password=password)
        pair = call("auth.auth_token_obtain", client=api.Client(base_url=live_server.url), body=body)
        assert isinstance(pair, models.TokenPair), pair
        return api.AuthenticatedClient(base_url=live_server.url, token=pair.access)

    admin_user = factories.AdminFactory(email="boss@example.com")
    interviewer_user = factories.InterviewerFactory(email="ivan@example.com")
    json_job = factories.JobFactory(title="Backend engineer", created_by=admin_user)
    upload_job = factories.JobFactory(title="Data engineer", created_by=admin_user)

    # A candidate registers and logs in.
    registration = models.UserRegisterRequest(email="cara@example.com", password="Another-good-pass-2026")
    user = call("users.users_register", client=api.Client(base_url=live_server.url), body=registration)
    assert isinstance(user, models.User), user
    assert user.role == models.RoleEnum.CANDIDATE
    candidate = log_in("cara@example.com", "Another-good-pass-2026")

    # Lists the open jobs, applies to one as JSON and to the other with a resume (multipart).
    jobs = call("jobs.jobs_open_list", client=candidate)
    assert {job.id for job in jobs.results} == {json_job.pk, upload_job.pk}
    applied = call(
        "applications.applications_apply",
        client=candidate,
        body=models.ApplicationCreateRequest(job=json_job.pk, cover_letter="I build APIs."),
    )
    assert isinstance(applied, models.ApplicationDetail), applied
    assert applied.status == models.ApplicationStatusEnum.APPLIED
    resume = types.File(payload=BytesIO(PDF_BYTES), file_name="cv.pdf", mime_type="application/pdf")
    uploaded = call(
        "applications.applications_apply",
        client=candidate,
        body=models.ApplicationUploadRequest(job=upload_job.pk, resume=resume),
    )
    assert isinstance(uploaded, models.ApplicationDetail), uploaded

    # The admin adds a round type and schedules a round with the interviewer.
    admin = log_in("boss@example.com")
    round_type = call(
        "interview_rounds.interview_rounds_create", client=admin, body=models.RoundTypeInputRequest(name="Technical")
    )
    assert isinstance(round_type, models.RoundType), round_type
    starts = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    interview = call(
        "applications.applications_rounds_schedule",
        id=str(applied.id),
        client=admin,
        body=models.InterviewScheduleRequest(
            round_type=round_type.id, interviewer=interviewer_user.pk, scheduled_at=starts
        ),
    )
    assert isinstance(interview, models.Interview), interview
    assert interview.scheduled_at == starts

    # Once the round has started, the interviewer submits feedback and the candidate reads it.
    with time_machine.travel(starts + timedelta(minutes=30), tick=True):
        interviewer = log_in("ivan@example.com")
        feedback = call(
            "application_rounds.application_rounds_feedback_submit",
            id=str(interview.id),
            client=interviewer,
            body=models.FeedbackInputRequest(
                rating=4, comments="Clear and careful.", recommendation=models.RecommendationEnum.YES
            ),
        )
        assert isinstance(feedback, models.Feedback), feedback
        mine = call("feedback.feedback_me_list", client=log_in("cara@example.com", "Another-good-pass-2026"))
        assert [(item.rating, item.comments) for item in mine.results] == [(4, "Clear and careful.")]

        # The admin downloads the resume: the bytes uploaded, as a file; HEAD gives the same without a body.
        admin = log_in("boss@example.com")
        downloaded = call("applications.applications_resume_download", id=str(uploaded.id), client=admin)
        assert isinstance(downloaded, types.File), downloaded
        assert downloaded.payload.read() == PDF_BYTES
        head = httpx.head(
            f"{live_server.url}/api/applications/{uploaded.id}/resume/", headers=admin.get_httpx_client().headers
        )
        assert head.status_code == 200
        assert head.headers["Content-Type"] == "application/pdf"
        assert head.content == b""
