"""E-mails to people are rendered now and sent by the worker once the transaction commits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from lakou.core.tasks import send_email

_held_back: ContextVar[bool] = ContextVar("lakou_emails_held_back", default=False)


@contextmanager
def emails_held_back() -> Iterator[None]:
    """No e-mail leaves while this block runs: for seeding demo data or backfilling history."""
    token = _held_back.set(True)
    try:
        yield
    finally:
        _held_back.reset(token)


def emails_are_held_back() -> bool:
    return _held_back.get()


def notify_by_email(*, to: list[str], subject: str, template: str, context: dict[str, Any]) -> None:
    if _held_back.get():
        return
    body = render_to_string(template, context)
    transaction.on_commit(
        lambda: send_email.enqueue(to=to, subject=f"[Lakou] {subject}", body=body)
    )
