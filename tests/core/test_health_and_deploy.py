from __future__ import annotations

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client: Client) -> None:
    with mock.patch("lakou.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def _lakou(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "lakou.manage", *args],
        capture_output=True,
        text=True,
        # The e2e suite sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a production check must not see it.
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check_without_warning() -> None:
    result = _lakou(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="k" * 20 + "-production-secret-from-the-environment-0123456789",
        ALLOWED_HOSTS="lakou.mq",
        DEBUG="",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    result = subprocess.run(
        [sys.executable, "-m", "lakou.manage", "check"],
        capture_output=True,
        text=True,
        env={**env, "DJANGO_ENV": "production", "ALLOWED_HOSTS": "lakou.mq"},
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
