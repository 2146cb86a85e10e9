"""The persistent connection's per-request health check (ims/core/postgresql): no query while the connection is
quiet, and a connection the server has closed is replaced before the request's first query, not failed by it."""

import time

import psycopg
import pytest
from django.db import connections

from ims.core.postgresql.base import DatabaseWrapper, socket_is_quiet

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wrapper():
    """A connection of its own, as a gunicorn thread holds one: persistent, health checks on."""
    connection = connections.create_connection("default")
    assert isinstance(connection, DatabaseWrapper)
    connection.settings_dict = {**connection.settings_dict, "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    yield connection
    connection.close()


def backend_pid(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def next_request(connection) -> None:
    """What Django does between two requests on a persistent connection (request_started/finished)."""
    connection.close_if_unusable_or_obsolete()


@pytest.fixture
def count_select_1(wrapper, monkeypatch):
    calls = []
    real = wrapper.is_usable

    def counted():
        calls.append(1)
        return real()

    monkeypatch.setattr(wrapper, "is_usable", counted)
    return calls


def wait_until_readable(connection, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while socket_is_quiet(connection.connection):
        assert time.monotonic() < deadline, "the server's message never arrived"
        time.sleep(0.02)


def test_a_quiet_connection_is_kept_without_a_select_1(wrapper, count_select_1):
    pid = backend_pid(wrapper)
    for _ in range(3):
        next_request(wrapper)
        assert backend_pid(wrapper) == pid
    assert count_select_1 == []


def test_a_connection_the_server_terminated_is_replaced_before_the_requests_first_query(wrapper, count_select_1):
    pid = backend_pid(wrapper)
    next_request(wrapper)
    with psycopg.connect(**wrapper.get_connection_params(), autocommit=True) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0] is True
    wait_until_readable(wrapper)

    new_pid = backend_pid(wrapper)  # the request's first query: answered, on a new connection

    assert new_pid != pid
    assert count_select_1 == [1]  # the real check ran, because the socket had something to say


def test_a_connection_with_a_message_waiting_gets_the_real_check_and_is_kept_when_it_passes(wrapper, count_select_1):
    with wrapper.cursor() as cursor:
        cursor.execute("LISTEN ims_health_check_test")
        cursor.execute("NOTIFY ims_health_check_test")  # delivered to this very connection, read or not
    pid = backend_pid(wrapper)
    next_request(wrapper)
    with psycopg.connect(**wrapper.get_connection_params(), autocommit=True) as other:
        other.execute("NOTIFY ims_health_check_test")
    wait_until_readable(wrapper)

    assert backend_pid(wrapper) == pid
    assert count_select_1 == [1]


def test_a_connection_left_inside_a_transaction_is_not_called_quiet(wrapper):
    wrapper.ensure_connection()
    raw = wrapper.connection
    assert socket_is_quiet(raw)
    raw.execute("BEGIN")
    assert not socket_is_quiet(raw)
    raw.execute("ROLLBACK")
    raw.close()
    assert not socket_is_quiet(raw)
