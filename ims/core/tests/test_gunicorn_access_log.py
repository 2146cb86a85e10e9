"""gunicorn's access log (gunicorn.conf.py's AccessLogger): one line per request whatever the request carries,
and, for an ordinary request, the very line gunicorn's own logger writes."""

import base64
import datetime
import re
import runpy
from pathlib import Path

import pytest
from gunicorn import glogging
from gunicorn.config import Config

CONFIG = Path(__file__).resolve().parents[3] / "gunicorn.conf.py"
EVERY_ATOM = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(m)s %(U)s %(q)s %(H)s %(b)s %(B)s "%(f)s" "%(a)s" %(T)s %(D)s %(M)s '
    "%(L)s %(p)s %({user-agent}i)s %({X-Request-ID}o)s %({raw_uri}e)s %({missing}i)s %(unknown)s"
)

_QUOTED = r'"(?:[^"\\]|\\.)*"'
COMBINED = re.compile(
    rf'(?P<host>\S+) \S+ (?P<user>\S+) \[[^\]]+\] (?P<request>{_QUOTED}) \d+ \S+ (?P<referer>{_QUOTED}) "(?P<agent>(?:[^"\\]|\\.)*)"'
)


@pytest.fixture(scope="module")
def conf() -> dict:
    return runpy.run_path(str(CONFIG))


class _Response:
    def __init__(self, status="200 OK", headers=(("Content-Type", "application/json"), ("X-Request-ID", "abc123"))):
        self.status, self.headers, self.sent = status, list(headers), 17


class _Request:
    def __init__(self, headers):
        self.headers = [(name.upper(), value) for name, value in headers]


def _environ(path="/api/users/me/", headers=()):
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }
    for name, value in headers:
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def _lines(logger_class, tmp_path, headers, path="/api/users/me/", access_format=None) -> list[str]:
    cfg = Config()
    log_file = tmp_path / f"{logger_class.__name__}.log"
    cfg.set("accesslog", str(log_file))
    if access_format:
        cfg.set("access_log_format", access_format)
    log = logger_class(cfg)
    log.now = lambda: "[06/Dec/2026:21:00:00 +0000]"
    log.access(
        _Response(), _Request(headers), _environ(path, headers), datetime.timedelta(seconds=1, microseconds=2345)
    )
    for handler in log.access_log.handlers:
        handler.close()
    return log_file.read_text().splitlines()


def test_gunicorn_uses_the_escaping_access_logger(conf):
    cfg = Config()
    cfg.set("logger_class", conf["logger_class"])
    assert cfg.logger_class is conf["AccessLogger"]
    assert issubclass(conf["AccessLogger"], glogging.Logger)


@pytest.mark.parametrize("access_format", [None, EVERY_ATOM])
def test_an_ordinary_request_is_logged_exactly_as_gunicorn_logs_it(conf, tmp_path, access_format):
    headers = [("User-Agent", "Mozilla/5.0 (X11) ünïcode"), ("Referer", "https://ims.example/app/"), ("Host", "x")]
    ours = _lines(conf["AccessLogger"], tmp_path, headers, "/api/jobs/?page=2", access_format)
    theirs = _lines(glogging.Logger, tmp_path, headers, "/api/jobs/?page=2", access_format)
    assert ours == theirs
    assert len(ours) == 1


def test_a_newline_in_the_basic_auth_user_cannot_forge_a_second_line(conf, tmp_path):
    forged = 'x\n10.0.0.1 - admin [06/Dec/2026] "GET /admin/ HTTP/1.1" 200 5 "-" "curl"'  # the user ends at a colon
    basic = "Basic " + base64.b64encode(f"{forged}:secret".encode()).decode()
    (line,) = _lines(conf["AccessLogger"], tmp_path, [("Authorization", basic)])
    assert line.startswith("127.0.0.1 - x\\n10.0.0.1 - admin ")
    assert '\\"GET /admin/ HTTP/1.1\\"' in line


def test_controls_quotes_and_backslashes_in_headers_are_escaped_as_apache_does(conf, tmp_path):
    agent = 'a\tb\x9b31mred\\" "fake'
    (line,) = _lines(conf["AccessLogger"], tmp_path, [("User-Agent", agent), ("Referer", "\u2028x")])
    assert line.endswith('"\\u2028x" "a\\tb\\x9b31mred\\\\\\" \\"fake"')
    assert "\t" not in line
    assert "\x9b" not in line
    # A log reader still splits the line into the combined format's fields, the agent whole in its own.
    fields = COMBINED.fullmatch(line)
    assert fields is not None, line
    assert fields["agent"] == 'a\\tb\\x9b31mred\\\\\\" \\"fake'


def test_escaping_covers_what_the_application_log_escapes(conf):
    from ims.core.log import escape_controls

    every_control = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029])
    assert conf["escape_log_value"](every_control) == escape_controls(every_control)
    assert conf["escape_log_value"]('say "hi" \\o/') == 'say \\"hi\\" \\\\o/'
