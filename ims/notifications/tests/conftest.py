"""Helpers for the notification tests: interviews between the personas, invites read back from mail,
and a real SMTP listener on loopback."""

import socket
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

from ims.interviews.models import RoundType
from tests import factories

TEN_UTC = datetime(2030, 6, 3, 10, 0, tzinfo=UTC)


@pytest.fixture
def interview_between(candidate, interviewer):
    """``interview_between(**overrides)``: an interview of the ``candidate`` persona with the ``interviewer``."""

    def make(**overrides):
        application = overrides.pop("application", None) or factories.ApplicationFactory(
            candidate=candidate, status="interviewing", job__title="Backend Engineer"
        )
        values = {
            "application": application,
            "candidate": application.candidate,
            "interviewer": interviewer,
            "round_type": RoundType.objects.filter(name="Technical").first()
            or factories.RoundTypeFactory(name="Technical"),
            "scheduled_at": TEN_UTC,
            "duration": 60,
            "location": "Room 4",
        }
        values.update(overrides)
        values.setdefault("ends_at", None)
        if values["ends_at"] is None:
            values["ends_at"] = values["scheduled_at"] + timedelta(minutes=values["duration"])
        return factories.InterviewFactory(**values)

    return make


def attachment_parts(message):
    """(filename, content, content-type header) for each attachment of a sent EmailMessage."""
    parts = []
    for attachment in message.attachments:
        if isinstance(attachment, tuple):
            filename, content, mimetype = attachment
            parts.append((filename, content, mimetype))
        else:
            content = attachment.get_payload(decode=True).decode()
            parts.append((attachment.get_filename(), content, attachment["Content-Type"]))
    return parts


def invite_of(message) -> Calendar:
    """The .ics attached to a sent message, parsed back with icalendar."""
    (filename, content, content_type) = attachment_parts(message)[0]
    assert filename == "invite.ics"
    assert content_type.startswith("text/calendar")
    return Calendar.from_ical(content)


def event_of(message):
    return invite_of(message).walk("VEVENT")[0]


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


class RecordingHandler:
    """An aiosmtpd handler keeping every message; refuses RCPT for addresses in ``refuse``."""

    def __init__(self):
        self.messages = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP listener on 127.0.0.1 (random port), with Django's SMTP backend pointed at it."""
    handler = RecordingHandler()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield handler
    controller.stop()
