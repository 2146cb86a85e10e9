from datetime import UTC, datetime, timedelta

from django.core import mail

from ims.notifications import outbox
from ims.notifications.models import Notification, NotificationKind, NotificationStatus
from ims.notifications.tests.conftest import TEN_UTC, attachment_parts, event_of, html_of, invite_of


def _sent_to(email):
    return next(message for message in mail.outbox if message.to == [email])


def _attendees(event):
    attendees = event["ATTENDEE"]
    return attendees if isinstance(attendees, list) else [attendees]


def test_scheduling_emails_candidate_and_interviewer_each_in_their_own_time_zone(
    candidate, interviewer, interview_between, django_capture_on_commit_callbacks
):
    candidate.timezone = "Asia/Kolkata"
    candidate.save()
    interviewer.timezone = "America/New_York"
    interviewer.save()
    interview = interview_between()

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_scheduled(interview=interview)

    assert sorted(message.to[0] for message in mail.outbox) == [candidate.email, interviewer.email]
    to_candidate = _sent_to(candidate.email)
    assert (
        to_candidate.subject
        == "Your Technical interview for Backend Engineer on Monday, 3 June 2030, 15:30 IST (Asia/Kolkata)"
    )
    assert "15:30 IST (Asia/Kolkata) - 16:30 IST (60 minutes)" in to_candidate.body
    assert "Interviewer: Ivan Interviewer" in to_candidate.body
    assert "Where:    Room 4" in to_candidate.body
    assert "15:30 IST (Asia/Kolkata)" in html_of(to_candidate)
    assert "<html" in html_of(to_candidate)

    to_interviewer = _sent_to(interviewer.email)
    assert to_interviewer.subject.startswith("Interview with Cara Candidate: Technical, Backend Engineer")
    assert "06:00 EDT (America/New_York)" in to_interviewer.body
    assert "Candidate: Cara Candidate" in to_interviewer.body

    rows = Notification.objects.filter(interview=interview, kind=NotificationKind.INTERVIEW_SCHEDULED)
    assert rows.count() == 2
    assert set(rows.values_list("status", flat=True)) == {NotificationStatus.SENT}


