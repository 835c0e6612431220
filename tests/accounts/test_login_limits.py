"""Wrong passwords lock an account from one address only; one address cannot try many accounts."""

from __future__ import annotations

import re
import time
from types import SimpleNamespace
from typing import Any

import pytest
from allauth.core.internal import ratelimit
from django.tasks import default_task_backend
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import UserFactory

PASSWORD = "motdepasse-de-test"  # the factories' password
A, B = "203.0.113.10", "198.51.100.20"
TOO_MANY = "Trop de tentatives de connexion"

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """allauth's rate limits read this clock; move it forward with `clock[0] += seconds`."""
    now = [time.time()]
    fake = SimpleNamespace(time=lambda: now[0], monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(ratelimit, "time", fake)
    return now


def _login(address: str, email: str, password: str) -> tuple[Client, Any]:
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    return client, response


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _fail_five_times_from_a(email: str) -> None:
    for _ in range(6):
        _login(A, email, "pas-le-bon")


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere() -> None:
    owner = UserFactory(email="owner@exemple.mq")
    _fail_five_times_from_a(owner.email)

    client, response = _login(B, owner.email, PASSWORD)

    assert response.status_code == 302
    assert _signed_in(client)


def test_the_address_that_failed_is_refused_with_a_french_message() -> None:
    owner = UserFactory(email="owner@exemple.mq")
    _fail_five_times_from_a(owner.email)

    client, response = _login(A, owner.email, PASSWORD)

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert not _signed_in(client)


def test_login_by_code_still_works_from_the_address_that_failed(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    owner = UserFactory(email="owner@exemple.mq")
    _fail_five_times_from_a(owner.email)
    client = Client(REMOTE_ADDR=A)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": owner.email})
    queued = default_task_backend.results[-1]
    queued.task.call(**queued.kwargs)
    code = re.search(r"^\s*(\d{6})\s*$", mailoutbox[-1].body, re.MULTILINE)
    assert code is not None
    response = client.post(reverse("account_confirm_login_code"), {"code": code.group(1)})

    assert response.status_code == 302
    assert _signed_in(client)


def test_one_address_may_fail_ten_logins_a_minute_whatever_the_accounts(
    clock: list[float],
) -> None:
    for n in range(10):
        _login(A, f"essai{n}@exemple.mq", "pas-le-bon")
    owner = UserFactory(email="owner@exemple.mq")

    client, response = _login(A, owner.email, PASSWORD)
    assert TOO_MANY in response.content.decode()
    assert not _signed_in(client)
    assert _signed_in(_login(B, owner.email, PASSWORD)[0])

    clock[0] += 61
    assert _signed_in(_login(A, owner.email, PASSWORD)[0])


def test_one_address_may_fail_sixty_logins_an_hour_whatever_the_accounts(
    clock: list[float],
) -> None:
    for minute in range(6):
        for n in range(10):
            _login(A, f"essai{minute}-{n}@exemple.mq", "pas-le-bon")
        clock[0] += 61
    owner = UserFactory(email="owner@exemple.mq")

    client, response = _login(A, owner.email, PASSWORD)
    assert TOO_MANY in response.content.decode()
    assert not _signed_in(client)

    clock[0] += 3600
    assert _signed_in(_login(A, owner.email, PASSWORD)[0])
