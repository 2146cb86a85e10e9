"""Helpers for the security tests: forging JWTs and running code under production settings."""

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import jwt
from django.conf import settings

PRODUCTION_SECRET = "prod-" + "k3y-" * 16  # long and varied enough for check --deploy (>= 50 chars, >= 5 unique)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned_token(payload: dict, alg: str = "none") -> str:
    """A JWT with the given header ``alg`` and no signature at all: ``header.payload.``"""
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    body = b64(json.dumps(payload).encode())
    return f"{header}.{body}."


def signed_token(payload: dict, key: str | None = None, algorithm: str = "HS256") -> str:
    return jwt.encode(payload, key if key is not None else settings.SIMPLE_JWT["SIGNING_KEY"], algorithm=algorithm)


def claims_of(token: str) -> dict:
    return jwt.decode(token, settings.SIMPLE_JWT["SIGNING_KEY"], algorithms=["HS256"])


# Unset in the child: production values come from production_env(); REDIS_URL stays out so the child's
# throttle counters land in its own file cache, not in the Redis database the test run is using.
# The test run's own settings, and DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests set for the rest of the
# session (Playwright's event loop) and no deployment has.
_NOT_INHERITED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "REDIS_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a production deployment: DEBUG off, a real secret, one host name."""
    env = {key: value for key, value in os.environ.items() if key not in _NOT_INHERITED}
    env.update(
        DJANGO_SETTINGS_MODULE="ims.settings",
        DEBUG="false",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="ims.example.com",
        IMS_VAR_DIR=str(tmp_path / "var"),
        **extra,
    )
    return env


def run_in_production(args: list[str], tmp_path: Path, **extra_env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, *args],
        env=production_env(tmp_path, **extra_env),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
