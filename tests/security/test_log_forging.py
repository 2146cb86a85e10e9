"""Log forging (issue 11, item 10): a request value carrying control characters cannot write a second log line.

Django logs the decoded request path of every 4xx/5xx ("Not Found: /api/..."); `%0A` in it used to start a
new, forged line ("CRITICAL ...") in the text log. Both formatters now write each record on one line, with
control characters escaped (`\\n`, `\\x1b`).
"""

import io
import json
import logging

import pytest
from django.conf import settings

from ims.core.log import JSONFormatter, TextFormatter, escape_controls


@pytest.fixture(params=["text", "json"])
def log_lines(request):
    """What the console handler, configured from settings.LOGGING, writes during the test, with one of the two
    formatters of settings.LOGGING."""
    config = settings.LOGGING["formatters"]["text"]
    formatter = TextFormatter(config["format"]) if request.param == "text" else JSONFormatter()
    handler = next(h for h in logging.getLogger().handlers if isinstance(h.formatter, (TextFormatter, JSONFormatter)))
    stream, old_formatter = io.StringIO(), handler.formatter
    old_stream = handler.setStream(stream)
    handler.setFormatter(formatter)
    yield lambda: stream.getvalue().splitlines()
    handler.setStream(old_stream)
    handler.setFormatter(old_formatter)


def test_a_newline_in_the_request_path_writes_exactly_one_log_line(anon_client, db, log_lines):
    response = anon_client.get("/api/%0ACRITICAL%20forged")
    assert response.status_code == 404
    lines = log_lines()
    assert len(lines) == 1, lines
    assert "CRITICAL forged" in lines[0]
    assert not lines[0].startswith("CRITICAL")


def test_a_newline_in_the_path_of_a_refused_body_cannot_forge_a_line(settings, anon_client, db, log_lines):
    """Django escapes the path in its own "Not Found: ..." line; IMS's own log of a refused body did not."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    response = anon_client.post("/api/%0ACRITICAL%20forged", "x" * 100, content_type="application/json")
    assert response.status_code == 413
    lines = log_lines()
    assert any("Refused a request body" in line for line in lines), lines
    for line in lines:
        assert line.startswith(("{", "20")), lines  # every line is a whole record: a time or a JSON object


def test_the_text_log_shows_the_escaped_newline_and_escape_sequence(anon_client, db, log_lines):
    anon_client.get("/api/%0D%0A%1B%5B31mred")
    (line,) = log_lines()
    message = json.loads(line)["message"] if line.startswith("{") else line
    assert "\\r\\n\\x1b[31mred" in message
    assert "\x1b" not in line


def test_the_configured_text_formatter_is_the_escaping_one():
    assert settings.LOGGING["formatters"]["text"]["class"] == "ims.core.log.TextFormatter"
    assert settings.LOGGING["formatters"]["json"]["()"] == "ims.core.log.JSONFormatter"


ESCAPES = [
    ("a\nb", "a\\nb"),
    ("a\r\nb", "a\\r\\nb"),
    ("\x1b[2J", "\\x1b[2J"),
    ("\x00\x7f\x85", "\\x00\\x7f\\x85"),
    ("line\u2028sep", "line\\u2028sep"),
    ("tab\there", "tab\\there"),
    ("plain ünïcode", "plain ünïcode"),
]


@pytest.mark.parametrize(("raw", "written"), ESCAPES)
def test_control_characters_are_written_as_their_escapes(raw, written):
    assert escape_controls(raw) == written


def test_a_traceback_keeps_its_lines():
    formatter = TextFormatter("%(levelname)s %(message)s")
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "failed\nforged", None, __import__("sys").exc_info()
        )
    text = formatter.format(record)
    assert text.startswith("ERROR failed\\nforged\nTraceback")
