"""Periodic work of the diagnostics: campaign reminders. Thin: load the campaigns, call a service."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from lakou.core.periodic import periodic
from lakou.diagnostics.models import Campaign
from lakou.diagnostics.services.campaigns import campaign_send_reminders


@periodic(every=timedelta(days=1))
@task()
def send_due_reminders() -> int:
    """For a daily schedule: remind, in every open campaign, the companies that are due."""
    today = timezone.localdate()
    return sum(
        campaign_send_reminders(campaign=campaign, now=timezone.now())
        for campaign in Campaign.objects.open_on(today)
    )
