"""Venues of mediation, written as the administration writes them."""

from __future__ import annotations

import itertools
from typing import Any

from lakou.accounts.models import Organisation
from lakou.mediation.models import Venue
from lakou.territory.models import Commune
from tests.accounts.factories import OrganisationFactory
from tests.territory.factories import CommuneFactory

_numbers = itertools.count(1)


def town_hall() -> Organisation:
    """The carrier of most venues: a town with its SIRET (the export's `pivot`)."""
    existing = Organisation.objects.filter(siret="21972209000013").first()
    return existing or OrganisationFactory(siret="21972209000013", name="Ville de Fort-de-France")


def make_venue(
    *, carrier: Organisation | None = None, commune: Commune | None = None, **fields: Any
) -> Venue:
    number = next(_numbers)
    values: dict[str, Any] = {
        "name": f"Médiathèque n° {number}",
        "kind": "library",
        "carrier": carrier or town_hall(),
        "commune": commune or CommuneFactory(),
        "postal_code": "97200",
        "address": "1 rue Victor Hugo",
        "opening_hours": "Tu-Sa 09:00-17:00",
        "phone": "+596596601234",
        "email": "mediatheque@exemple.mq",
        "summary": "Ordinateurs en accès libre et aide aux démarches.",
        "computers": 6,
        "has_wifi": True,
        "capacity": 12,
        "services": [
            "Aide aux démarches administratives",
            "Accès internet et matériel informatique",
        ],
        "publics": ["Seniors"],
        "fees": ["Gratuit"],
        "access_modes": ["Se présenter", "Téléphoner"],
        "guidance_modes": ["Accompagnement individuel", "Dans un atelier collectif"],
    }
    values.update(fields)
    return Venue.objects.create(**values)
