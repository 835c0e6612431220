"""Background work of the mediation app. Thin: call a service."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from lakou.core.periodic import periodic
from lakou.mediation.services.workshops import reminders_send


# Hourly: a registration made in the evening for the next day is still reminded; each is told once.
@periodic(every=timedelta(hours=1))
@task()
def send_workshop_reminders() -> int:
    """The day before each workshop, an SMS and an e-mail to every person with a seat."""
    return reminders_send()
