"""The national export of the lieux de médiation numérique, validated against the published
Table Schema (v1.0.2, tests/standards/) with frictionless, and the public pages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lakou.mediation.services.venues import COLUMNS, venues_csv, venues_json
from tests.mediation.factories_venues import make_venue
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).parents[1] / "standards" / "lieux-mediation-numerique-1.0.2" / "schema.json"


def frictionless_errors(content: bytes, tmp_path: Path) -> list[str]:
    from frictionless import Resource, Schema

    (tmp_path / "lieux.csv").write_bytes(content)
    schema = Schema.from_descriptor(json.loads(SCHEMA.read_text(encoding="utf-8")))
    report = Resource("lieux.csv", basepath=str(tmp_path), schema=schema).validate()
    return [error.message for task in report.tasks for error in task.errors]


def test_the_schema_accepts_its_own_example_and_refuses_a_broken_line(tmp_path: Path) -> None:
    """The validator is not blind: the schema's example passes, a line without `pivot` fails."""
    example = (SCHEMA.parent / "exemple-valide.csv").read_bytes()
    assert frictionless_errors(example, tmp_path) == []
    broken = example.replace(b'"43493312300029"', b'""', 1)
    assert frictionless_errors(broken, tmp_path) != []


def test_the_csv_export_is_valid_against_the_national_schema(tmp_path: Path) -> None:
    make_venue()
    make_venue(
        kind="association",
        name='=HYPERLINK("http://x")',  # a formula: neutralised, still valid
        carrier_name="Asso Lyannaj Numérik",
        carrier_number="W972001234",
        commune=CommuneFactory(marigot=True),
        postal_code="97225",
        phone="",
        services=[],
        publics=[],
        fees=["Gratuit sous condition", "Payant"],
        access_modes=[],
        guidance_modes=["À distance"],
        latitude=14.81,
        longitude=-61.03,
    )
    make_venue(kind="company", name="Caraïbes Réseaux", is_published=False)  # left out

    content = venues_csv()

    assert frictionless_errors(content, tmp_path) == []
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert list(rows[0].keys()) == list(COLUMNS)
    assert len(rows) == 2
    first, second = rows
    assert first["pivot"] == "21972209700017"
    assert first["typologie"] == "BIB"
    assert first["telephone"] == "+596596601234"
    assert first["services"] == (
        "Aide aux démarches administratives|Accès internet et matériel informatique"
    )
    assert first["code_insee"] == "97209"
    assert second["pivot"] == "W972001234"  # an association's RNA number
    assert second["structure_parente"] == "Asso Lyannaj Numérik"
    assert second["nom"].startswith("'=")
    assert second["typologie"] == "ASSO"
    assert second["commune"] == "Le Marigot"


def test_the_carrier_number_is_a_siret_a_siren_or_an_rna_number() -> None:
    from django.core.exceptions import ValidationError

    from lakou.mediation.models.venues import validate_carrier_number

    for good in ("21972209700017", "219722097", "W972001234"):
        validate_carrier_number(good)
    for bad in ("21972209700014", "12345", "W97200123", "=1+1"):
        with pytest.raises(ValidationError):
            validate_carrier_number(bad)


def test_the_json_export_holds_the_same_lines_without_empty_fields() -> None:
    venue = make_venue(address_complement="")
    rows = json.loads(venues_json())
    assert [row["id"] for row in rows] == [f"lakou-{venue.pk}"]
    assert "complement_adresse" not in rows[0]
    assert "latitude" not in rows[0]  # unknown: left out, not invented


def test_the_public_list_filters_by_territory_and_links_the_files(client: Client) -> None:
    make_venue(name="Médiathèque du centre")
    make_venue(name="Mairie du Marigot", kind="town_hall", commune=CommuneFactory(marigot=True))
    make_venue(name="Lieu caché", is_published=False)
    url = reverse("mediation:venue_list")

    everything = client.get(url).content.decode()
    marigot = client.get(url, {"territory": "97216"}).content.decode()

    assert "Médiathèque du centre" in everything
    assert "Mairie du Marigot" in everything
    assert "Lieu caché" not in everything
    assert "Médiathèque du centre" not in marigot
    assert "Mairie du Marigot" in marigot
    assert reverse("mediation:venues_csv") in everything


def test_a_venue_page_says_how_to_come(client: Client) -> None:
    venue = make_venue()
    page = client.get(venue.get_absolute_url()).content.decode()
    assert "0596 60 12 34" in page
    assert "du mardi au samedi, de 9 h à 17 h" in page
    assert "Gratuit" in page
    hidden = make_venue(is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_the_api_lists_the_venues_in_the_schemas_words(client: Client) -> None:
    make_venue()
    body: dict[str, Any] = client.get("/api/v1/mediation/lieux").json()
    assert body["count"] == 1
    assert body["results"][0]["pivot"] == "21972209700017"
    assert client.get("/api/v1/mediation/lieux", {"territory": "12"}).status_code == 422
