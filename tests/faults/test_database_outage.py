"""PostgreSQL goes away under a running gunicorn, then comes back: no restart of the web needed."""

import time

import pytest

from tests.faults.services import wait_for

pytestmark = pytest.mark.faults


def test_a_database_outage_is_a_json_503_and_the_api_recovers_by_itself_when_it_is_back(stack):
    web = stack.web()
    token = stack.token(web, stack.world["admin"])
    assert web.get("/api/health/").status == 200
    assert web.get("/api/jobs/open/", token=token).status == 200

    stack.postgres.stop()

    health = web.get("/api/health/")
    assert health.status == 503
    assert health.json()["checks"]["database"].startswith("down")
    assert "database" in health.json()["detail"]
    assert health.json()["checks"]["cache"] == "ok"

    # Every gunicorn worker and thread holds its own persistent connection: ask several times, so the
    # answer is not one lucky process.
    for _ in range(6):
        response = web.get("/api/jobs/open/", token=token)
        assert response.status == 503, response.body[:500]
        assert response.content_type.startswith("application/json")
        assert response.json()["code"] == "service_unavailable"
        assert response.headers.get("Retry-After")

    stack.postgres.start()
    back = time.monotonic()

    wait_for(lambda: web.get("/api/health/").status == 200, timeout=10, what="health to recover")
    # Recovered means recovered everywhere, not in one worker: several requests in a row all succeed.
    wait_for(
        lambda: all(web.get("/api/jobs/open/", token=token).status == 200 for _ in range(8)),
        timeout=10,
        what="the API to recover in every worker",
    )
    assert time.monotonic() - back < 10
    assert web.alive(), "gunicorn must not need a restart"
