"""A Celery worker is SIGKILLed while its SMTP conversation is in progress (the server holds the DATA and
has not accepted it). After the restart the mail is delivered exactly once.

Both ways a worker dies are covered: the whole worker (main process and pool, e.g. the OOM killer or a
lost container), and only the pool process that was sending (the main process then rejects the message
and the broker redelivers it at once, which must not send a second copy).
"""

import os
import signal
import time
from pathlib import Path

import pytest

from tests.faults.services import wait_for

pytestmark = pytest.mark.faults


def _pool_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


@pytest.mark.parametrize("victim", ["whole worker", "pool process"])
def test_a_worker_killed_in_the_middle_of_sending_delivers_the_mail_exactly_once_after_restart(stack, victim):
    web = stack.web()
    candidate = stack.fresh_candidate()
    token = stack.token(web, candidate)
    worker = stack.worker(name=f"doomed-{victim.replace(' ', '-')}")

    stack.smtp.hold_next()
    applied = web.post("/api/applications/", {"job": stack.fresh_job()}, token=token)
    assert applied.status == 201, applied.body[:500]
    notification = stack.notification(application_id=applied.json()["id"], kind="application_received")

    assert stack.smtp.data_arrived.wait(timeout=30), f"the mail never reached the SMTP listener\n{worker.output()}"
    if victim == "whole worker":
        worker.kill(signal.SIGKILL)
    else:
        (child,) = _pool_children(worker.process.pid)
        os.kill(child, signal.SIGKILL)
    stack.smtp.release()  # the listener refuses the interrupted message: it was never accepted

    in_flight = stack.notification(pk=notification["id"])
    assert in_flight["status"] == "sending"
    assert not stack.smtp.accepted_for(notification["id"])

    if victim == "whole worker":
        stack.worker(name="restarted")
    else:
        # The main process survived: it reports the lost task, and the broker hands the message out again.
        wait_for(lambda: "WorkerLostError" in worker.output(300), timeout=30, what="the worker to notice the kill")
        assert worker.alive()
        time.sleep(1)
        assert stack.notification(pk=notification["id"])["status"] == "sending", "a redelivery must not resend"

    # The sweeper (sweep age 2 s here) puts the stale in-flight row back in the queue.
    wait_for(lambda: stack.sweep() >= 1, timeout=15, interval=1, what="the sweeper to revive the stale row")
    wait_for(
        lambda: stack.notification(pk=notification["id"])["status"] == "sent", timeout=30, what="the row to say sent"
    )
    time.sleep(3)  # let any stray copy (redelivered message, second sweep) arrive before counting
    stack.sweep()
    time.sleep(2)

    delivered = stack.smtp.accepted_for(notification["id"])
    assert len(delivered) == 1, f"delivered {len(delivered)} times"
    assert delivered[0]["To"] == candidate
    assert len(stack.smtp.held) == 1
    assert stack.notification(pk=notification["id"])["attempts"] == 2
