"""On PostgreSQL, with real parallel connections: an erasure racing an application or a booking leaves no
personal data behind, and nobody gets a 500 (or a deadlock)."""

import os
import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from ims.accounts.models import User
from ims.interviews.models import Interview, InterviewStatus
from ims.interviews.tests.helpers import days_ahead, rounds_url, schedule_body
from ims.jobs.models import Application, ApplicationStatus
from ims.notifications import outbox
from ims.notifications.models import Notification
from ims.privacy import services
from ims.privacy.models import Erasure
from ims.privacy.tests.conftest import PDF_BYTES
from tests.factories import (
    AdminFactory,
    ApplicationFactory,
    CandidateFactory,
    InterviewerFactory,
    InterviewFactory,
    JobFactory,
    RoundTypeFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
PRIVATE = "private letter of Zed Marker"


def _in_thread(name: str, call: Callable, results: dict) -> threading.Thread:
    def run() -> None:
        try:
            results[name] = call()
        except BaseException as exc:
            results[name] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


def _pause_after(monkeypatch, module, name: str, *, thread_name: str) -> tuple[threading.Event, threading.Event]:
    """Make ``module.name`` wait, inside its caller's open transaction, when called from ``thread_name``."""
    reached, release = threading.Event(), threading.Event()
    real = getattr(module, name)

    def paused(*args, **kwargs):
        result = real(*args, **kwargs)
        if threading.current_thread().name == thread_name:
            reached.set()
            release.wait(timeout=20)
        return result

    monkeypatch.setattr(module, name, paused)
    return reached, release


def _apply(client_for, candidate, job) -> Callable:
    # The client (its token) is made now: minting a token writes a row that waits for an erasure in progress.
    client = client_for(candidate)

    def call():
        resume = SimpleUploadedFile("Zed Marker CV.pdf", PDF_BYTES, content_type="application/pdf")
        return client.post(
            "/api/applications/", {"job": job.pk, "cover_letter": PRIVATE, "resume": resume}, format="multipart"
        )

    return call


def _nothing_personal_left(candidate: User) -> None:
    user = User.objects.get(pk=candidate.pk)
    assert user.email.endswith("@erased.invalid") and not user.is_active
    for application in Application.objects.filter(candidate=candidate):
        assert (application.cover_letter, application.resume.name, application.resume_filename) == ("", "", "")
    for notification in Notification.objects.filter(recipient=candidate):
        assert "Zed" not in notification.body_text + notification.subject
    resumes = os.path.join(Application._meta.get_field("resume").storage.location, "resumes")
    assert not os.path.isdir(resumes) or not os.listdir(resumes), os.listdir(resumes)


def _candidate() -> User:
    return CandidateFactory(first_name="Zed", last_name="Marker")


def test_an_application_arriving_while_the_erasure_runs_is_refused_not_filed(client_for, monkeypatch):
    candidate, admin, job = _candidate(), AdminFactory(), JobFactory()
    apply = _apply(client_for, candidate, job)
    reached, release = _pause_after(monkeypatch, services, "audit_record", thread_name="erase")
    results: dict = {}

    eraser = _in_thread("erase", _erasing(client_for, admin, candidate), results)
    assert reached.wait(timeout=20)  # the erasure has done its work and holds its locks, not yet committed
    applier = _in_thread("apply", apply, results)
    time.sleep(0.5)  # the application is now waiting for the candidate's row
    release.set()
    eraser.join(timeout=30)
    applier.join(timeout=30)

    assert results["erase"].status_code == 204
    assert results["apply"].status_code == 403, results["apply"].content
    assert results["apply"].json()["code"] == "account_closed"
    assert not Application.objects.filter(candidate=candidate).exists()
    _nothing_personal_left(candidate)


def test_an_erasure_arriving_while_the_candidate_applies_waits_and_then_wipes_the_new_application(
    client_for, monkeypatch
):
    from ims.notifications import outbox as notifications

    candidate, admin, job = _candidate(), AdminFactory(), JobFactory()
    reached, release = _pause_after(monkeypatch, notifications, "notify_application_received", thread_name="apply")
    results: dict = {}

    applier = _in_thread("apply", _apply(client_for, candidate, job), results)
    assert reached.wait(timeout=20)  # the application is written, not yet committed
    eraser = _in_thread("erase", _erasing(client_for, admin, candidate), results)
    time.sleep(0.5)
    release.set()
    applier.join(timeout=30)
    eraser.join(timeout=30)

    assert (results["apply"].status_code, results["erase"].status_code) == (201, 204)
    application = Application.objects.get(candidate=candidate)
    assert application.status == ApplicationStatus.WITHDRAWN
    _nothing_personal_left(candidate)


def test_a_profile_change_arriving_while_the_erasure_runs_does_not_write_the_name_back(client_for, monkeypatch):
    candidate, admin = _candidate(), AdminFactory()
    client = client_for(candidate)
    reached, release = _pause_after(monkeypatch, services, "audit_record", thread_name="erase")
    results: dict = {}

    eraser = _in_thread("erase", _erasing(client_for, admin, candidate), results)
    assert reached.wait(timeout=20)
    changer = _in_thread(
        "change", lambda: client.patch("/api/users/me/", {"first_name": "Zed"}, format="json"), results
    )
    time.sleep(0.5)
    release.set()
    eraser.join(timeout=30)
    changer.join(timeout=30)

    assert results["erase"].status_code == 204
    assert results["change"].status_code == 403, results["change"].content
    _nothing_personal_left(candidate)
    assert User.objects.get(pk=candidate.pk).first_name == f"Erased candidate #{candidate.pk}"


def _booking(client_for, admin, application) -> Callable:
    body = schedule_body(RoundTypeFactory(), InterviewerFactory(), days_ahead(5))
    client = client_for(admin)
    return lambda: client.post(rounds_url(application.pk), body, format="json")


def _erasing(client_for, admin, candidate) -> Callable:
    client = client_for(admin)
    return lambda: client.post(f"/api/users/{candidate.pk}/erase/")


def test_an_interview_booked_while_the_erasure_runs_is_refused_without_a_500(client_for, monkeypatch):
    candidate, admin = _candidate(), AdminFactory()
    application = ApplicationFactory(candidate=candidate, status=ApplicationStatus.SCREENING, cover_letter=PRIVATE)
    book = _booking(client_for, admin, application)
    reached, release = _pause_after(monkeypatch, services, "audit_record", thread_name="erase")
    results: dict = {}

    eraser = _in_thread("erase", _erasing(client_for, admin, candidate), results)
    assert reached.wait(timeout=20)
    booker = _in_thread("book", book, results)
    time.sleep(0.5)
    release.set()
    eraser.join(timeout=30)
    booker.join(timeout=30)

    assert results["erase"].status_code == 204
    assert results["book"].status_code == 409, results["book"].content
    assert results["book"].json()["code"] == "application_inactive"
    assert not Interview.objects.filter(application=application).exists()
    _nothing_personal_left(candidate)


def test_an_erasure_arriving_while_an_interview_is_booked_waits_then_cancels_it(client_for, monkeypatch):
    from ims.notifications import outbox as notifications

    candidate, admin = _candidate(), AdminFactory()
    application = ApplicationFactory(candidate=candidate, status=ApplicationStatus.SCREENING, cover_letter=PRIVATE)
    book = _booking(client_for, admin, application)
    reached, release = _pause_after(monkeypatch, notifications, "notify_interview_scheduled", thread_name="book")
    results: dict = {}

    booker = _in_thread("book", book, results)
    assert reached.wait(timeout=20)  # the interview and its invitations are written, not yet committed
    eraser = _in_thread("erase", _erasing(client_for, admin, candidate), results)
    time.sleep(0.5)
    release.set()
    booker.join(timeout=30)
    eraser.join(timeout=30)

    assert (results["book"].status_code, results["erase"].status_code) == (201, 204)
    interview = Interview.objects.get(application=application)
    assert interview.status == InterviewStatus.CANCELLED
    # The invitation written before the erasure names the candidate: wiped, and never sent.
    for notification in Notification.objects.filter(interview=interview, kind="interview_scheduled"):
        assert "Zed" not in notification.body_text + notification.subject + str(notification.attachments)
    _nothing_personal_left(candidate)


def test_erasures_racing_applications_and_bookings_never_answer_500(client_for):
    """Unpaused: many of each released together, several rounds. Whatever the order, no 500 and nothing left."""
    for _round in range(3):
        candidate, admin = _candidate(), AdminFactory()
        application = ApplicationFactory(candidate=candidate, status=ApplicationStatus.SCREENING)
        calls = [_apply(client_for, candidate, JobFactory()) for _ in range(3)]
        calls += [_booking(client_for, admin, application)]
        calls += [_erasing(client_for, admin, candidate) for _ in range(2)]
        barrier = threading.Barrier(len(calls))
        results: dict = {}
        threads = [
            _in_thread(f"t{i}", lambda call=call, barrier=barrier: (barrier.wait(timeout=10), call())[1], results)
            for i, call in enumerate(calls)
        ]
        for thread in threads:
            thread.join(timeout=60)

        codes = Counter(getattr(result, "status_code", repr(result)) for result in results.values())
        assert all(isinstance(code, int) and code < 500 for code in codes), codes
        assert Erasure.objects.filter(user=candidate).count() == 1
        _nothing_personal_left(candidate)


def test_two_retention_runs_at_once_erase_each_candidate_once(settings):
    from datetime import timedelta

    from django.utils import timezone

    from ims.jobs.models import ApplicationEvent

    due = [_candidate() for _ in range(6)]
    for candidate in due:
        application = ApplicationFactory(candidate=candidate, status=ApplicationStatus.REJECTED)
        event = ApplicationEvent.objects.create(application=application, to_status=ApplicationStatus.REJECTED)
        ApplicationEvent.objects.filter(pk=event.pk).update(at=timezone.now() - timedelta(days=400))
    barrier = threading.Barrier(2)
    results: dict = {}

    threads = [
        _in_thread(f"r{i}", lambda: (barrier.wait(timeout=10), services.retention_apply())[1], results)
        for i in range(2)
    ]
    for thread in threads:
        thread.join(timeout=60)

    erased = [pk for report in results.values() for pk in report.erased]
    assert sorted(erased) == sorted(candidate.pk for candidate in due)
    assert Erasure.objects.count() == len(due)


def _held_interview(candidate: User) -> Interview:
    """A round that took place and still waits for its feedback."""
    from datetime import timedelta

    from django.utils import timezone

    application = ApplicationFactory(candidate=candidate, status=ApplicationStatus.INTERVIEWING, cover_letter=PRIVATE)
    started = timezone.now() - timedelta(hours=3)
    return InterviewFactory(
        application=application,
        scheduled_at=started,
        ends_at=started + timedelta(minutes=60),
        status=InterviewStatus.COMPLETED,
    )


def _scoring(client_for, interview: Interview) -> Callable:
    client = client_for(interview.interviewer)
    body = {"rating": 4, "recommendation": "yes", "comments": PRIVATE, "private_notes": f"notes on {PRIVATE}"}
    return lambda: client.post(f"/api/application-rounds/{interview.pk}/feedback/", body, format="json")


def _no_text_about_them(interview: Interview) -> None:
    from ims.interviews.models import Feedback

    feedback = Feedback.objects.get(interview=interview)
    assert (feedback.rating, feedback.recommendation) == (4, "yes")  # the numbers the reports count stay
    assert (feedback.comments, feedback.private_notes) == ("", "")


def test_feedback_arriving_while_the_erasure_runs_waits_and_keeps_only_the_scores(client_for, monkeypatch):
    candidate, admin = _candidate(), AdminFactory()
    interview = _held_interview(candidate)
    score = _scoring(client_for, interview)
    reached, release = _pause_after(monkeypatch, services, "audit_record", thread_name="erase")
    results: dict = {}

    eraser = _in_thread("erase", _erasing(client_for, admin, candidate), results)
    assert reached.wait(timeout=20)  # the erasure holds the application's lock, not yet committed
    scorer = _in_thread("score", score, results)
    time.sleep(0.5)  # the feedback now waits for the application's row
    release.set()
    eraser.join(timeout=30)
    scorer.join(timeout=30)

    assert results["erase"].status_code == 204
    assert results["score"].status_code == 201, results["score"].content
    _no_text_about_them(interview)
    _nothing_personal_left(candidate)


def test_an_erasure_arriving_while_feedback_is_submitted_waits_then_wipes_its_text(client_for, monkeypatch):
    candidate, admin = _candidate(), AdminFactory()
    interview = _held_interview(candidate)
    reached, release = _pause_after(monkeypatch, outbox, "notify_feedback_submitted", thread_name="score")
    results: dict = {}

    scorer = _in_thread("score", _scoring(client_for, interview), results)
    assert reached.wait(timeout=20)  # the feedback and its email to the admins are written, not yet committed
    eraser = _in_thread("erase", _erasing(client_for, admin, candidate), results)
    time.sleep(0.5)
    release.set()
    scorer.join(timeout=30)
    eraser.join(timeout=30)

    assert (results["score"].status_code, results["erase"].status_code) == (201, 204)
    _no_text_about_them(interview)
    for notification in Notification.objects.filter(interview=interview):
        assert "Zed" not in notification.body_text + notification.subject
    _nothing_personal_left(candidate)


def test_feedback_and_erasures_released_together_never_answer_500_nor_keep_text(client_for):
    for _round in range(3):
        candidate, admin = _candidate(), AdminFactory()
        interview = _held_interview(candidate)
        calls = [_scoring(client_for, interview), _erasing(client_for, admin, candidate)]
        barrier = threading.Barrier(len(calls))
        results: dict = {}
        threads = [
            _in_thread(f"t{i}", lambda call=call, barrier=barrier: (barrier.wait(timeout=10), call())[1], results)
            for i, call in enumerate(calls)
        ]
        for thread in threads:
            thread.join(timeout=60)

        assert [getattr(result, "status_code", repr(result)) for result in results.values()].count(201) == 1
        assert sorted(results) == ["t0", "t1"] and results["t1"].status_code == 204
        _no_text_about_them(interview)
        _nothing_personal_left(candidate)
