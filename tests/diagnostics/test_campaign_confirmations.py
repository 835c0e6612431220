"""Inviting the registry and closing a campaign ask first, with the figures, and say what they did."""

from __future__ import annotations

import html

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from lakou.diagnostics.models import Audience, Campaign, Invitation
from tests.diagnostics.factories import ResponseFactory
from tests.diagnostics.factories_campaigns import company_in, open_campaign, two_epcis
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World.build()


def text_of(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


def company_campaign_with_registry() -> Campaign:
    """Fort-de-France: two companies with an address, one without, one closed."""
    _cacem, _cap_nord, fort_de_france, _marigot = two_epcis()
    campaign = open_campaign(audience=Audience.COMPANIES, title="Maturité 2026")
    company_in(fort_de_france, name="Kaz Digital")
    company_in(fort_de_france, name="Piton Électricité")
    company_in(fort_de_france, name="Sans Adresse", email="")
    company_in(fort_de_france, name="Fermée", is_closed=True)
    return campaign


def test_inviting_first_shows_how_many_companies_would_get_an_e_mail(world: World) -> None:
    campaign = company_campaign_with_registry()
    url = reverse("diagnostics:campaign_invite", kwargs={"pk": campaign.pk})

    page = world.client("federation").get(url)

    assert page.status_code == 200
    text = text_of(page)
    assert "Vous allez inviter 2 entreprises à répondre à « Maturité 2026 »" in text
    assert "Sans adresse e-mail dans le répertoire (pas invitées)</dt><dd>1</dd>" in text
    assert 'name="confirme" value="oui"' in text
    assert "Annuler</a>" in text
    assert not Invitation.objects.exists()


def test_a_post_without_the_confirmation_asks_again_and_invites_nobody(world: World) -> None:
    campaign = company_campaign_with_registry()
    url = reverse("diagnostics:campaign_invite", kwargs={"pk": campaign.pk})

    page = world.client("federation").post(url)

    assert page.status_code == 200
    assert "Vous allez inviter 2 entreprises" in text_of(page)
    assert not Invitation.objects.exists()


def test_confirming_invites_and_says_why_the_others_were_not(world: World) -> None:
    campaign = company_campaign_with_registry()
    url = reverse("diagnostics:campaign_invite", kwargs={"pk": campaign.pk})
    client = world.client("federation")

    done = client.post(url, {"confirme": "oui"}, follow=True)

    assert done.redirect_chain == [(campaign.get_absolute_url(), 302)]
    assert Invitation.objects.count() == 2
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        "2 nouvelles entreprises invitées : 1 n'a pas d'adresse e-mail dans le répertoire. "
        "Les e-mails partent en arrière-plan."
    ]
    assert mail.outbox == []  # the worker sends them

    again = client.post(url, {"confirme": "oui"}, follow=True)
    assert [str(m) for m in get_messages(again.wsgi_request)] == [
        "Aucune nouvelle entreprise invitée : 2 l'étaient déjà, "
        "1 n'a pas d'adresse e-mail dans le répertoire."
    ]
    assert Invitation.objects.count() == 2


def test_with_nobody_left_to_invite_the_page_explains_and_offers_no_button(world: World) -> None:
    campaign = company_campaign_with_registry()
    url = reverse("diagnostics:campaign_invite", kwargs={"pk": campaign.pk})
    client = world.client("federation")
    client.post(url, {"confirme": "oui"})

    text = text_of(client.get(url))

    assert "Aucune nouvelle entreprise à inviter à « Maturité 2026 »" in text
    assert "2 l'étaient déjà, 1 n'a pas d'adresse e-mail" in text
    assert 'name="confirme"' not in text


def test_a_public_campaign_has_no_invitation_page(world: World) -> None:
    campaign = open_campaign(audience=Audience.PUBLIC)
    url = reverse("diagnostics:campaign_invite", kwargs={"pk": campaign.pk})
    page = world.client("federation").get(url)
    assert page.status_code == 302
    assert [str(m) for m in get_messages(page.wsgi_request)] == [
        "Seules les campagnes destinées aux entreprises ont des invitations."
    ]


def test_the_campaign_page_links_to_the_confirmation_instead_of_inviting(world: World) -> None:
    campaign = company_campaign_with_registry()
    text = text_of(world.client("federation").get(campaign.get_absolute_url()))
    invite = reverse("diagnostics:campaign_invite", kwargs={"pk": campaign.pk})
    close = reverse("diagnostics:campaign_close", kwargs={"pk": campaign.pk})
    assert f'<a class="button" href="{invite}">Inviter les entreprises du répertoire…</a>' in text
    assert f'href="{close}">Clore la campagne…</a>' in text
    assert f'action="{invite}"' not in text


def test_closing_asks_first_with_the_drafts_that_could_no_longer_be_sent(world: World) -> None:
    campaign = open_campaign(title="Besoins 2026")
    ResponseFactory(campaign=campaign)
    url = reverse("diagnostics:campaign_close", kwargs={"pk": campaign.pk})
    client = world.client("federation")

    asked = client.post(url)

    assert asked.status_code == 200
    text = text_of(asked)
    assert "Clore la campagne « Besoins 2026 » ?" in text
    assert "Réponses commencées, pas encore envoyées</dt><dd>1</dd>" in text
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN

    assert client.post(url, {"confirme": "oui"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
