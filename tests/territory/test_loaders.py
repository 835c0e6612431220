from __future__ import annotations

import pytest
from django.conf import settings
from django.db.models import Sum

from lakou.territory.loaders import load_reference_territory
from lakou.territory.models import AgeGroupPopulation, Commune, Epci

pytestmark = pytest.mark.django_db


def _snapshot() -> list[tuple[object, ...]]:
    return [
        *Epci.objects.order_by("siren").values_list(),
        *Commune.objects.order_by("insee_code").values_list(),
        *AgeGroupPopulation.objects.order_by("year", "age_group").values_list(),
    ]


def test_it_loads_the_3_epci_and_the_34_communes_of_martinique() -> None:
    counts = load_reference_territory(settings.DATA_DIR)

    assert counts["EPCI"] == 3
    assert counts["communes"] == 34
    assert Epci.objects.count() == 3
    assert Commune.objects.count() == 34
    assert Commune.objects.aggregate(total=Sum("population"))["total"] == 360630
    assert set(Commune.objects.values_list("population_year", flat=True)) == {2023}


def test_every_commune_gets_its_outline_and_its_epci() -> None:
    load_reference_territory(settings.DATA_DIR)

    assert not Commune.objects.filter(boundary__isnull=True).exists()
    fort_de_france = Commune.objects.get(insee_code="97209")
    assert fort_de_france.name == "Fort-de-France"
    assert fort_de_france.epci.short_name == "CACEM"
    assert fort_de_france.population == 75506
    assert fort_de_france.postal_codes == "97200 97234"
    assert fort_de_france.boundary["type"] in {"Polygon", "MultiPolygon"}
    assert dict(Epci.objects.with_population().values_list("short_name", "population_sum")) == {
        "CACEM": 150642,
        "CAP Nord Martinique": 95085,
        "CAESM": 114903,
    }


def test_it_keeps_the_regional_age_structure_with_its_source() -> None:
    load_reference_territory(settings.DATA_DIR)

    regional = AgeGroupPopulation.objects.regional()
    assert regional.count() == 21
    row = regional.get(year=2020, age_group="60-74")
    assert row.population == 69093
    assert row.source.startswith("Insee POP T0")
    assert row.source_url == "https://insee.fr/en/statistiques/7633152?geo=REG-02"


def test_running_it_twice_changes_nothing_and_duplicates_nothing() -> None:
    first = load_reference_territory(settings.DATA_DIR)
    before = _snapshot()

    second = load_reference_territory(settings.DATA_DIR)

    assert _snapshot() == before
    assert first["territoire, lignes créées"] == 3 + 34 + 21
    assert second["territoire, lignes créées"] == 0
    assert second["territoire, lignes modifiées"] == 0


def test_it_repairs_a_changed_row_without_duplicating_it() -> None:
    load_reference_territory(settings.DATA_DIR)
    Commune.objects.filter(insee_code="97209").update(population=1, name="Foyal")

    counts = load_reference_territory(settings.DATA_DIR)

    assert counts["territoire, lignes modifiées"] == 1
    assert Commune.objects.get(insee_code="97209").population == 75506
    assert Commune.objects.count() == 34
