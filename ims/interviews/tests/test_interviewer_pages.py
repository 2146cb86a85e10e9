"""The interviewer's schedule and interview kit: draft (htmx and plain POST), submit, edit for 24 hours with its
versions, blind review, the admin's read-only kit; constant queries."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ims.interviews.models import Feedback, FeedbackDraft
from ims.ui.tests.helpers import page_client
from tests.factories import ApplicationFactory, FeedbackFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def _kit(world) -> str:
    return f"/app/interviews/{world['mine'].pk}/"


SCORECARD = {"rating": "4", "recommendation": "yes", "criterion_0": "5", "comments": "Strong design.", "private_notes": "Wants remote."}  # fmt: skip


def test_the_kit_shows_the_round_the_letter_the_resume_and_my_draft(kit_world, interviewer):
    content = page_client(interviewer).get(_kit(kit_world)).content.decode()
    for text in ("Ask about queues.", "Design", "Cara&#x27;s letter", "cara-resume.pdf", "Ivan&#x27;s draft words"):
        assert text in content
    assert '<iframe class="ims-resume-frame" src="/app/interviews/' in content
    assert "https://meet.example/ivan" in content
    assert "hidden until you submit yours" in content


def test_the_resume_is_served_inline_for_the_frame_and_audited(kit_world, interviewer):
    from ims.privacy.models import AuditAction, AuditEntry

    response = page_client(interviewer).get(f"{_kit(kit_world)}resume/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry = AuditEntry.objects.get(action=AuditAction.RESUME_DOWNLOAD)
    assert entry.actor_id == interviewer.pk
    download = page_client(interviewer).get(f"{_kit(kit_world)}resume/?download=1")
    assert download["Content-Disposition"].startswith("attachment;")


def test_saving_a_draft_with_htmx_swaps_the_scorecard_and_says_so(kit_world, interviewer):
    response = page_client(interviewer).post(
        _kit(kit_world), {**SCORECARD, "action": "draft"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b'id="scorecard"' in response.content
    assert b"<html" not in response.content
    assert b"Draft saved" in response.content
    draft = FeedbackDraft.objects.get()
    assert (draft.rating, draft.criteria_scores, draft.private_notes) == (4, {"Design": 5}, "Wants remote.")


def test_saving_a_draft_without_javascript_redirects_back_to_the_kit(kit_world, interviewer):
    response = page_client(interviewer).post(_kit(kit_world), {**SCORECARD, "action": "draft"})
    assert response.status_code == 302
    assert response["Location"] == _kit(kit_world)


def test_the_scorecard_says_which_fields_a_draft_may_skip_but_submitting_needs(kit_world, interviewer):
    content = page_client(interviewer).get(_kit(kit_world)).content.decode()

    for label in ("Overall rating", "Comments"):
        assert f'{label} <span class="fw-normal text-body-secondary">(needed to submit)</span>' in content
    assert 'Private notes <span class="fw-normal text-body-secondary">(optional)</span>' in content


def test_submitting_without_comments_names_the_field(kit_world, interviewer):
    response = page_client(interviewer).post(_kit(kit_world), {**SCORECARD, "comments": "", "action": "submit"})
    assert response.status_code == 400
    assert b"Comments are required." in response.content
    assert b'href="#id_comments"' in response.content
    assert not Feedback.objects.filter(interview=kit_world["mine"]).exists()


def test_submitting_reveals_the_other_interviewers_scorecards_but_never_their_private_notes(kit_world, interviewer):
    client = page_client(interviewer)
    response = client.post(_kit(kit_world), {**SCORECARD, "action": "submit"})
    assert response.status_code == 302
    assert not FeedbackDraft.objects.exists()
    content = client.get(_kit(kit_world)).content.decode()
    assert "Olga&#x27;s shared comments" in content
    assert "Olga&#x27;s private notes" not in content
    assert "Submitted (version 1)" in content
    assert "Save changes" in content


def test_editing_within_24_hours_adds_a_version_and_after_it_the_form_is_gone(kit_world, interviewer):
    client = page_client(interviewer)
    client.post(_kit(kit_world), {**SCORECARD, "action": "submit"})
    response = client.post(_kit(kit_world), {**SCORECARD, "rating": "2", "action": "edit"})
    assert response.status_code == 302
    content = client.get(_kit(kit_world)).content.decode()
    assert "Version 2" in content and "Version 1" in content
    feedback = Feedback.objects.get(interview=kit_world["mine"])
    assert (feedback.rating, feedback.version) == (2, 2)
    with time_machine.travel(feedback.submitted_at + timedelta(hours=25)):
        late = page_client(interviewer)
        assert "Save changes" not in late.get(_kit(kit_world)).content.decode()
        refused = late.post(_kit(kit_world), {**SCORECARD, "rating": "1", "action": "edit"})
    assert refused.status_code == 400
    assert b"can be edited for 24 hours" in refused.content
    feedback.refresh_from_db()
    assert feedback.rating == 2


def test_an_admin_reads_the_kit_with_every_scorecard_and_the_links_to_reschedule_and_cancel(kit_world, admin):
    content = page_client(admin).get(_kit(kit_world)).content.decode()
    assert "Olga&#x27;s shared comments" in content
    assert "Olga&#x27;s private notes" in content
    assert f"/app/interviews/{kit_world['mine'].pk}/reschedule/" in content
    assert f"/app/interviews/{kit_world['mine'].pk}/cancel/" in content
    assert '<form method="post" action="/app/interviews/' not in content  # read-only


def test_an_admin_is_not_offered_to_reschedule_or_cancel_a_completed_interview(kit_world, admin):
    earlier = kit_world["earlier"]
    content = page_client(admin).get(f"/app/interviews/{earlier.pk}/").content.decode()
    assert "Olga&#x27;s shared comments" in content
    assert f"/app/interviews/{earlier.pk}/reschedule/" not in content
    assert f"/app/interviews/{earlier.pk}/cancel/" not in content


def test_my_schedule_lists_today_the_coming_days_and_what_awaits_my_feedback(interviewer):
    now = timezone.now()
    overdue = InterviewFactory(
        interviewer=interviewer, scheduled_at=now - timedelta(days=3), ends_at=now - timedelta(days=3, minutes=-60)
    )
    coming = InterviewFactory(
        interviewer=interviewer, scheduled_at=now + timedelta(days=3), meeting_url="https://m.example/x"
    )
    InterviewFactory(scheduled_at=now + timedelta(days=3))  # someone else's
    content = page_client(interviewer).get("/app/").content.decode()
    assert f"/app/interviews/{overdue.pk}/" in content
    assert "Feedback overdue by 1 day" in content
    assert f"/app/interviews/{coming.pk}/" in content
    assert "https://m.example/x" in content
    assert content.count("/app/interviews/") == 2


def _schedule_sections(content: str) -> dict[str, str]:
    """The schedule page's three sections by their heading id."""
    today = content.index('id="today-h"')
    coming = content.index('id="coming-h"')
    awaiting = content.index('id="awaiting-h"')
    return {"today": content[today:coming], "coming": content[coming:awaiting], "awaiting": content[awaiting:]}


