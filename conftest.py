"""Personas and clients shared by every test: admin, interviewer, other_interviewer, candidate,
other_candidate, and an anonymous client."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from ims.accounts.services import tokens_for_user
from tests import factories

IS_POSTGRES = django_settings.IS_POSTGRES
HAS_REDIS = bool(django_settings.REDIS_URL)
PLAIN_STATIC_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL); CI's second round runs it")
    skip_redis = pytest.mark.skip(reason="needs Redis (REDIS_URL); CI's second round runs it")
    for item in items:
        if "postgres" in item.keywords and not IS_POSTGRES:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not HAS_REDIS:
            item.add_marker(skip_redis)


@pytest.fixture(scope="session", autouse=True)
def _own_file_cache(tmp_path_factory):
    """The file cache (no REDIS_URL) in a folder of this test process's own, not the shared var/cache: every test
    clears the cache, and pytest-xdist's workers (or a dev server) sharing one folder cleared each other's rate
    counters mid-test and added to them (every test client is 127.0.0.1), so throttle tests failed under -n 2.
    A child process a test starts finds the same folder as its IMS_VAR_DIR's cache
    (ims/core/tests/test_throttling.py)."""
    default = django_settings.CACHES["default"]
    if not default["BACKEND"].endswith("FileBasedCache"):
        yield
        return
    location = tmp_path_factory.mktemp("var") / "cache"
    with override_settings(CACHES={**django_settings.CACHES, "default": {**default, "LOCATION": str(location)}}):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings, request, tmp_path):
    """Fast hashing, in-memory mail, a private media folder, and throttling lifted unless a test asks."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Hashed static names need `collectstatic` first (production, DEBUG=false); tests render pages with the plain
    # names instead, so they pass in either mode (ims/core/tests/test_static_files.py collects for real).
    if django_settings.STORAGES["staticfiles"]["BACKEND"] != PLAIN_STATIC_STORAGE:
        settings.STORAGES = {**django_settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC_STORAGE}}
    # The marker, not request.keywords: keywords also hold the names of the folders above the test (a checkout
    # in a folder named "throttle" would keep the real rates for every test).
    if request.node.get_closest_marker("throttle") is None:
        rates = dict.fromkeys(django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/min")
        settings.REST_FRAMEWORK = {**django_settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    cache.clear()
    yield
    cache.clear()


def pytest_configure(config):
    config.addinivalue_line("markers", "throttle: keep the real throttle rates in this test")


@pytest.fixture
def admin(db):
    return factories.AdminFactory(email="admin@example.com", first_name="Ada", last_name="Admin")


@pytest.fixture
def interviewer(db):
    return factories.InterviewerFactory(email="ivan@example.com", first_name="Ivan", last_name="Interviewer")


@pytest.fixture
def other_interviewer(db):
    return factories.InterviewerFactory(email="olga@example.com", first_name="Olga", last_name="Other")


@pytest.fixture
def candidate(db):
    return factories.CandidateFactory(email="cara@example.com", first_name="Cara", last_name="Candidate")


@pytest.fixture
def other_candidate(db):
    return factories.CandidateFactory(email="otto@example.com", first_name="Otto", last_name="Other")


def _client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for_user(user)['access']}")
    client.user = user
    return client


@pytest.fixture
def client_for():
    """Build an authenticated API client for any user: ``client_for(user)``."""
    return _client_for


@pytest.fixture
def anon_client():
    return APIClient()


@pytest.fixture
def admin_client(admin):
    return _client_for(admin)


@pytest.fixture
def interviewer_client(interviewer):
    return _client_for(interviewer)


@pytest.fixture
def other_interviewer_client(other_interviewer):
    return _client_for(other_interviewer)


@pytest.fixture
def candidate_client(candidate):
    return _client_for(candidate)


@pytest.fixture
def other_candidate_client(other_candidate):
    return _client_for(other_candidate)
