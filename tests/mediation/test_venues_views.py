"""Keeping venue records: an association adds its room, errors at their field, who may edit."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lakou.core.models import AuditEntry
from lakou.mediation.models import Venue
from tests.mediation.factories_venues import make_venue
from tests.territory.factories import CommuneFactory
from tests.world import World

pytestmark = pytest.mark.django_db


def venue_form(commune: Any, **fields: Any) -> dict[str, Any]:
    return {
        "name": "Local de l'association",
        "kind": "association",
        "carrier_name": "Réseau Matnik Médiation",
        "carrier_number": "W972001234",
        "commune": commune.pk,
        "postal_code": "97200",
        "address": "3 rue Lamartine",
        "opening_hours": "Mo-Fr 09:00-12:00",
        "phone": "0596 61 22 33",
        "computers": 4,
        "capacity": 10,
        "services": ["Aide aux démarches administratives"],
        "guidance_modes": ["Dans un atelier collectif"],
        "is_published": "on",
        **fields,
    }


def test_an_association_adds_its_room_and_finds_it_in_its_list() -> None:
    world = World.build()
    client = world.client("association")
    commune = CommuneFactory()

    response = client.post(reverse("mediation:venue_create"), venue_form(commune))

    venue = Venue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == venue.get_absolute_url()
    assert venue.manager == world.organisations["association"]
    assert venue.phone == "+596596612233"
    assert venue.services == ["Aide aux démarches administratives"]
    assert AuditEntry.objects.filter(action="venue.create").count() == 1
    mine = client.get(reverse("mediation:venue_mine")).content.decode()
    assert "Local de l&#x27;association" in mine or "Local de l'association" in mine


def test_wrong_values_are_refused_next_to_their_field() -> None:
    world = World.build()
    commune = CommuneFactory()
    response = world.client("association").post(
        reverse("mediation:venue_create"),
        venue_form(commune, postal_code="97290", phone="12", carrier_number="123", capacity=0),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Numéro de téléphone invalide" in page
    assert "Écrivez un SIRET (14 chiffres)" in page
    assert not Venue.objects.exists()

    response = world.client("association").post(
        reverse("mediation:venue_create"), venue_form(commune, postal_code="97290")
    )
    assert "Ce code postal n&#x27;est pas celui de Fort-de-France" in response.content.decode()
    response = world.client("association").post(
        reverse("mediation:venue_create"), venue_form(commune, capacity=0)
    )
    assert "combien de places" in response.content.decode()
    assert not Venue.objects.exists()


def test_only_the_keeper_and_the_federation_edit_a_venue() -> None:
    world = World.build()
    venue = make_venue(manager=world.organisations["association"])
    url = reverse("mediation:venue_edit", kwargs={"pk": venue.pk})

    assert world.client("company").get(url).status_code == 403
    assert world.client("federation").get(url).status_code == 200
    response = world.client("association").post(
        url, venue_form(venue.commune, name="Nouveau nom", is_published="")
    )
    venue.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("mediation:venue_mine")  # unpublished: no public page
    assert venue.name == "Nouveau nom"
    assert venue.manager == world.organisations["association"]


def test_the_federation_sees_every_venue_others_their_own() -> None:
    world = World.build()
    make_venue(name="Médiathèque de la ville")
    make_venue(manager=world.organisations["association"], name="Local associatif")
    federation = world.client("federation").get(reverse("mediation:venue_mine")).content.decode()
    association = world.client("association").get(reverse("mediation:venue_mine")).content.decode()
    assert "Médiathèque de la ville" in federation
    assert "Médiathèque de la ville" not in association
    assert "Local associatif" in association
