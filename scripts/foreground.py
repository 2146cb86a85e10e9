"""Run a command (`make run`'s honcho) as the terminal's foreground job, so that Ctrl-C is a clean stop.

Ctrl-C sends SIGINT to the terminal's foreground process group. With honcho started straight from the Makefile
that group holds make too, and make, interrupted, waits for its recipe and then kills itself with SIGINT;
honcho itself exits 130 after stopping its processes, which make reports as "Error 130". Here the command runs
in a process group of its own that is given the terminal: Ctrl-C reaches only honcho, which stops web, worker
and beat; its 130 (or 143 for SIGTERM) is a requested stop, so this exits 0 and make with it. Without a
terminal (CI, a supervisor), a SIGINT/SIGTERM/SIGHUP sent to this process is passed on to the command.

Usage: python scripts/foreground.py COMMAND [ARG...]   (stdlib only)
"""

import contextlib
import os
import signal
import subprocess
import sys

STOPPED = {128 + signal.SIGINT, 128 + signal.SIGTERM, -signal.SIGINT, -signal.SIGTERM}


def _terminal() -> int | None:
    """fd 0 if it is a terminal whose foreground job is ours (not when started in the background with &)."""
    try:
        return 0 if os.isatty(0) and os.tcgetpgrp(0) == os.getpgrp() else None
    except OSError:
        return None


def _give_terminal(fd: int, pgid: int) -> None:
    # A background process group changing the foreground one gets SIGTTOU (stopped) unless it ignores it.
    previous = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    try:
        os.tcsetpgrp(fd, pgid)
    except OSError:
        pass
    finally:
        signal.signal(signal.SIGTTOU, previous)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    terminal = _terminal()
    child = subprocess.Popen(argv, process_group=0)  # noqa: S603 - runs what the Makefile says
    if terminal is not None:
        _give_terminal(terminal, child.pid)

    def forward(signum, frame):
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    try:
        returncode = child.wait()
    finally:
        if terminal is not None:
            _give_terminal(terminal, os.getpgrp())
    return 0 if returncode in STOPPED else returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
