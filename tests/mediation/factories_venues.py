"""Venues of mediation, written as the administration writes them."""

from __future__ import annotations

import itertools
from typing import Any

from lakou.mediation.models import Venue
from lakou.territory.models import Commune
from tests.territory.factories import CommuneFactory

_numbers = itertools.count(1)


def make_venue(*, commune: Commune | None = None, **fields: Any) -> Venue:
    number = next(_numbers)
    values: dict[str, Any] = {
        "name": f"Médiathèque n° {number}",
        "kind": "library",
        "carrier_name": "Ville de Fort-de-France",
        "carrier_number": "21972209700017",
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
