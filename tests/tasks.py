"""Run the database task worker once, as `lakou db_worker` does in production."""

from __future__ import annotations

from django.core.management import call_command


def run_worker() -> None:
    """Execute every task waiting in the queue (e-mails, reminders), then return."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
