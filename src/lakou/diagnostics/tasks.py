"""Background work of the diagnostics: campaign e-mails. Thin: load the campaign, call a service."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from lakou.core.periodic import periodic
from lakou.diagnostics.campaigns import campaign_send_invitations, campaign_send_reminders
from lakou.diagnostics.models import Campaign


@task()
def send_campaign_invitations(*, campaign_id: int) -> int:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    return campaign_send_invitations(campaign=campaign) if campaign else 0


@task()
def send_campaign_reminders(*, campaign_id: int) -> int:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    return campaign_send_reminders(campaign=campaign, now=timezone.now()) if campaign else 0


@periodic(every=timedelta(days=1))
@task()
def send_due_reminders() -> int:
    """For a daily schedule: remind, in every open campaign, the companies that are due."""
    today = timezone.localdate()
    return sum(
        campaign_send_reminders(campaign=campaign, now=timezone.now())
        for campaign in Campaign.objects.open_on(today)
    )
