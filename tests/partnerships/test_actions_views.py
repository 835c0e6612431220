"""The pages of the partnership actions, as each role uses them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lakou.partnerships.models import Action, ActionPartner, Contribution
from tests.accounts.factories import OrganisationFactory
from tests.partnerships.factories_actions import make_action, make_contribution, make_partner
from tests.territory.factories import CommuneFactory
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World.build()


def local(delta: timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def test_a_member_lists_every_action_with_filters(world: World) -> None:
    make_action(title="Concours ouvert", kind="contest")
    make_action(title="Job dating interne", is_public=False)
    client = world.client("provider")
    page = client.get(reverse("partnerships:action_list")).content.decode()
    assert "Concours ouvert" in page
    assert "Job dating interne" in page
    assert "Non publique" in page
    page = client.get(reverse("partnerships:action_list"), {"kind": "contest"}).content.decode()
    assert "Concours ouvert" in page
    assert "Job dating interne" not in page


def test_the_list_shows_actions_to_close(world: World) -> None:
    start = timezone.now() - timedelta(days=3)
    make_action(title="Passée non close", starts_at=start, ends_at=start + timedelta(hours=2))
    make_action(title="À venir")
    page = world.client("federation").get(
        reverse("partnerships:action_list"), {"status": "to_close"}
    )
    assert "Passée non close" in page.content.decode()
    assert "À venir" not in page.content.decode()


def test_a_person_cannot_list_member_actions(world: World) -> None:
    assert world.client("person").get(reverse("partnerships:action_list")).status_code == 403


def test_a_company_proposes_an_action(world: World) -> None:
    commune = CommuneFactory()
    response = world.client("company").post(
        reverse("partnerships:action_create"),
        {
            "kind": "expert_intervention",
            "title": "Intervention cybersécurité",
            "starts_at": local(timedelta(days=7)),
            "ends_at": local(timedelta(days=7, hours=2)),
            "commune": commune.pk,
            "venue": "Campus",
            "is_public": "on",
        },
    )
    action = Action.objects.get(title="Intervention cybersécurité")
    assert response.status_code == 302
    assert response["Location"] == action.get_absolute_url()
    assert list(action.organisers.all()) == [world.organisations["company"]]


def test_the_form_says_what_is_wrong_next_to_the_field(world: World) -> None:
    response = world.client("company").post(
        reverse("partnerships:action_create"),
        {
            "kind": "contest",
            "title": "Concours",
            "starts_at": local(timedelta(days=7)),
            "ends_at": local(timedelta(days=6)),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "La fin doit venir après le début." in page
    assert "Choisissez la commune de l" in page
    assert not Action.objects.exists()


def test_the_federation_chooses_organisers_a_company_does_not(world: World) -> None:
    assert (
        "organisers"
        in world.client("federation").get(reverse("partnerships:action_create")).content.decode()
    )
    assert (
        'name="organisers"'
        not in world.client("company").get(reverse("partnerships:action_create")).content.decode()
    )


def test_another_member_cannot_edit(world: World) -> None:
    action = make_action(actor=world.actor("company"))
    url = reverse("partnerships:action_edit", args=[action.pk])
    assert world.client("other_company").get(url).status_code == 403
    assert world.client("company").get(url).status_code == 200
    assert world.client("federation").get(url).status_code == 200


def test_the_detail_shows_contributions_to_editors_and_to_the_partner_only(world: World) -> None:
    action = make_action(actor=world.actor("federation"), title="Hackathon tourisme")
    partner = make_partner(action, world.organisations["company"])
    make_contribution(partner, description="Mécénat de Lakay", amount=Decimal(2500))
    other = make_partner(action, OrganisationFactory(company=True, name="Banque des îles"))
    make_contribution(other, description="Dotation des prix", amount=Decimal(800))
    url = action.get_absolute_url()
    federation = world.client("federation").get(url).content.decode()
    assert "Mécénat de Lakay" in federation
    assert "Dotation des prix" in federation
    assert "2 apports, d'une valeur totale de 3\xa0300,00 €" in federation
    company = world.client("company").get(url).content.decode()
    assert "Mécénat de Lakay" in company
    assert "Dotation des prix" not in company
    public = Client().get(url).content.decode()
    assert "Banque des îles" in public
    assert "Mécénat" not in public


def test_a_private_or_cancelled_action_is_not_public(world: World) -> None:
    private = make_action(is_public=False)
    assert Client().get(private.get_absolute_url()).status_code == 404
    assert world.client("auditor").get(private.get_absolute_url()).status_code == 200


def test_marking_held_from_the_page(world: World) -> None:
    start = timezone.now() - timedelta(hours=4)
    action = make_action(
        actor=world.actor("company"), starts_at=start, ends_at=start + timedelta(hours=3)
    )
    client = world.client("company")
    assert "Marquer comme réalisée" in client.get(action.get_absolute_url()).content.decode()
    response = client.post(
        reverse("partnerships:action_held", args=[action.pk]),
        {"participants": "35", "hires": "4", "outcome_notes": "Salle comble."},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.participants, action.hires) == ("held", 35, 4)


def test_a_future_action_cannot_be_held_from_the_page(world: World) -> None:
    action = make_action(actor=world.actor("company"))
    response = world.client("company").post(
        reverse("partnerships:action_held", args=[action.pk]), {"participants": "3"}
    )
    assert response.status_code == 400
    assert "pas encore commencé" in response.content.decode()


def test_cancelling_goes_through_a_confirmation_page(world: World) -> None:
    action = make_action(actor=world.actor("company"))
    client = world.client("company")
    url = reverse("partnerships:action_cancel", args=[action.pk])
    page = client.get(url).content.decode()
    assert "L&#x27;annulation est définitive" in page or "L'annulation est définitive" in page
    # Without the confirmation field, the page is shown again.
    assert client.post(url, {"reason": "Météo"}).status_code == 200
    action.refresh_from_db()
    assert action.status == Action.Status.PLANNED
    missing = client.post(url, {"confirme": "oui", "reason": ""})
    assert missing.status_code == 400
    assert client.post(url, {"confirme": "oui", "reason": "Alerte météo"}).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.cancellation_reason) == ("cancelled", "Alerte météo")


def test_adding_a_partner_by_list_or_by_siret(world: World) -> None:
    action = make_action(actor=world.actor("company"))
    client = world.client("company")
    url = reverse("partnerships:partner_add", args=[action.pk])
    provider = world.organisations["provider"]
    assert client.post(url, {"organisation": provider.pk, "role": "Experts"}).status_code == 302
    registry = OrganisationFactory(company=True, siret="90223456600021")
    assert client.post(url, {"siret": "90223456600021"}).status_code == 302
    assert set(ActionPartner.objects.values_list("organisation", flat=True)) == {
        provider.pk,
        registry.pk,
    }
    unknown = client.post(url, {"siret": "12345678901234"})
    assert unknown.status_code == 400
    assert "Aucune organisation du répertoire" in unknown.content.decode()
    twice = client.post(url, {"organisation": provider.pk})
    assert "déjà partenaire" in twice.content.decode()


def test_adding_expert_hours_computes_their_value(world: World) -> None:
    action = make_action(actor=world.actor("company"))
    partner = make_partner(action, world.organisations["provider"], actor=world.actor("company"))
    response = world.client("company").post(
        reverse("partnerships:contribution_add", args=[partner.pk]),
        {
            "kind": "expertise",
            "date": timezone.localdate().isoformat(),
            "description": "Jury du concours",
            "hours": "6",
            "hourly_value": "75",
        },
    )
    assert response.status_code == 302
    assert Contribution.objects.get().value == Decimal("450.00")


def test_a_contribution_without_amount_is_refused_next_to_the_field(world: World) -> None:
    partner = make_partner(make_action(actor=world.actor("company")), actor=world.actor("company"))
    response = world.client("company").post(
        reverse("partnerships:contribution_add", args=[partner.pk]),
        {"kind": "money", "date": timezone.localdate().isoformat(), "description": "Don"},
    )
    assert response.status_code == 400
    assert "Donnez le montant" in response.content.decode()


def test_removals_are_confirmed(world: World) -> None:
    company = world.actor("company")
    partner = make_partner(make_action(actor=company), actor=company)
    contribution = make_contribution(partner, actor=company)
    client = world.client("company")
    url = reverse("partnerships:contribution_remove", args=[contribution.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200  # no confirmation: the page again
    assert Contribution.objects.exists()
    assert client.post(url, {"confirme": "oui"}).status_code == 302
    assert not Contribution.objects.exists()
    url = reverse("partnerships:partner_remove", args=[partner.pk])
    assert world.client("other_company").post(url, {"confirme": "oui"}).status_code == 403
    assert client.post(url, {"confirme": "oui"}).status_code == 302
    assert not ActionPartner.objects.exists()


def test_the_menus_and_the_federation_home(world: World) -> None:
    start = timezone.now() - timedelta(days=2)
    make_action(title="À clôturer", starts_at=start, ends_at=start + timedelta(hours=1))
    make_action(title="Bientôt")
    home = world.client("federation").get(reverse("home")).content.decode()
    assert "Actions de partenariat" in home
    assert "action à clôturer" in home
    assert "Bientôt" in home
    public = Client().get(reverse("home")).content.decode()
    assert "Agenda des partenariats" in public