def test_scheduling_invite_is_a_calendar_request_with_organiser_attendees_and_utc_times(
    candidate, interviewer, interview_between, django_capture_on_commit_callbacks, settings
):
    settings.DEFAULT_FROM_EMAIL = "IMS Hiring <hiring@ims.example>"
    interview = interview_between()

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_scheduled(interview=interview)

    message = _sent_to(candidate.email)
    (_filename, _content, content_type) = attachment_parts(message)[0]
    assert "method=REQUEST" in content_type
    calendar = invite_of(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = event_of(message)
    assert str(event["UID"]) == f"interview-{interview.pk}@ims"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == TEN_UTC
    assert event.decoded("DTEND") == TEN_UTC + timedelta(hours=1)
    assert event["DTSTART"].to_ical() == b"20300603T100000Z"
    assert str(event["LOCATION"]) == "Room 4"
    assert str(event["ORGANIZER"]) == "mailto:hiring@ims.example"
    # Issue 14: candidates never see an interviewer's contact details, so the candidate's copy lists only the
    # candidate as an attendee and names the interviewer in the description.
    assert [str(attendee) for attendee in _attendees(event)] == [f"mailto:{candidate.email}"]
    assert "Interviewer: Ivan Interviewer" in str(event["DESCRIPTION"])
    assert interviewer.email not in invite_of(message).to_ical().decode()
    # The interviewer's copy: the same event, with both people as attendees.
    interviewers_event = event_of(_sent_to(interviewer.email))
    assert str(interviewers_event["UID"]) == str(event["UID"])
    assert str(interviewers_event["ORGANIZER"]) == "mailto:hiring@ims.example"
    assert sorted(str(attendee) for attendee in _attendees(interviewers_event)) == sorted(
        [f"mailto:{candidate.email}", f"mailto:{interviewer.email}"]
    )


def test_no_interview_email_to_the_candidate_carries_the_interviewers_address(
    candidate, interviewer, interview_between, django_capture_on_commit_callbacks
):
    interview = interview_between()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_scheduled(interview=interview)
    interview.sequence = 1
    interview.save()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_rescheduled(interview=interview)
    interview.sequence, interview.status = 2, "cancelled"
    interview.save()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_cancelled(interview=interview)

    to_candidate = [message for message in mail.outbox if message.to == [candidate.email]]
    assert len(to_candidate) == 3
    for message in to_candidate:
        assert interviewer.email not in message.body
        assert interviewer.email not in html_of(message)
        assert interviewer.email not in message.subject
        for _filename, content, _content_type in attachment_parts(message):
            assert interviewer.email not in content
    # What IMS keeps of those emails (the candidate's notifications) carries none either.
    for row in Notification.objects.filter(recipient=candidate):
        assert interviewer.email not in f"{row.subject} {row.body_text} {row.body_html} {row.attachments}"
    # The interviewer's own invites still list them.
    to_interviewer = [message for message in mail.outbox if message.to == [interviewer.email]]
    assert all(interviewer.email in attachment_parts(message)[0][1] for message in to_interviewer)


def test_an_online_interview_invite_carries_the_meeting_link(
    candidate, interview_between, django_capture_on_commit_callbacks
):
    interview = interview_between(location="", meeting_url="https://meet.example.com/abc-def")

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_scheduled(interview=interview)

    message = _sent_to(candidate.email)
    event = event_of(message)
    assert str(event["LOCATION"]) == "https://meet.example.com/abc-def"
    assert str(event["URL"]) == "https://meet.example.com/abc-def"
    assert "https://meet.example.com/abc-def" in str(event["DESCRIPTION"])
    assert "Meeting link: https://meet.example.com/abc-def" in message.body
    assert 'href="https://meet.example.com/abc-def"' in html_of(message)


def test_rescheduling_sends_the_same_event_with_a_higher_sequence_and_the_new_time(
    candidate, interviewer, interview_between, django_capture_on_commit_callbacks
):
    interview = interview_between()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_scheduled(interview=interview)
    first = event_of(_sent_to(candidate.email))
    mail.outbox.clear()

    new_start = datetime(2030, 6, 4, 14, 0, tzinfo=UTC)
    interview.scheduled_at, interview.ends_at, interview.sequence = new_start, new_start + timedelta(minutes=45), 1
    interview.duration = 45
    interview.save()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_rescheduled(interview=interview)

    assert sorted(message.to[0] for message in mail.outbox) == [candidate.email, interviewer.email]
    message = _sent_to(candidate.email)
    assert message.subject.startswith(
        "Moved: your Technical interview for Backend Engineer is now on Tuesday, 4 June 2030, 14:00 UTC"
    )
    assert "has been rescheduled" in message.body
    assert "has been rescheduled" in html_of(message)
    assert str(invite_of(message)["METHOD"]) == "REQUEST"
    moved = event_of(message)
    assert str(moved["UID"]) == str(first["UID"])
    assert moved["SEQUENCE"] > first["SEQUENCE"]
    assert moved.decoded("DTSTART") == new_start
    assert moved.decoded("DTEND") == new_start + timedelta(minutes=45)


def test_rescheduling_twice_sends_each_version_once(candidate, interview_between, django_capture_on_commit_callbacks):
    interview = interview_between(sequence=1)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_rescheduled(interview=interview)
        outbox.notify_interview_rescheduled(interview=interview)
    interview.sequence = 2
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_rescheduled(interview=interview)

    assert [event_of(m)["SEQUENCE"] for m in mail.outbox if m.to == [candidate.email]] == [1, 2]


def test_cancelling_sends_a_calendar_cancel_for_the_same_event(
    candidate, interviewer, interview_between, django_capture_on_commit_callbacks
):
    interview = interview_between(sequence=2, status="cancelled")

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_cancelled(interview=interview)

    assert sorted(message.to[0] for message in mail.outbox) == [candidate.email, interviewer.email]
    message = _sent_to(interviewer.email)
    assert message.subject.startswith("Cancelled: interview with Cara Candidate (Technical)")
    assert "has been cancelled" in message.body
    assert "has been cancelled" in html_of(message)
    assert "method=CANCEL" in attachment_parts(message)[0][2]
    calendar = invite_of(message)
    assert str(calendar["METHOD"]) == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == f"interview-{interview.pk}@ims"
    assert event["SEQUENCE"] == 2
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTSTART") == TEN_UTC


def test_names_in_emails_are_escaped_in_html_and_plain_in_text(
    candidate, interview_between, django_capture_on_commit_callbacks
):
    candidate.first_name, candidate.last_name = "Zoë", "O'Brien <b>"
    candidate.save()
    interview = interview_between()

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify_interview_scheduled(interview=interview)

    message = _sent_to(candidate.email)
    assert "Hello Zoë O'Brien <b>," in message.body
    assert "Zoë O&#x27;Brien &lt;b&gt;" in html_of(message)
