"""E-mails to people are rendered now and sent by the worker once the transaction commits;
SMS likewise, checked now."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from lakou.core.sms import check_sms_text, mobile_number
from lakou.core.tasks import send_email, send_sms_task

_held_back: ContextVar[bool] = ContextVar("lakou_emails_held_back", default=False)


@contextmanager
def emails_held_back() -> Iterator[None]:
    """No e-mail nor SMS leaves while this block runs: for seeding demo data or backfilling history."""
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


def notify_by_sms(to: str, text: str) -> None:
    """An SMS to the mobile `to`, sent by the worker once the transaction commits.

    Checked now, held back or not: a landline or a too long text raises SmsRefused in the caller.
    """
    number = mobile_number(to)
    check_sms_text(text)
    if _held_back.get():
        return
    transaction.on_commit(lambda: send_sms_task.enqueue(to=number, text=text))
