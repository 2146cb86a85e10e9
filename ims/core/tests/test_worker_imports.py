"""What a web worker imports at start (issue 15: worker RSS): the application and its URLs, but not the libraries
only a few requests need (charts, calendar invites, phone numbers), which would cost every worker megabytes for
its whole life."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# Loaded by the first request that needs them, never at start.
LAZY = ("pygal", "icalendar", "phonenumbers")

PROBE = """
import json, sys
import ims.wsgi
from django.urls import get_resolver
get_resolver().url_patterns  # every URL module, as the first request loads them
loaded = [name for name in json.loads(sys.argv[1]) if name in sys.modules]
from ims.accounts.models import validate_phone
from ims.reports.pages import charts
validate_phone("+14155550123")  # and each still works when first needed
svg = charts.bar_chart(label="x", categories=["a"], series=[("s", [1])])
print(json.dumps({"loaded": loaded, "svg": svg.startswith("<svg")}))
"""


def run_probe() -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ims.settings",
        "DEBUG": "false",
        "SECRET_KEY": "worker-imports-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", PROBE, json.dumps(LAZY)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_worker_starts_without_the_rarely_needed_libraries():
    result = run_probe()

    assert result["loaded"] == []
    assert result["svg"] is True
