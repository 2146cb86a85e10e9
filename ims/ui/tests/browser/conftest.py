"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Without /usr/bin/chromium (or CHROMIUM_PATH) they skip with a message saying so; CI sets IMS_REQUIRE_BROWSER=1,
which turns that skip into a failure.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core import mail

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
DOCS = Path(__file__).resolve().parents[4] / "docs"


def pytest_collection_modifyitems(config, items):
    # Last: once Playwright's session event loop runs in this thread, Django sees an async context for the rest
    # of the session (see _orm_beside_playwright), so nothing else may run after the browser tests.
    browser = [item for item in items if "/tests/browser/" in str(item.fspath)]
    items[:] = [item for item in items if item not in browser] + browser
    if Path(CHROMIUM).exists():
        return
    message = f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium) to run browser tests"
    if os.environ.get("IMS_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"IMS_REQUIRE_BROWSER=1 but {message}")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=message))


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop in this thread from the first browser test to the end of the
    session; the tests' own ORM calls (and the flush after each) are still synchronous. Set from the first
    browser test on (they run last), never at import: earlier tests start production-configured
    subprocesses, whose deploy check refuses this variable."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ["--no-sandbox", "--disable-gpu"]}


@pytest.fixture
def site(live_server, settings):
    """The live server's address; links in emails point at it."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def csp_violations(page):
    """Console errors about the Content-Security-Policy, collected for the whole test."""
    found: list[str] = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    return found


def link_in_last_mail(pattern: str) -> str:
    """The first URL in the newest sent email whose path contains ``pattern``."""
    assert mail.outbox, "no email was sent"
    for url in re.findall(r"https?://\S+", mail.outbox[-1].body):
        if pattern in url:
            return url
    raise AssertionError(f"no link with {pattern!r} in: {mail.outbox[-1].body}")


def axe_serious(page) -> list[dict]:
    """axe-core's serious and critical violations on the current page (evaluated outside the page's CSP)."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")
