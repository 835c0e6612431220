"""allauth's forms that e-mail an address typed in by anyone stop after a few e-mails an hour.

Lakou's own public form that sends e-mails (the questionnaire's resume link) is tested in
tests/diagnostics/test_resume_emails.py; these are sign-up, login code and password reset.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def emails() -> list[list[str]]:
    """The recipients of every e-mail sent now or waiting for the worker."""
    queued = DBTaskResult.objects.filter(task_path="lakou.core.tasks.send_email")
    return [message.to for message in mail.outbox] + [
        result.args_kwargs["kwargs"]["to"] for result in queued
    ]


def post_once_a_minute(
    url_name: str, data: dict[str, str], times: int, capture: CaptureOnCommit
) -> None:
    """One request every 61 seconds, each from a fresh browser on the same connection."""
    start = time.time()
    for n in range(times):
        # allauth's limits read the clock through time.time().
        with mock.patch("time.time", return_value=start + 61 * n), capture(execute=True):
            Client().post(reverse(url_name), data)


@pytest.mark.parametrize(
    ("url_name", "posts", "sent"),
    [("account_request_login_code", 23, 20), ("account_reset_password", 9, 6)],
    ids=["code", "reset"],
)
def test_one_address_gets_a_bounded_number_of_emails_an_hour(
    url_name: str, posts: int, sent: int, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    UserFactory(email="line@exemple.mq")
    post_once_a_minute(
        url_name, {"email": "line@exemple.mq"}, posts, django_capture_on_commit_callbacks
    )
    assert emails().count(["line@exemple.mq"]) == sent


def test_one_connection_signs_up_at_most_thirty_addresses_an_hour(
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    start = time.time()
    for n in range(32):
        with (
            mock.patch("time.time", return_value=start + 10 * n),
            django_capture_on_commit_callbacks(execute=True),
        ):
            Client().post(reverse("account_signup"), {"email": f"inconnu{n}@exemple.mq"})
    assert len(emails()) == 30
