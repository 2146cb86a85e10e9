"""The report cache computes a report once however many requests miss together, and lets the minute-dependent
reports turn over without everyone waiting; it never serves figures from before a committed write."""

import threading
import time

import pytest
import time_machine
from django.core.cache import cache

from ims.reports import cache as report_cache

pytestmark = pytest.mark.django_db


class Counting:
    def __init__(self, value="figures"):
        self.calls = 0
        self.value = value

    def __call__(self):
        self.calls += 1
        return f"{self.value} #{self.calls}"


def full_key(key: str, reads=report_cache.ROLLUPS) -> str:
    """The key ``cached`` stores ``key`` under now (the versions are set on first use, as ``cached`` does)."""
    versions = []
    for rollup in reads:
        cache.add(f"{report_cache.VERSION_KEY}:{rollup}", 1, None)
        versions.append(str(cache.get(f"{report_cache.VERSION_KEY}:{rollup}")))
    return f"reports:{'.'.join(versions)}:{key}"


def test_a_report_is_computed_once_then_served_from_the_cache():
    compute = Counting()
    assert report_cache.cached("k", compute) == "figures #1"
    assert report_cache.cached("k", compute) == "figures #1"
    assert compute.calls == 1


def test_a_request_that_misses_while_another_computes_waits_for_its_result(monkeypatch):
    compute = Counting()
    key = full_key("k")
    cache.add(f"{key}:lock", 1, 60)  # another request is computing

    def finish():
        time.sleep(0.2)
        cache.set(key, (None, "theirs"), 60)

    other = threading.Thread(target=finish)
    other.start()
    assert report_cache.cached("k", compute) == "theirs"
    other.join()
    assert compute.calls == 0


def test_a_request_computes_itself_when_the_other_computation_never_finishes(monkeypatch):
    monkeypatch.setattr(report_cache, "WAIT", 0.2)
    compute = Counting()
    cache.add(f"{full_key('k')}:lock", 1, 60)
    assert report_cache.cached("k", compute) == "figures #1"


def test_a_minute_dependent_report_is_recomputed_when_the_minute_turns():
    compute = Counting()
    with time_machine.travel("2026-03-02 09:00:10Z", tick=False) as clock:
        assert report_cache.cached("k", compute, per_minute=True) == "figures #1"
        clock.shift(30)
        assert report_cache.cached("k", compute, per_minute=True) == "figures #1"
        clock.shift(30)
        assert report_cache.cached("k", compute, per_minute=True) == "figures #2"


def test_while_one_request_recomputes_a_turned_minute_the_others_read_the_minute_before(monkeypatch):
    compute = Counting()
    with time_machine.travel("2026-03-02 09:00:10Z", tick=False) as clock:
        report_cache.cached("k", compute, per_minute=True)
        clock.shift(60)
        cache.add(f"{full_key('k')}:lock", 1, 60)  # the one recomputing
        assert report_cache.cached("k", compute, per_minute=True) == "figures #1"
        assert compute.calls == 1
        # Older than the minute before: not served, even while another request recomputes.
        clock.shift(120)
        cache.set(f"{full_key('k')}:lock", 1, 60)
        monkeypatch.setattr(report_cache, "WAIT", 0.1)
        assert report_cache.cached("k", compute, per_minute=True) == "figures #2"


def test_figures_from_before_a_write_are_never_served_even_while_another_request_recomputes(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(report_cache, "WAIT", 0.1)
    compute = Counting()
    report_cache.cached("k", compute)
    with django_capture_on_commit_callbacks(execute=True):
        report_cache.reports_changed("applications")  # a write committed
    cache.add(f"{full_key('k')}:lock", 1, 60)
    assert report_cache.cached("k", compute) == "figures #2"


def test_a_failed_computation_releases_its_lock():
    def broken():
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        report_cache.cached("k", broken)
    assert cache.get(f"{full_key('k')}:lock") is None
    assert report_cache.cached("k", Counting()) == "figures #1"


def test_a_rendered_body_is_kept_in_the_workers_memory_until_a_write(monkeypatch, django_capture_on_commit_callbacks):
    def body():
        body.calls += 1
        return b"rows #%d" % body.calls

    body.calls = 0
    assert report_cache.cached("doc", body) == b"rows #1"
    cache.delete(full_key("doc"))  # gone from the shared cache: the worker's copy answers
    assert report_cache.cached("doc", body) == b"rows #1"
    with django_capture_on_commit_callbacks(execute=True):
        report_cache.reports_changed("applications")  # a write committed, in any worker
    assert report_cache.cached("doc", body) == b"rows #2"
    assert body.calls == 2


def test_a_write_invalidates_only_the_reports_that_read_its_rollup(django_capture_on_commit_callbacks):
    funnel, load, hire = Counting("funnel"), Counting("load"), Counting("hire")

    def read_all():
        return (
            report_cache.cached("funnel", funnel, reads=("applications",)),
            report_cache.cached("load", load, reads=("interviews",)),
            report_cache.cached("hire", hire, reads=("applications", "interviews")),
        )

    assert read_all() == ("funnel #1", "load #1", "hire #1")
    with django_capture_on_commit_callbacks(execute=True):
        report_cache.reports_changed("interviews")  # an interview booked
    assert read_all() == ("funnel #1", "load #2", "hire #2")
    with django_capture_on_commit_callbacks(execute=True):
        report_cache.reports_changed("applications")  # an application came in
    assert read_all() == ("funnel #2", "load #2", "hire #3")


def test_a_write_not_committed_yet_invalidates_nothing():
    compute = Counting()
    report_cache.cached("k", compute)
    report_cache.reports_changed("applications")  # inside a transaction still open (the test's)
    assert report_cache.cached("k", compute) == "figures #1"
