"""Redis (cache and broker) goes away: the API keeps serving, mail waits in the outbox and goes out later."""

import time

import pytest

from tests.faults.services import wait_for

pytestmark = pytest.mark.faults


def test_without_redis_the_api_keeps_serving_and_the_mail_goes_out_once_redis_is_back(stack):
    web = stack.web()
    candidate = stack.fresh_candidate()
    job = stack.fresh_job()
    token = stack.token(web, candidate)

    stack.redis.stop()

    health = web.get("/api/health/")
    assert health.status == 503
    checks = health.json()["checks"]
    assert checks["database"] == "ok"
    assert checks["cache"].startswith("down")
    assert checks["broker"].startswith("down")
    assert "cache" in health.json()["detail"]
    assert "broker" in health.json()["detail"]

    # The rate limiter cannot count without its cache: it lets requests through rather than failing them.
    for _ in range(3):
        assert web.get("/api/jobs/open/", token=token).status == 200
    started = time.monotonic()
    applied = web.post("/api/applications/", {"job": job, "cover_letter": "Hello"}, token=token)
    assert applied.status == 201, applied.body[:500]
    assert time.monotonic() - started < 10, "enqueueing on a dead broker must not hang the request"
    application_id = applied.json()["id"]
    assert web.get("/api/applications/me/", token=token).status == 200

    queued = stack.notification(application_id=application_id, kind="application_received")
    assert queued["status"] == "queued"
    assert not stack.smtp.accepted

    stack.redis.start()
    wait_for(lambda: web.get("/api/health/").status == 200, timeout=15, what="health to recover with Redis")

    stack.worker()
    # The task message was never published; the sweeper finds the row (older than the sweep age, 2 s here).
    time.sleep(2.5)
    assert stack.sweep() >= 1
    wait_for(lambda: stack.smtp.accepted_for(queued["id"]), timeout=30, what="the queued mail to be delivered")
    wait_for(lambda: stack.notification(pk=queued["id"])["status"] == "sent", timeout=15, what="the row to say sent")
    time.sleep(1)
    assert len(stack.smtp.accepted_for(queued["id"])) == 1
    assert stack.smtp.accepted_for(queued["id"])[0]["To"] == candidate
