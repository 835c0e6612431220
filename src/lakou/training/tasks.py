"""Background work of the training app. Thin: call a service."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

from django.tasks import task

from lakou.core.periodic import periodic
from lakou.training.services.followup import follow_ups_send_due


@periodic(every=timedelta(hours=1))
@task()
def send_due_follow_ups() -> dict[str, int]:
    """For a daily (or hourly) schedule: questionnaires, reminders, unreachable follow-ups."""
    return asdict(follow_ups_send_due())
