from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from lakou.diagnostics.models import Audience, Campaign, Invitation, Response
from lakou.diagnostics.services.campaigns import (
    CampaignError,
    InvitationCounts,
    campaign_invite_companies,
    campaign_send_reminders,
)
from tests.diagnostics.factories import ResponseFactory
from tests.diagnostics.factories_campaigns import company_in, open_campaign, two_epcis
from tests.tasks import run_worker
from tests.world import World


@pytest.mark.django_db(transaction=True)
def test_the_worker_invites_each_company_of_the_territory_once() -> None:
    world = World.build()
    _cacem, cap_nord, fort_de_france, marigot = two_epcis()
    campaign = open_campaign(audience=Audience.COMPANIES, title="Maturité numérique 2026")
    campaign.epcis.set([cap_nord])
    north = company_in(marigot, name="Rhum du Nord", email="contact@rhum.mq")
    company_in(marigot, email="")  # no address: cannot be invited
    company_in(marigot, is_closed=True)  # closed: not invited
    company_in(fort_de_france)  # outside the campaign's territory

    invited = campaign_invite_companies(actor=world.actor("federation"), campaign=campaign)

    assert invited == InvitationCounts(to_invite=1, already_invited=0, without_email=1)
    assert mail.outbox == []  # the e-mails wait for the worker
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["contact@rhum.mq"]
    assert "Maturité numérique 2026" in message.subject
    assert f"/diagnostic/r/{campaign.short_code}" in message.body
    assert "Rhum du Nord" in message.body

    # Inviting again, and running the worker again, sends nothing new.
    again = campaign_invite_companies(actor=world.actor("federation"), campaign=campaign)
    assert again == InvitationCounts(to_invite=0, already_invited=1, without_email=1)
    run_worker()
    run_worker()
    assert len(mail.outbox) == 1
    assert Invitation.objects.get().company == north


@pytest.mark.django_db
def test_public_campaigns_have_no_invitations() -> None:
    world = World.build()
    campaign = open_campaign(audience=Audience.PUBLIC)
    with pytest.raises(CampaignError, match="entreprises"):
        campaign_invite_companies(actor=world.actor("federation"), campaign=campaign)


@pytest.mark.django_db
def test_reminders_go_once_to_companies_invited_a_week_ago_without_a_response() -> None:
    _cacem, _cap_nord, fort_de_france, _marigot = two_epcis()
    campaign = open_campaign(audience=Audience.COMPANIES)
    now = timezone.now()
    week_ago = now - datetime.timedelta(days=7)

    def invitation(sent_at: datetime.datetime, email: str) -> Invitation:
        company = company_in(fort_de_france, email=email)
        return Invitation.objects.create(
            campaign=campaign, company=company, email=email, sent_at=sent_at
        )

    due = invitation(week_ago, "due@exemple.mq")
    drafting = invitation(week_ago, "brouillon@exemple.mq")
    ResponseFactory(campaign=campaign, company=drafting.company)  # a draft still gets a reminder
    answered = invitation(week_ago, "repondu@exemple.mq")
    ResponseFactory(
        campaign=campaign,
        company=answered.company,
        status=Response.Status.SUBMITTED,
        submitted_at=now,
    )
    invitation(now - datetime.timedelta(days=6), "recent@exemple.mq")
    Invitation.objects.create(
        campaign=campaign, company=company_in(fort_de_france), email="jamais@exemple.mq"
    )

    assert campaign_send_reminders(campaign=campaign, now=now) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["brouillon@exemple.mq", "due@exemple.mq"]
    assert "Rappel" in mail.outbox[0].subject
    due.refresh_from_db()
    assert due.reminded_at == now

    # A week later, nobody is reminded twice; the invitation that was recent now is.
    later = now + datetime.timedelta(days=7)
    assert campaign_send_reminders(campaign=campaign, now=later) == 1
    assert mail.outbox[-1].to == ["recent@exemple.mq"]
    assert campaign_send_reminders(campaign=campaign, now=later) == 0
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_a_closed_campaign_reminds_nobody() -> None:
    _cacem, _cap_nord, fort_de_france, _marigot = two_epcis()
    campaign = open_campaign(audience=Audience.COMPANIES, status=Campaign.Status.CLOSED)
    company = company_in(fort_de_france)
    Invitation.objects.create(
        campaign=campaign,
        company=company,
        email=company.email,
        sent_at=timezone.now() - datetime.timedelta(days=8),
    )
    assert campaign_send_reminders(campaign=campaign, now=timezone.now()) == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_remind_button_sends_reminders_through_the_worker() -> None:
    world = World.build()
    _cacem, _cap_nord, fort_de_france, _marigot = two_epcis()
    campaign = open_campaign(audience=Audience.COMPANIES)
    company = company_in(fort_de_france, email="due@exemple.mq")
    Invitation.objects.create(
        campaign=campaign,
        company=company,
        email=company.email,
        sent_at=timezone.now() - datetime.timedelta(days=8),
    )
    page = world.client("federation").post(f"/diagnostic/campagnes/{campaign.pk}/relancer")
    assert page.status_code == 302
    assert mail.outbox == []
    run_worker()
    run_worker()
    assert [m.to for m in mail.outbox] == [["due@exemple.mq"]]
