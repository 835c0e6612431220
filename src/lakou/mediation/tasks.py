"""Background work of the mediation app. Thin: call a service."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from lakou.core.periodic import periodic
from lakou.mediation.services.payments import statements_prepare_due
from lakou.mediation.services.workshops import reminders_send


# Hourly: a registration made in the evening for the next day is still reminded; each is told once.
@periodic(every=timedelta(hours=1))
@task()
def send_workshop_reminders() -> int:
    """The day before each workshop, an SMS and an e-mail to every person with a seat."""
    return reminders_send()


# Daily: in the first days of a month, the drafts of the month just ended are made, then kept up
# to date with the acts logged late; validated statements are never touched.
@periodic(every=timedelta(days=1))
@task()
def prepare_monthly_statements() -> int:
    """The previous month's draft statements (payment per act, volunteers' hours)."""
    report = statements_prepare_due()
    return 0 if report is None else report.created + report.refreshed
