"""Concurrent edits of one scorecard: the feedback row lock applies them one after the other, each on the other's
result; no edit is lost and no version number is taken twice."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from ims.interviews import services
from ims.interviews.models import Feedback, FeedbackVersion
from tests.factories import InterviewerFactory, InterviewFactory, RoundTypeFactory

THREADS = 6
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_edits_each_become_a_version_and_none_is_lost():
    interviewer = InterviewerFactory()
    start = timezone.now() - timedelta(hours=2)
    interview = InterviewFactory(
        interviewer=interviewer,
        round_type=RoundTypeFactory(criteria=[f"c{i}" for i in range(THREADS)]),
        scheduled_at=start,
        ends_at=start + timedelta(hours=1),
    )
    feedback = services.feedback_submit(interview=interview, interviewer=interviewer, rating=3, comments="First.")
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def edit(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            # Without the row lock two edits would read the same version and one would be overwritten (or both
            # would claim the same number and one would fail on the unique constraint).
            current = Feedback.objects.get(pk=feedback.pk)
            services.feedback_edit(
                feedback=current,
                editor=interviewer,
                data={"criteria_scores": {f"c{i}": 1 + i % 5}, "comments": f"Edit {i}."},
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    feedback.refresh_from_db()
    assert feedback.version == THREADS + 1
    numbers = list(FeedbackVersion.objects.filter(feedback=feedback).values_list("number", flat=True))
    assert numbers == list(range(1, THREADS + 2))
    # The final state is exactly the last version's: nothing half-applied.
    last = FeedbackVersion.objects.get(feedback=feedback, number=THREADS + 1)
    assert (last.comments, last.criteria_scores) == (feedback.comments, feedback.criteria_scores)
