"""``PreparedRead``: compiled once per connection, it returns what its queryset returns, and it refuses a
queryset it cannot bind safely (anything but the ids varying between calls)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, F
from django.utils import timezone

from ims.core.prepared import PreparedRead
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
    read = PreparedRead(lambda candidate, pk: Application.objects.filter(candidate=candidate, pk=pk), arity=2)

    assert [a.pk for a in read.list(application.candidate_id, application.pk)] == [application.pk]
    assert read.list(other.candidate_id, application.pk) == []


def test_a_query_that_changes_with_anything_but_the_ids_is_refused():
    read = PreparedRead(lambda pk: Job.objects.filter(pk=pk, created_at__lte=timezone.now()))

    with pytest.raises(ImproperlyConfigured, match="other than the ids"):
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
    read = PreparedRead(lambda candidate, pk: Application.objects.filter(candidate=candidate, pk=pk), arity=2)

    with pytest.raises(TypeError):
        read.list(1)
