"""The public territory API under /api/v1/territoire."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lakou.territory.models import Commune
from tests.territory.factories import AgeGroupPopulationFactory

pytestmark = pytest.mark.usefixtures("reference_territory")

BASE = "/api/v1/territoire"


def test_it_lists_the_3_epci_with_their_population_and_communes(client: Client) -> None:
    response = client.get(f"{BASE}/epci")

    assert response.status_code == 200
    by_siren = {epci["siren"]: epci for epci in response.json()}
    assert sorted(by_siren) == ["200041788", "249720053", "249720061"]
    cacem = by_siren["249720061"]
    assert cacem["short_name"] == "CACEM"
    assert cacem["population"] == 150642
    assert cacem["commune_count"] == 4
    assert cacem["commune_insee_codes"] == ["97209", "97213", "97224", "97229"]
    assert sum(epci["population"] for epci in by_siren.values()) == 360630


def test_it_gives_one_epci_by_siren_or_404(client: Client) -> None:
    assert client.get(f"{BASE}/epci/200041788").json()["commune_count"] == 18
    assert client.get(f"{BASE}/epci/123456789").status_code == 404


def test_it_lists_the_34_communes_with_their_epci_and_population(
    client: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        response = client.get(f"{BASE}/communes")

    communes = response.json()
    assert len(communes) == 34
    fort_de_france = next(c for c in communes if c["insee_code"] == "97209")
    assert fort_de_france == {
        "insee_code": "97209",
        "name": "Fort-de-France",
        "epci_siren": "249720061",
        "epci_short_name": "CACEM",
        "population": 75506,
        "population_year": 2023,
        "postal_codes": ["97200", "97234"],
        "centroid_lat": pytest.approx(14.6, abs=0.1),
        "centroid_lon": pytest.approx(-61.1, abs=0.1),
    }


def test_one_commune_carries_the_regional_age_structure_until_its_own_is_imported(
    client: Client,
) -> None:
    detail = client.get(f"{BASE}/communes/97209").json()

    assert detail["age_structure_scope"] == "region"
    latest = detail["age_structure"][0]
    assert latest["year"] == 2020
    assert latest["total"] == 361225
    assert {g["age_group"]: g["share_pct"] for g in latest["groups"]}["60-74"] == 19.1

    AgeGroupPopulationFactory(commune=Commune.objects.get(insee_code="97209"), year=2021)
    detail = client.get(f"{BASE}/communes/97209").json()

    assert detail["age_structure_scope"] == "commune"
    assert [table["year"] for table in detail["age_structure"]] == [2021]


def test_an_unknown_commune_answers_404(client: Client) -> None:
    assert client.get(f"{BASE}/communes/97299").status_code == 404


def test_the_openapi_schema_describes_the_territory_routes(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {"/api/v1/territoire/epci", "/api/v1/territoire/communes/{insee_code}"} <= set(paths)
