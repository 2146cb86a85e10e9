"""scripts/foreground.py, which `make run` starts honcho with: a stop asked for by Ctrl-C or SIGTERM is a clean
exit (0, so make reports no "Error 130"), any other failure keeps its status, and signals reach the command."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "foreground.py"


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our interpreter and script
        [sys.executable, str(SCRIPT), sys.executable, "-c", code], capture_output=True, text=True, timeout=30
    )


@pytest.mark.parametrize("code", ["raise SystemExit(130)", "raise SystemExit(143)"], ids=["sigint", "sigterm"])
def test_a_command_stopped_by_ctrl_c_or_sigterm_is_a_clean_exit(code):
    assert run(code).returncode == 0


def test_a_command_killed_by_sigint_is_a_clean_exit():
    assert run("import os, signal; os.kill(os.getpid(), signal.SIGINT); import time; time.sleep(5)").returncode == 0


def test_a_command_that_fails_keeps_its_status():
    assert run("raise SystemExit(3)").returncode == 3


def test_sigterm_to_the_launcher_reaches_the_command_which_stops_cleanly():
    code = (
        "import signal, sys, time\n"
        "signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))\n"
        "print('ready', flush=True)\n"
        "time.sleep(30)\n"
    )
    launcher = subprocess.Popen(  # noqa: S603 - our interpreter and script
        [sys.executable, str(SCRIPT), sys.executable, "-c", code], stdout=subprocess.PIPE, text=True
    )
    assert launcher.stdout.readline().strip() == "ready"
    started = time.monotonic()
    launcher.send_signal(signal.SIGTERM)
    assert launcher.wait(timeout=10) == 0
    assert time.monotonic() - started < 5
    launcher.stdout.close()
