"""Small helpers for the accounts tests."""

import jwt
from django.conf import settings
from rest_framework.test import APIClient

from tests.factories import PASSWORD


def login(email: str, password: str = PASSWORD, client: APIClient | None = None):
    return (client or APIClient()).post("/api/auth/token/", {"email": email, "password": password})


def tokens(email: str, password: str = PASSWORD) -> dict[str, str]:
    response = login(email, password)
    assert response.status_code == 200, response.json()
    return response.json()


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def claims(token: str) -> dict:
    return jwt.decode(token, settings.SIMPLE_JWT["SIGNING_KEY"], algorithms=["HS256"])


def refresh(token: str):
    return APIClient().post("/api/auth/token/refresh/", {"refresh": token})
