"""E-mails to people are rendered now and sent by the worker once the transaction commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from lakou.core.tasks import send_email


def notify_by_email(*, to: list[str], subject: str, template: str, context: dict[str, Any]) -> None:
    body = render_to_string(template, context)
    transaction.on_commit(
        lambda: send_email.enqueue(to=to, subject=f"[Lakou] {subject}", body=body)
    )
