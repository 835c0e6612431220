"""Demo venues: a digital corner in every town hall of the 34 communes, libraries and France
Services in the larger ones, each EPCI's premises at its seat, the demo associations' rooms.

Fictional like the rest of the demo: names and addresses are plausible, the carriers' numbers
generated (Luhn-valid), except the EPCI's, which are the real SIREN of the reference data.
Coordinates stay empty: the demo does not know where a venue stands.
"""

from __future__ import annotations

import random

from lakou.accounts.models import Organisation
from lakou.core.demo import Scale, demo_siret
from lakou.mediation.models import Access, Fee, Guidance, Public, Service, Venue, VenueKind
from lakou.territory.models import Commune, Epci

HOURS = (
    "Mo-Fr 08:00-12:00,14:00-17:00",
    "Mo,Tu,Th,Fr 08:00-12:30; We 08:00-12:00",
    "Tu-Fr 09:00-17:00; Sa 09:00-12:00",
    "Mo-Fr 07:30-13:00",
)
STREETS = (
    "rue Victor Hugo",
    "rue Schœlcher",
    "place de l'Église",
    "boulevard du Front de mer",
    "rue de la République",
)
# Communes of at least this many inhabitants also have a library and a France Services.
LARGE_COMMUNE = 15_000


def of_commune(name: str) -> str:
    """« du Lamentin », « des Trois-Îlets », « de La Trinité », « de Sainte-Anne »."""
    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith("Les "):
        return f"des {name[4:]}"
    return f"de {name}"


def _postal_code(commune: Commune) -> str:
    codes = commune.postal_codes.split()
    return codes[0] if codes else "97200"


def _phone(rng: random.Random) -> str:
    return f"+596596{rng.randrange(10**5, 10**6)}"


def _venue(rng: random.Random, commune: Commune, **fields: object) -> Venue:
    services = rng.sample(list(Service.values), k=rng.randint(2, 4))
    values: dict[str, object] = {
        "commune": commune,
        "postal_code": _postal_code(commune),
        "address": f"{rng.randint(1, 40)} {rng.choice(STREETS)}",
        "opening_hours": rng.choice(HOURS),
        "phone": _phone(rng),
        "computers": rng.randint(0, 8),
        "has_wifi": rng.random() < 0.8,
        "has_projector": rng.random() < 0.5,
        "capacity": rng.choice((8, 10, 12, 15, 20)),
        "accessibility": rng.choice(
            ("Plain-pied", "Ascenseur", "Rampe d'accès, toilettes adaptées", "")
        ),
        "services": services,
        "publics": [Public.SENIORS] if rng.random() < 0.6 else [],
        "fees": [Fee.FREE],
        "access_modes": [Access.WALK_IN, Access.PHONE],
        "guidance_modes": [Guidance.INDIVIDUAL, Guidance.WORKSHOP],
    }
    values.update(fields)
    return Venue.objects.create(**values)


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Venue.objects.exists():
        return {"lieux de médiation": Venue.objects.count()}
    communes = list(Commune.objects.order_by("insee_code"))
    # A town hall with a Lakou account keeps its own venue (the demo's: Le Lamentin).
    town_halls = {
        o.commune_id: o
        for o in Organisation.objects.filter(kind=Organisation.Kind.TOWN_HALL).order_by("pk")
    }
    for commune in communes:
        town = f"Ville {of_commune(commune.name)}"
        town_hall = town_halls.get(commune.pk)
        _venue(
            rng,
            commune,
            name=f"Espace numérique de la mairie — {commune.name}",
            kind=VenueKind.TOWN_HALL,
            carrier_name=town,
            carrier_number=demo_siret(rng),
            manager=town_hall,
            summary="Un conseiller vous aide à faire vos démarches en ligne et à utiliser votre téléphone.",
            publics=[Public.SENIORS],
            services=[Service.PROCEDURES, Service.EVERYDAY_TOOLS],
        )
        if (commune.population or 0) >= LARGE_COMMUNE:
            _venue(
                rng,
                commune,
                name=f"Médiathèque — {commune.name}",
                kind=VenueKind.LIBRARY,
                carrier_name=town,
                carrier_number=demo_siret(rng),
                summary="Ordinateurs en accès libre, Wi-Fi et ateliers pour débuter.",
                has_wifi=True,
                guidance_modes=[Guidance.AUTONOMOUS, Guidance.WORKSHOP],
            )
            _venue(
                rng,
                commune,
                name=f"France Services — {commune.name}",
                kind=VenueKind.FRANCE_SERVICES,
                carrier_name=town,
                carrier_number=demo_siret(rng),
                summary="Aide aux démarches : CAF, impôts, retraite, santé, France Travail.",
                services=[Service.PROCEDURES, Service.EMPLOYMENT],
                access_modes=[Access.WALK_IN, Access.PHONE, Access.ONLINE_BOOKING],
            )
    by_code = {commune.insee_code: commune for commune in communes}
    for epci in Epci.objects.all():
        organisation = Organisation.objects.filter(kind=Organisation.Kind.EPCI, epci=epci).first()
        seat = by_code.get(epci.seat_insee_code)
        if seat is None:
            continue
        _venue(
            rng,
            seat,
            name=f"Espace numérique — {epci.short_name or epci.name}",
            kind=VenueKind.EPCI,
            carrier_name=epci.name,
            carrier_number=epci.siren,
            manager=organisation,
            summary="Ateliers collectifs pour les seniors et les très petites entreprises.",
            publics=[Public.SENIORS],
        )
    for association in Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION).exclude(
        commune=None
    )[: max(scale.associations, 1)]:
        assert association.commune is not None
        _venue(
            rng,
            association.commune,
            name=f"Local de {association.name}",
            kind=VenueKind.ASSOCIATION,
            carrier_name=association.name,
            carrier_number=association.siret or demo_siret(rng),
            manager=association,
            summary="Permanences d'aide au numérique, en français et en créole.",
            fees=[Fee.FREE_UNDER_CONDITION],
        )
    return {"lieux de médiation": Venue.objects.count()}
