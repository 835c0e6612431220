"""A known and an unknown e-mail address cost the same to sign up or to fail a login with.

The time an answer takes must not tell whether an address has an account: both paths run the
password hasher as often, and every e-mail leaves through the task queue, never inside the request.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.tasks import default_task_backend
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import UserFactory

KNOWN = "rosette@exemple.mq"
PASSWORD = "Kaz-Lakou-2026-solide"

pytestmark = pytest.mark.django_db


class CountingHasher(PBKDF2PasswordHasher):
    """The project's hasher (Django's PBKDF2), cheap here, counting the hashes it computes."""

    iterations = 1_000
    calls: ClassVar[int] = 0

    def encode(self, password: str, salt: str, iterations: int | None = None) -> str:
        CountingHasher.calls += 1
        return super().encode(password, salt, iterations)


@pytest.fixture(autouse=True)
def _counting_hasher_and_queued_tasks(settings: Any) -> None:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    # Tasks are queued and kept, never run: what the request itself did is all that happened.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def known_user() -> None:
    UserFactory(email=KNOWN, password=PASSWORD)
    CountingHasher.calls = 0


def _hashes(client: Client, url: str, data: dict[str, str]) -> int:
    before = CountingHasher.calls
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    return CountingHasher.calls - before


def _signup(email: str) -> dict[str, str]:
    return {"email": email, "password1": PASSWORD, "password2": PASSWORD}


def test_signing_up_hashes_the_password_once_for_a_known_and_a_new_address(
    client: Client, known_user: None
) -> None:
    known = _hashes(client, reverse("account_signup"), _signup(KNOWN))
    new = _hashes(Client(), reverse("account_signup"), _signup("nouvelle@exemple.mq"))
    assert (known, new) == (1, 1)


def test_a_wrong_password_is_hashed_once_for_a_known_and_an_unknown_account(
    client: Client, known_user: None
) -> None:
    url = reverse("account_login")
    known = _hashes(client, url, {"login": KNOWN, "password": "pas-le-bon"})
    unknown = _hashes(client, url, {"login": "personne@ailleurs.mq", "password": "pas-le-bon"})
    assert (known, unknown) == (1, 1)


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("account_signup", _signup(KNOWN)),
        ("account_signup", _signup("nouvelle@exemple.mq")),
        ("account_request_login_code", {"email": KNOWN}),
        ("account_request_login_code", {"email": "personne@ailleurs.mq"}),
        ("account_reset_password", {"email": KNOWN}),
        ("account_reset_password", {"email": "personne@ailleurs.mq"}),
    ],
)
def test_account_emails_wait_in_the_task_queue_until_the_worker_sends_them(
    client: Client,
    known_user: None,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    url_name: str,
    data: dict[str, str],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(url_name), data)
    assert response.status_code == 302
    assert mailoutbox == []
    queued = [result for result in default_task_backend.results if result.task.name == "send_email"]
    assert [result.kwargs["to"] for result in queued] == [[data["email"]]]

    queued[0].task.call(**queued[0].kwargs)  # what the worker does

    assert [message.to for message in mailoutbox] == [[data["email"]]]
    assert mailoutbox[0].subject.startswith("[Lakou] ")


def test_no_account_email_leaves_before_the_transaction_commits(
    client: Client, mailoutbox: list[Any]
) -> None:
    """Without a commit (the test's transaction is never committed), nothing is even queued."""
    client.post(reverse("account_signup"), _signup("nouvelle@exemple.mq"))
    assert mailoutbox == []
    assert default_task_backend.results == []
