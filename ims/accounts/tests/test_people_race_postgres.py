"""On PostgreSQL, with real parallel connections: two admins demoting or deactivating each other at once leave
one admin, and the loser gets a refusal (403), never a 500."""

import threading
import time

import pytest
from django.db import connection

from ims.accounts import services
from ims.accounts.models import Role, User
from ims.core.exceptions import Forbidden
from tests.factories import AdminFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_thread(name, call, results):
    def run():
        try:
            results[name] = call()
        except BaseException as exc:
            results[name] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


@pytest.mark.parametrize("second_action", ["demote", "deactivate"])
def test_two_admins_acting_on_each_other_leave_one_admin(monkeypatch, second_action):
    first_admin, second_admin = AdminFactory(), AdminFactory()
    reached, release = threading.Event(), threading.Event()
    real = services.audit_role_change

    def paused(**kwargs):
        real(**kwargs)
        if threading.current_thread().name == "first":
            reached.set()
            release.wait(timeout=20)

    monkeypatch.setattr(services, "audit_role_change", paused)
    results: dict = {}
    # Both requests authenticated while both were admins: each has its own in-memory rows saying so.
    first_actor, first_target = User.objects.get(pk=first_admin.pk), User.objects.get(pk=second_admin.pk)
    second_actor, second_target = User.objects.get(pk=second_admin.pk), User.objects.get(pk=first_admin.pk)
    first = _in_thread(
        "first",
        lambda: services.user_update(user=first_target, actor=first_actor, data={"role": Role.INTERVIEWER}),
        results,
    )
    assert reached.wait(timeout=20)  # second_admin is demoted, not yet committed
    if second_action == "demote":
        call = lambda: services.user_update(user=second_target, actor=second_actor, data={"role": Role.INTERVIEWER})  # noqa: E731
    else:
        call = lambda: services.user_deactivate(user=second_target, actor=second_actor)  # noqa: E731
    second = _in_thread("second", call, results)
    time.sleep(0.5)
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)

    assert isinstance(results["first"], User)
    assert isinstance(results["second"], Forbidden), results["second"]
    assert list(User.objects.filter(role=Role.ADMIN, is_active=True).values_list("pk", flat=True)) == [first_admin.pk]
