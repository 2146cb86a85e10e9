"""A verified access token is remembered until it expires (ims.accounts.authentication): its signature and claims
are checked once per process, its user is still read on every request, so revocation works as before."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.backends import TokenBackend

from ims.accounts import authentication
from ims.accounts.models import User
from ims.accounts.services import tokens_for_user

ME = "/api/users/me/"


@pytest.fixture(autouse=True)
def _forget_verified_tokens():
    authentication.verified_tokens.clear()
    yield
    authentication.verified_tokens.clear()


@pytest.fixture
def decodes(monkeypatch):
    calls = []
    real = TokenBackend.decode

    def counted(self, token, verify=True):
        calls.append(token)
        return real(self, token, verify)

    monkeypatch.setattr(TokenBackend, "decode", counted)
    return calls


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_a_token_is_decoded_once_and_its_user_still_read_on_every_request(
    candidate, decodes, django_assert_num_queries
):
    client = bearer(tokens_for_user(candidate)["access"])
    for _ in range(3):
        with django_assert_num_queries(1):  # the user row, every time
            response = client.get(ME)
        assert response.status_code == 200
        assert response.json()["email"] == candidate.email
    assert len(decodes) == 1


def test_a_remembered_token_is_refused_on_the_very_next_request_once_revoked(candidate):
    client = bearer(tokens_for_user(candidate)["access"])
    assert client.get(ME).status_code == 200
    User.objects.filter(pk=candidate.pk).update(token_version=candidate.token_version + 1)
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json()["code"] == "token_revoked"


def test_a_remembered_token_is_refused_on_the_very_next_request_once_its_user_is_deactivated(candidate):
    client = bearer(tokens_for_user(candidate)["access"])
    assert client.get(ME).status_code == 200
    User.objects.filter(pk=candidate.pk).update(is_active=False)
    assert client.get(ME).json()["code"] == "user_inactive"


def test_a_remembered_token_expires_on_time_with_the_error_of_a_full_check(settings, candidate, decodes):
    token = tokens_for_user(candidate)["access"]
    lifetime = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"]
    assert bearer(token).get(ME).status_code == 200
    with time_machine.travel(timezone.now() + lifetime - timedelta(seconds=5), tick=False):
        assert bearer(token).get(ME).status_code == 200
    assert len(decodes) == 1
    with time_machine.travel(timezone.now() + lifetime + timedelta(seconds=5), tick=False):
        expired = bearer(token).get(ME)
    assert expired.status_code == 401
    assert expired.json()["code"] == "token_not_valid"
    assert len(decodes) == 2  # past its expiry the token went through the full check, which refused it


def test_a_remembered_token_is_checked_again_when_the_clock_is_before_its_issue(candidate, decodes):
    token = tokens_for_user(candidate)["access"]
    assert bearer(token).get(ME).status_code == 200
    with time_machine.travel(timezone.now() - timedelta(minutes=5), tick=False):
        bearer(token).get(ME)
    assert len(decodes) == 2


def test_the_memory_is_bounded(candidate, monkeypatch):
    monkeypatch.setattr(authentication, "VERIFIED_TOKENS_MAX", 3)
    for _ in range(7):
        assert bearer(tokens_for_user(candidate)["access"]).get(ME).status_code == 200
        assert len(authentication.verified_tokens) <= 3
