"""Deterministic demo data: shared vocabulary, scales and the registry of per-app seeders."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import autodiscover_modules

from lakou.core.identifiers import luhn_valid


@dataclass(frozen=True)
class Scale:
    name: str
    companies: int
    people: int
    providers: int
    auditors: int
    associations: int


SCALES = {
    "demo": Scale("demo", companies=400, people=600, providers=6, auditors=3, associations=3),
    "martinique": Scale(
        "martinique", companies=40_000, people=200_000, providers=40, auditors=12, associations=25
    ),
}

Seeder = Callable[..., dict[str, int]]

_seeders: dict[str, Seeder] = {}


def register(name: str, seeder: Seeder) -> None:
    """Called by each app's `demo` module, in the order its seeders depend on each other; apps
    run in the order of INSTALLED_APPS. `name` seeds the seeder's random generator: keep it when
    the code moves, and the demo stays the same."""
    _seeders[name] = seeder


def demo_seeders() -> list[tuple[str, Seeder]]:
    """In the order of INSTALLED_APPS, then of registration within an app, even when a test
    imported one app's demo module before the others were discovered."""
    autodiscover_modules("demo")
    ranks = {config.name: rank for rank, config in enumerate(apps.get_app_configs())}

    def app_rank(name: str) -> int:
        return next((rank for app, rank in ranks.items() if name.startswith(f"{app}.")), len(ranks))

    return sorted(_seeders.items(), key=lambda item: app_rank(item[0]))


FIRST_NAMES_F = [
    "Marie-Josée",
    "Nadège",
    "Maëva",
    "Sandrine",
    "Rosette",
    "Mylène",
    "Ginette",
    "Laurence",
    "Murielle",
    "Josiane",
    "Léa",
    "Inès",
    "Kimberley",
    "Océane",
    "Sylvie",
    "Paulette",
    "Marie-Line",
    "Françoise",
    "Édith",
    "Yolène",
    "Annick",
    "Christiane",
    "Émeline",
    "Chloé",
    "Lucienne",
    "Georgette",
    "Stéphanie",
    "Manon",
    "Héloïse",
    "Fabienne",
]
FIRST_NAMES_M = [
    "Jean-Claude",
    "Ludovic",
    "Théo",
    "Yannick",
    "Fritz",
    "Lucien",
    "Didier",
    "Rodrigue",
    "Jean-Marc",
    "Serge",
    "Kévin",
    "Enzo",
    "Maxime",
    "Thierry",
    "Daniel",
    "Alain",
    "Gérard",
    "Joël",
    "Patrice",
    "Raphaël",
    "Nathan",
    "Loïc",
    "Olivier",
    "Rudy",
    "Frantz",
    "Camille",
    "Hugues",
    "Steeve",
    "Emmanuel",
    "Marius",
]
LAST_NAMES = [
    "Jean-Baptiste",
    "Louis-Joseph",
    "Sainte-Rose",
    "Marie-Sainte",
    "Charles-Angèle",
    "Rosamond",
    "Joseph",
    "Jean-Louis",
    "Marie-Luce",
    "Élisabeth",
    "Dorval",
    "Bellance",
    "Célestine",
    "Lordinot",
    "Larcher",
    "Grandisson",
    "Lise",
    "Moutoussamy",
    "Nicolas",
    "Agat",
    "Cadet",
    "Victor",
    "Alexandre",
    "Privat",
    "Pierre-Charles",
    "Ursulet",
    "Étienne",
    "Eugène",
    "Monrose",
    "Placide",
    "Rémy",
    "Sylvestre",
    "Toussaint",
    "Valérius",
    "Marajo",
    "Régis",
    "Bally",
    "Saint-Éloi",
    "Zami",
    "Édouard",
    "Lucette",
    "Pamphile",
    "Romain",
    "Fontaine",
    "Ozier-Lafontaine",
    "Gabourg",
    "Desravines",
]
COMPANY_WORDS = [
    "Lakay",
    "Ti Kaz",
    "Zanmi",
    "Madinina",
    "Bèlè",
    "Solèy",
    "Lanmè",
    "Kréyol",
    "Koulè",
    "Piton",
    "Anba Bwa",
    "Flanboyan",
    "Karukera",
    "Mabouya",
    "Kolibri",
    "Zandoli",
    "Matinik",
    "Fanal",
    "Gwo Ka",
    "Pawol",
    "Bonbon Siwo",
    "Kannari",
    "Lagon",
    "Caraïbe",
    "Alizés",
    "Ti Punch",
    "Mango",
    "Zabrico",
    "Pomme-Cannelle",
    "Ylang",
]

# (NAF code, trade word, weight): a plausible mix for Martinique's small-firm economy.
NAF_MIX = [
    ("47.11F", "Supérette", 9),
    ("56.10A", "Restaurant", 9),
    ("43.21A", "Électricité", 6),
    ("45.20A", "Garage", 6),
    ("96.02A", "Coiffure", 6),
    ("10.71C", "Boulangerie", 4),
    ("49.41A", "Transports", 4),
    ("41.20A", "Construction", 5),
    ("55.10Z", "Hôtel", 3),
    ("68.20A", "Immobilier", 3),
    ("69.20Z", "Expertise comptable", 3),
    ("62.01Z", "Informatique", 3),
    ("62.02A", "Conseil numérique", 2),
    ("73.11Z", "Communication", 2),
    ("86.21Z", "Cabinet médical", 3),
    ("47.73Z", "Pharmacie", 2),
    ("01.13Z", "Maraîchage", 4),
    ("03.11Z", "Pêche", 3),
    ("71.12B", "Bureau d'études", 2),
    ("85.59A", "Formation", 2),
    ("93.29Z", "Loisirs", 2),
    ("82.11Z", "Services administratifs", 2),
]


def person_name(rng: random.Random) -> tuple[str, str]:
    first = rng.choice(FIRST_NAMES_F if rng.random() < 0.52 else FIRST_NAMES_M)
    return first, rng.choice(LAST_NAMES)


def luhn_complete(base: str) -> str:
    """Append the digit that makes `base` pass the Luhn check."""
    for digit in "0123456789":
        if luhn_valid(base + digit):
            return base + digit
    raise AssertionError("unreachable: one digit always completes a Luhn number")


def demo_siret(rng: random.Random) -> str:
    # SIREN 9 digits (Luhn), then NIC 4 digits + key so that the 14 digits pass Luhn.
    siren = luhn_complete(f"{rng.randrange(10**7, 10**8):08d}")
    while siren.startswith("356000000"):
        siren = luhn_complete(f"{rng.randrange(10**7, 10**8):08d}")
    return luhn_complete(siren + f"{rng.randrange(1, 999):04d}")


def seed_all(*, scale: Scale, seed: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, seeder in demo_seeders():
        counts.update(seeder(scale=scale, rng=random.Random(f"{seed}-{name}")))
    return counts