def test_each_interview_appears_once_in_my_schedule_an_ended_one_without_feedback_only_as_awaiting_it(interviewer):
    noon = datetime(2030, 6, 3, 12, 0, tzinfo=UTC)
    interviewer.timezone = "UTC"
    interviewer.save()
    ended = InterviewFactory(interviewer=interviewer, scheduled_at=noon - timedelta(hours=3))
    ended_with_feedback = InterviewFactory(interviewer=interviewer, scheduled_at=noon - timedelta(hours=5))
    FeedbackFactory(interview=ended_with_feedback, interviewer=interviewer)
    in_progress = InterviewFactory(interviewer=interviewer, scheduled_at=noon - timedelta(minutes=30))
    later_today = InterviewFactory(interviewer=interviewer, scheduled_at=noon + timedelta(hours=3))

    with time_machine.travel(noon, tick=False):
        content = page_client(interviewer).get("/app/").content.decode()

    sections = _schedule_sections(content)
    for interview in (ended, ended_with_feedback, in_progress, later_today):
        assert content.count(f'href="/app/interviews/{interview.pk}/"') == 1, interview
    assert f"/app/interviews/{ended.pk}/" in sections["awaiting"]
    for interview in (ended_with_feedback, in_progress, later_today):
        assert f"/app/interviews/{interview.pk}/" in sections["today"]


def test_my_schedule_runs_a_constant_number_of_queries(interviewer):
    client = page_client(interviewer)
    now = timezone.now()

    def add(n, first=0):
        # Two hours apart: PostgreSQL refuses an interviewer's overlapping interviews.
        for i in range(first, first + n):
            InterviewFactory(interviewer=interviewer, scheduled_at=now + timedelta(days=2, hours=2 * i))
            InterviewFactory(interviewer=interviewer, scheduled_at=now - timedelta(days=2, hours=2 * i))

    add(1)
    client.get("/app/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/app/").status_code == 200
    add(10, first=1)
    with CaptureQueriesContext(connection) as many:
        client.get("/app/")
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_kit_runs_a_constant_number_of_queries_whatever_the_other_scorecards(kit_world, interviewer):
    client = page_client(interviewer)
    client.post(_kit(kit_world), {**SCORECARD, "action": "submit"})
    client.get(_kit(kit_world))
    with CaptureQueriesContext(connection) as few:
        client.get(_kit(kit_world))
    for _ in range(5):
        from tests.factories import FeedbackFactory

        other = InterviewFactory(application=kit_world["application"], status="completed",
                                 scheduled_at=timezone.now() - timedelta(days=5))  # fmt: skip
        FeedbackFactory(interview=other)
    with CaptureQueriesContext(connection) as many:
        client.get(_kit(kit_world))
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_another_interviewers_application_is_not_in_my_schedule(interviewer, other_interviewer):
    InterviewFactory(interviewer=other_interviewer, application=ApplicationFactory(cover_letter="not mine"))
    assert b"not mine" not in page_client(interviewer).get("/app/").content
