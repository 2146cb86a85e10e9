import pytest

from ims.jobs.models import ApplicationStatus
from tests.factories import ApplicationFactory, RoundTypeFactory


@pytest.fixture
def round_type(db):
    return RoundTypeFactory(name="Technical", default_duration=60, criteria=["Problem solving", "Communication"])


@pytest.fixture
def application(candidate):
    """Cara's application, in screening: not yet interviewing."""
    return ApplicationFactory(candidate=candidate, status=ApplicationStatus.SCREENING, job__title="Backend Engineer")


@pytest.fixture
def other_application(other_candidate):
    return ApplicationFactory(candidate=other_candidate, status=ApplicationStatus.APPLIED)
