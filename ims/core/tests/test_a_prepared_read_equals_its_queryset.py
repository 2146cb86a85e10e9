"""``PreparedRead``: compiled once per connection, it returns what its queryset returns, and it refuses a
queryset it cannot bind safely (anything but the ids varying between calls)."""

import gc
import threading
import weakref
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DataError, connection, connections, transaction
from django.db.models import Count, F
from django.db.models.expressions import RawSQL
from django.utils import timezone

from ims.core.prepared import PreparedCount, PreparedRead
from ims.jobs.models import Application, Job
from tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


def row(instance) -> dict:
    """Every stored value of a model instance, by field, with its annotations."""
    values = {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}
    return {**values, **{k: v for k, v in vars(instance).items() if k not in values and not k.startswith("_")}}


def test_a_prepared_read_returns_the_rows_of_its_queryset_for_each_call():
    first, second = JobFactory(), JobFactory()
    read = PreparedRead(lambda pk: Job.objects.filter(pk=pk))

    assert [row(j) for j in read.list(first.pk)] == [row(first)]
    assert [row(j) for j in read.list(second.pk)] == [row(second)]
    assert read.first(987654) is None
    assert [j.pk for j in read.list(str(first.pk))] == [first.pk]  # as a regex route passes it
    assert read.list(2**64) == []  # past 64 bits: no row, as the ORM answers, and no query


def test_a_prepared_read_fills_select_related_objects_and_annotations():
    application = ApplicationFactory()
    ApplicationFactory(job=application.job)
    read = PreparedRead(
        lambda pk: (
            Application.objects.select_related("job__created_by", "candidate")
            .filter(pk=pk)
            .annotate(job_title=F("job__title"), same_job=Count("job__applications"))
        )
    )

    found = read.first(application.pk)
    expected = (
        Application.objects.select_related("job__created_by", "candidate")
        .annotate(job_title=F("job__title"), same_job=Count("job__applications"))
        .get(pk=application.pk)
    )

    assert row(found) == row(expected)
    assert (found.job_title, found.same_job) == (application.job.title, 2)
    assert row(found.job) == row(expected.job)
    assert row(found.job.created_by) == row(expected.job.created_by)
    assert row(found.candidate) == row(expected.candidate)


def test_ids_bind_in_their_own_places_whatever_their_order_in_the_sql():
    application = ApplicationFactory()
    other = ApplicationFactory()
    read = PreparedRead(lambda candidate, pk: Application.objects.filter(candidate=candidate, pk=pk), kinds=(int, int))

    assert [a.pk for a in read.list(application.candidate_id, application.pk)] == [application.pk]
    assert read.list(other.candidate_id, application.pk) == []


def test_a_query_that_changes_with_anything_but_the_ids_is_refused():
    read = PreparedRead(lambda pk: Job.objects.filter(pk=pk, created_at__lte=timezone.now()))

    with pytest.raises(ImproperlyConfigured, match="other than the parameters"):
        read.list(1)


def test_an_id_the_query_does_not_use_is_refused():
    read = PreparedRead(lambda pk: Job.objects.all())

    with pytest.raises(ImproperlyConfigured, match="not a parameter"):
        read.list(1)


def test_prefetches_and_value_rows_are_refused_rather_than_dropped():
    with pytest.raises(ImproperlyConfigured, match="prefetch_related"):
        PreparedRead(lambda pk: Job.objects.filter(pk=pk).prefetch_related("applications")).list(1)
    with pytest.raises(ImproperlyConfigured, match="model instances"):
        PreparedRead(lambda pk: Job.objects.filter(pk=pk).values("title")).list(1)


def test_the_wrong_number_of_ids_is_a_type_error():
    read = PreparedRead(lambda candidate, pk: Application.objects.filter(candidate=candidate, pk=pk), kinds=(int, int))

    with pytest.raises(TypeError):
        read.list(1)


def test_an_instant_binds_as_the_database_receives_a_datetime_field():
    older, newer = JobFactory(), JobFactory()
    Job.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    read = PreparedRead(
        lambda pk, since: Job.objects.filter(pk__gte=pk, created_at__gt=since).order_by("id"), kinds=(int, datetime)
    )
    since = timezone.now() - timedelta(days=1)

    assert [j.pk for j in read.list(older.pk, since)] == [newer.pk]
    assert [j.pk for j in read.list(older.pk, since - timedelta(days=7))] == [older.pk, newer.pk]
    assert [row(j) for j in read.list(older.pk, since)] == [
        row(j) for j in Job.objects.filter(pk__gte=older.pk, created_at__gt=since).order_by("id")
    ]


def test_a_parameter_of_the_wrong_kind_is_a_type_error():
    read = PreparedRead(lambda pk, since: Job.objects.filter(pk=pk, created_at__gt=since), kinds=(int, datetime))

    with pytest.raises(TypeError, match="aware datetime"):
        read.list(1, datetime(2026, 1, 1))  # naive
    with pytest.raises(TypeError, match="an int"):
        read.list(1.0, timezone.now())


def test_a_prepared_count_counts_up_to_its_limit_as_the_paginator_does():
    job = JobFactory()
    for _ in range(3):
        ApplicationFactory(job=job)
    ApplicationFactory()
    count = PreparedCount(lambda job: Application.objects.filter(job=job))

    assert [count.count(job.pk, limit=limit) for limit in (1, 2, 3, 1001)] == [1, 2, 3, 3]
    assert count.count(987654, limit=1001) == 0
    assert count.count(2**64, limit=1001) == 0


def test_a_distinct_or_sliced_count_is_refused():
    with pytest.raises(ImproperlyConfigured, match="neither distinct nor sliced"):
        PreparedCount(lambda pk: Job.objects.filter(pk=pk).distinct()).count(1, limit=10)
    with pytest.raises(ImproperlyConfigured, match="neither distinct nor sliced"):
        PreparedCount(lambda pk: Job.objects.filter(pk=pk)[:5]).count(1, limit=10)


def plan_cache_mode() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.parametrize("in_a_transaction", [True, False])
def test_a_generic_plan_is_for_its_own_statement_only_even_when_it_fails(transactional_db, in_a_transaction):
    job = JobFactory()
    read = PreparedRead(lambda pk: Job.objects.filter(pk=pk), generic_plan=True)
    failing = PreparedRead(
        lambda pk: Job.objects.filter(pk=pk).annotate(boom=RawSQL("1 / (id - id)", [])), generic_plan=True
    )
    before = plan_cache_mode()

    assert [j.pk for j in read.list(job.pk)] == [job.pk]
    assert plan_cache_mode() == before
    if in_a_transaction:
        with pytest.raises(DataError), transaction.atomic():
            failing.list(job.pk)
    else:
        with pytest.raises(DataError):
            failing.list(job.pk)
    assert plan_cache_mode() == before


def test_a_threads_compiled_statements_go_with_its_connection(transactional_db):
    """Each thread has its own connection; once the thread is gone, its connection and what was compiled for it
    are freed (a cache keyed by the connection whose entries refer to it would keep every one alive)."""
    read = PreparedRead(lambda pk: Job.objects.filter(pk=pk))
    used = []

    def in_a_thread():
        read.list(1)
        used.append(weakref.ref(connections["default"]))
        connections["default"].close()

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    gc.collect()

    assert len(used) == 1
    assert used[0]() is None
