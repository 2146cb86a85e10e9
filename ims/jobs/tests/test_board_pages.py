"""The recruiter's pages: jobs list, job form, the pipeline board and its moves, the dashboard."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ims.jobs.models import Application, ApplicationEvent, Job
from ims.ui.tests.helpers import page_client
from tests import factories

pytestmark = pytest.mark.django_db


def _cards(job, n, status="applied"):
    return [
        factories.ApplicationFactory(
            job=job, status=status, candidate=factories.CandidateFactory(first_name=f"Card{i}", last_name=status)
        )
        for i in range(n)
    ]


def _status(application) -> str:
    return Application.objects.get(pk=application.pk).status


# --- jobs list and form -----------------------------------------------------------------------------


def test_admin_sees_every_job_with_its_counts_per_stage(admin):
    job = factories.JobFactory(title="Backend Engineer")
    _cards(job, 2, "screening")
    factories.JobFactory(title="Old role", is_open=False)

    response = page_client(admin).get("/app/jobs/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Backend Engineer" in content and "Old role" in content
    assert 'Screening <span class="ims-count">2</span>' in content
    closed_only = page_client(admin).get("/app/jobs/?state=closed").content.decode()
    assert "Old role" in closed_only and "Backend Engineer" not in closed_only


def test_admin_creates_a_job_and_lands_on_its_board(admin):
    response = page_client(admin).post(
        "/app/jobs/new/",
        {
            "title": "Data Engineer",
            "department": "Data",
            "location": "Remote",
            "employment_type": "full_time",
            "openings": 2,
            "description": "Pipelines.",
        },
    )

    job = Job.objects.get(title="Data Engineer")
    assert response.status_code == 302
    assert response["Location"] == f"/app/jobs/{job.pk}/"
    assert job.created_by == admin and job.openings == 2 and job.is_open


def test_a_job_without_a_title_comes_back_filled_in_with_the_error_next_to_the_title(admin):
    response = page_client(admin).post(
        "/app/jobs/new/", {"title": "", "department": "Data", "employment_type": "full_time", "openings": 0}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_title_error"' in content
    assert 'id="id_openings_error"' in content
    assert 'value="Data"' in content
    assert not Job.objects.exists()


def test_openings_cannot_go_below_those_already_selected_and_the_form_says_so_next_to_openings(admin):
    job = factories.JobFactory(openings=3)
    _cards(job, 2, "selected")
    data = {
        "title": job.title,
        "department": job.department,
        "location": "",
        "employment_type": "full_time",
        "openings": 1,
        "description": "x",
    }

    response = page_client(admin).post(f"/app/jobs/{job.pk}/edit/", data)

    assert response.status_code == 400
    assert "already selected for this job; openings cannot be fewer" in response.content.decode()
    assert 'id="id_openings_error"' in response.content.decode()
    assert Job.objects.get(pk=job.pk).openings == 3


def test_admin_closes_and_reopens_a_job(admin):
    job = factories.JobFactory()
    client = page_client(admin)

    client.post(f"/app/jobs/{job.pk}/close/")
    assert not Job.objects.get(pk=job.pk).is_open
    response = client.post(f"/app/jobs/{job.pk}/reopen/", follow=True)
    assert Job.objects.get(pk=job.pk).is_open
    assert "is open again" in response.content.decode()


def test_a_full_job_cannot_be_reopened_and_the_board_says_why(admin):
    job = factories.JobFactory(openings=1, is_open=False)
    _cards(job, 1, "selected")

    response = page_client(admin).post(f"/app/jobs/{job.pk}/reopen/", follow=True)

    assert "raise openings to reopen it" in response.content.decode()
    assert not Job.objects.get(pk=job.pk).is_open


# --- the board --------------------------------------------------------------------------------------


def test_the_board_has_a_column_per_stage_and_a_card_with_the_facts_that_decide_the_next_move(admin):
    job = factories.JobFactory()
    application = factories.ApplicationFactory(
        job=job, status="interviewing", candidate=factories.CandidateFactory(first_name="Nina", last_name="Nowak")
    )
    ApplicationEvent.objects.create(application=application, from_status="screening", to_status="interviewing")
    ApplicationEvent.objects.filter(application=application).update(at=timezone.now() - timedelta(days=3))
    factories.FeedbackFactory(
        interview=factories.InterviewFactory(application=application, status="completed"), rating=3
    )
    factories.FeedbackFactory(
        interview=factories.InterviewFactory(application=application, status="completed"), rating=4
    )
    factories.InterviewFactory(application=application)

    content = page_client(admin).get(f"/app/jobs/{job.pk}/").content.decode()

    for label in ("Applied", "Screening", "Interviewing", "Selected", "Rejected", "Withdrawn"):
        assert f'ims-badge-{label.lower()}">{label}</span>' in content
    assert "Nina Nowak" in content
    assert "3 days in stage" in content
    assert "Interviews: 2 done, 1 scheduled" in content
    assert "Rating 3.5 / 5" in content
    assert 'Move Nina Nowak to </span><span aria-hidden="true">&rarr; </span>Selected' in content


def test_each_card_links_to_its_candidate_page(admin):
    job = factories.JobFactory()
    application = factories.ApplicationFactory(job=job, candidate=factories.CandidateFactory(first_name="Lea"))

    content = page_client(admin).get(f"/app/jobs/{job.pk}/").content.decode()

    assert f'<a href="/app/applications/{application.pk}/">Candidate page' in content
    assert page_client(admin).get(f"/app/applications/{application.pk}/").status_code == 200


def test_moving_a_card_records_the_event_and_comes_back_to_the_board_with_a_message(admin):
    job = factories.JobFactory()
    (card,) = _cards(job, 1)

    response = page_client(admin).post(
        f"/app/jobs/{job.pk}/move/", {"applications": f"{card.pk}:applied", "to_status": "screening"}, follow=True
    )

    assert _status(card) == "screening"
    assert ApplicationEvent.objects.filter(application=card, to_status="screening", actor=admin).exists()
    assert "1 application moved to Screening." in response.content.decode()


def test_with_htmx_a_move_answers_the_board_fragment_and_the_message(admin):
    job = factories.JobFactory()
    (card,) = _cards(job, 1)

    response = page_client(admin).post(
        f"/app/jobs/{job.pk}/move/",
        {"applications": f"{card.pk}:applied", "to_status": "screening"},
        HTTP_HX_REQUEST="true",
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'hx-swap-oob="innerHTML"' in content and "1 application moved to Screening." in content


def test_a_refused_move_shows_the_services_words_and_the_card_stays(admin):
    job = factories.JobFactory()
    (card,) = _cards(job, 1, "interviewing")

    response = page_client(admin).post(
        f"/app/jobs/{job.pk}/move/", {"applications": f"{card.pk}:interviewing", "to_status": "screening"}, follow=True
    )

    assert "cannot go from &#x27;interviewing&#x27; to &#x27;screening&#x27;" in response.content.decode()
    assert _status(card) == "interviewing"


def test_two_recruiters_move_the_same_card_the_second_sees_its_current_stage_and_a_message(admin):
    job = factories.JobFactory()
    (card,) = _cards(job, 1)
    other_admin = factories.AdminFactory()
    seen = {"applications": f"{card.pk}:applied"}

    page_client(admin).post(f"/app/jobs/{job.pk}/move/", {**seen, "to_status": "screening"})
    response = page_client(other_admin).post(
        f"/app/jobs/{job.pk}/move/", {**seen, "to_status": "rejected", "reason": "not_qualified"}, follow=True
    )

    assert "moved this application to &#x27;screening&#x27; meanwhile" in response.content.decode()
    assert _status(card) == "screening"
    assert ApplicationEvent.objects.filter(application=card, to_status="rejected").count() == 0


def test_rejecting_asks_for_the_reason_first(admin):
    job = factories.JobFactory()
    cards = _cards(job, 2)
    client = page_client(admin)
    values = [f"{c.pk}:applied" for c in cards]

    asked = client.get(f"/app/jobs/{job.pk}/reject/", {"applications": values})
    assert asked.status_code == 200
    assert "Reject 2 applications?" in asked.content.decode()
    without = client.post(f"/app/jobs/{job.pk}/move/", {"applications": values, "to_status": "rejected"})
    assert without.status_code == 200 and b"Reason for rejecting" in without.content
    assert [_status(c) for c in cards] == ["applied", "applied"]

    client.post(f"/app/jobs/{job.pk}/move/", {"applications": values, "to_status": "rejected", "reason": "other"})
    assert [_status(c) for c in cards] == ["rejected", "rejected"]


def test_bulk_move_with_one_refused_card_names_it_and_moves_none(admin):
    job = factories.JobFactory()
    cards = _cards(job, 2) + _cards(job, 1, "interviewing")

    response = page_client(admin).post(
        f"/app/jobs/{job.pk}/move/",
        {"applications": [f"{c.pk}:{c.status}" for c in cards], "to_status": "screening"},
        follow=True,
    )

    assert "Card0 interviewing: An application cannot go" in response.content.decode()
    assert [_status(c) for c in cards] == ["applied", "applied", "interviewing"]


def test_selecting_on_a_full_job_shows_the_openings_conflict(admin):
    job = factories.JobFactory(openings=1)
    _cards(job, 1, "selected")
    (card,) = _cards(job, 1, "interviewing")
    Job.objects.filter(pk=job.pk).update(is_open=True)

    response = page_client(admin).post(
        f"/app/jobs/{job.pk}/move/", {"applications": f"{card.pk}:interviewing", "to_status": "selected"}, follow=True
    )

    assert "All 1 opening(s) of this job are filled or would be" in response.content.decode()
    assert _status(card) == "interviewing"


def test_search_and_filter_narrow_the_board_and_work_as_a_plain_get(admin):
    job = factories.JobFactory()
    factories.ApplicationFactory(job=job, candidate=factories.CandidateFactory(first_name="Zelda", last_name="Zed"))
    factories.ApplicationFactory(job=job, candidate=factories.CandidateFactory(first_name="Yann", last_name="Yu"))
    client = page_client(admin)

    content = client.get(f"/app/jobs/{job.pk}/", {"q": "zelda"}).content.decode()
    assert "Zelda Zed" in content and "Yann Yu" not in content

    fragment = client.get(f"/app/jobs/{job.pk}/", {"q": "yu"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Yann Yu" in fragment and "Zelda" not in fragment and "<html" not in fragment


def test_only_those_waiting_too_long_in_their_stage(admin, settings):
    settings.PIPELINE_STALE_DAYS = 5
    job = factories.JobFactory()
    old, new = _cards(job, 2)
    for application, days in ((old, 9), (new, 1)):
        event = ApplicationEvent.objects.create(application=application, to_status="applied")
        ApplicationEvent.objects.filter(pk=event.pk).update(at=timezone.now() - timedelta(days=days))

    content = page_client(admin).get(f"/app/jobs/{job.pk}/", {"stale": "on"}).content.decode()

    assert old.candidate.full_name in content and new.candidate.full_name not in content


def test_a_long_column_shows_its_first_cards_and_a_link_to_all_of_them(admin, settings):
    from ims.jobs import selectors

    job = factories.JobFactory()
    _cards(job, selectors.BOARD_COLUMN_CAP + 2)
    client = page_client(admin)

    board = client.get(f"/app/jobs/{job.pk}/").content.decode()
    assert board.count('name="applications" value=') == selectors.BOARD_COLUMN_CAP * 2  # checkbox + card form
    assert f"Show all {selectors.BOARD_COLUMN_CAP + 2} in Applied" in board
    column = client.get(f"/app/jobs/{job.pk}/", {"status": "applied"}).content.decode()
    assert column.count('name="applications" value=') == (selectors.BOARD_COLUMN_CAP + 2) * 2


# --- query counts -----------------------------------------------------------------------------------


def _board_queries(client, job) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/app/jobs/{job.pk}/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _fill(job, n: int) -> None:
    """``n`` applications spread over every stage, with interviews and feedback, written in bulk."""
    from ims.interviews.models import Feedback, Interview

    candidates = factories.CandidateFactory.create_batch(n)
    statuses = ["applied", "screening", "interviewing", "selected", "rejected", "withdrawn"]
    applications = Application.objects.bulk_create(
        [Application(job=job, candidate=c, status=statuses[i % 6]) for i, c in enumerate(candidates)]
    )
    ApplicationEvent.objects.bulk_create([ApplicationEvent(application=a, to_status=a.status) for a in applications])
    round_type = factories.RoundTypeFactory()
    interviewer = factories.InterviewerFactory()
    start = timezone.now() - timedelta(days=30)
    interviews = Interview.objects.bulk_create(
        [
            Interview(
                application=a,
                candidate_id=a.candidate_id,
                round_type=round_type,
                interviewer=interviewer,
                scheduled_at=start + timedelta(hours=2 * i),
                ends_at=start + timedelta(hours=2 * i, minutes=60),
                duration=60,
                status="completed",
            )
            for i, a in enumerate(applications[::3])
        ]
    )
    Feedback.objects.bulk_create(
        [Feedback(interview=i, interviewer=interviewer, rating=4, comments="ok") for i in interviews]
    )


def test_the_board_takes_the_same_number_of_queries_at_10_and_at_1000_cards(admin):
    small, large = factories.JobFactory(), factories.JobFactory()
    _fill(small, 10)
    _fill(large, 1000)
    client = page_client(admin)
    _board_queries(client, small)  # the session's first read

    at_10, at_1000 = _board_queries(client, small), _board_queries(client, large)

    assert at_10 == at_1000
    assert at_1000 <= 6, at_1000


def test_the_dashboard_takes_the_same_number_of_queries_whatever_the_data(admin):
    client = page_client(admin)
    client.get("/app/")
    with CaptureQueriesContext(connection) as empty:
        client.get("/app/")
    job = factories.JobFactory()
    _fill(job, 60)
    factories.InterviewFactory(scheduled_at=timezone.now() + timedelta(hours=1))
    factories.InterviewFactory(scheduled_at=timezone.now() + timedelta(days=1))
    with CaptureQueriesContext(connection) as full:
        response = client.get("/app/")
    assert response.status_code == 200
    assert len(full.captured_queries) == len(empty.captured_queries)


# --- the dashboard ----------------------------------------------------------------------------------


def test_the_dashboard_shows_todays_interviews_waiting_applications_overdue_feedback_and_open_jobs(
    admin, interviewer, settings
):
    settings.PIPELINE_STALE_DAYS = 5
    job = factories.JobFactory(title="Backend Engineer")
    fresh = factories.ApplicationFactory(
        job=job, candidate=factories.CandidateFactory(first_name="Fresh", last_name="Face")
    )
    stuck = factories.ApplicationFactory(
        job=job, status="screening", candidate=factories.CandidateFactory(first_name="Stuck", last_name="Sam")
    )
    Application.objects.filter(pk=stuck.pk).update(updated_at=timezone.now() - timedelta(days=8))
    moving = factories.ApplicationFactory(
        job=job, status="screening", candidate=factories.CandidateFactory(first_name="Moving", last_name="Mo")
    )
    soon = timezone.now() + timedelta(minutes=30)
    factories.InterviewFactory(application=moving, interviewer=interviewer, scheduled_at=soon)
    past = timezone.now() - timedelta(days=3)
    factories.InterviewFactory(
        application=stuck, interviewer=interviewer, scheduled_at=past, ends_at=past + timedelta(hours=1)
    )

    content = page_client(admin).get("/app/").content.decode()

    assert "Interviews today" in content and "Interviews tomorrow" in content
    assert "Moving Mo" in content.split("Interviews tomorrow")[0] or soon.date() != timezone.now().date()
    waiting = content.split('id="waiting"')[1].split('id="overdue"')[0]
    assert "Fresh Face" in waiting and "Stuck Sam" in waiting and "Moving Mo" not in waiting
    overdue = content.split('id="overdue"')[1].split('id="open-jobs"')[0]
    assert "Ivan Interviewer" in overdue and "1 scorecard missing" in overdue
    assert "Backend Engineer" in content.split('id="open-jobs"')[1]
    assert fresh.pk


def test_final_stages_show_fewer_cards_and_a_link_to_the_rest(admin):
    from ims.jobs import selectors

    job = factories.JobFactory()
    _cards(job, selectors.BOARD_FINAL_COLUMN_CAP + 1, "rejected")

    board = page_client(admin).get(f"/app/jobs/{job.pk}/").content.decode()

    assert board.count('id="pick-') == selectors.BOARD_FINAL_COLUMN_CAP
    assert f"Show all {selectors.BOARD_FINAL_COLUMN_CAP + 1} in Rejected" in board
