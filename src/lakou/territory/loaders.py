"""Load the reference territory (EPCI, communes, regional age structure) from `data/`.

Idempotent: a row is created when missing, saved only when a value differs, never duplicated.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.db import models, transaction

from lakou.territory.models import AgeGroupPopulation, Commune, Epci

EPCI_FILE = "epci.csv"
COMMUNES_FILE = "communes.csv"
BOUNDARIES_FILE = "communes.geojson"
AGE_STRUCTURE_FILE = "martinique_age_structure.csv"
REGION_GEO_CODE = "REG-02"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {key: (value or "").strip() for key, value in row.items()}
            for row in csv.DictReader(handle)
        ]


def _int_or_none(value: str) -> int | None:
    return int(value) if value else None


def _float_or_none(value: str) -> float | None:
    return float(value) if value else None


def _upsert[M: models.Model](
    model: type[M], obj: M | None, lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[M, str]:
    """`obj` is the stored row for `lookup`, if any. Returns the row and what happened to it:
    "created", "updated" or "unchanged"."""
    if obj is None:
        return model._default_manager.create(**lookup, **values), "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=changed)
    return obj, "updated"


def _boundaries(path: Path) -> dict[str, dict[str, Any]]:
    collection = json.loads(path.read_text(encoding="utf-8"))
    return {
        feature["properties"]["code"]: feature["geometry"] for feature in collection["features"]
    }


def load_reference_territory(data_dir: Path) -> dict[str, int]:
    """Upsert the 3 EPCI, the 34 communes with their outline and the region's age structure."""
    epci_rows = _read_csv(data_dir / EPCI_FILE)
    commune_rows = _read_csv(data_dir / COMMUNES_FILE)
    age_rows = [
        row
        for row in _read_csv(data_dir / AGE_STRUCTURE_FILE)
        if row["geo_code"] == REGION_GEO_CODE
    ]
    boundaries = _boundaries(data_dir / BOUNDARIES_FILE)
    outcomes: dict[str, int] = {"created": 0, "updated": 0, "unchanged": 0}

    with transaction.atomic():
        epci_by_siren = {epci.siren: epci for epci in Epci.objects.all()}
        for row in epci_rows:
            epci, outcome = _upsert(
                Epci,
                epci_by_siren.get(row["siren"]),
                {"siren": row["siren"]},
                {
                    "name": row["name"],
                    "short_name": row["short_name"],
                    "alt_short_name": row["alt_short_name"],
                    "seat_insee_code": row["seat_insee_code"],
                },
            )
            epci_by_siren[epci.siren] = epci
            outcomes[outcome] += 1

        communes = {commune.insee_code: commune for commune in Commune.objects.all()}
        for row in commune_rows:
            _commune, outcome = _upsert(
                Commune,
                communes.get(row["insee_code"]),
                {"insee_code": row["insee_code"]},
                {
                    "name": row["name"],
                    "epci_id": epci_by_siren[row["epci_siren"]].pk,
                    "population": _int_or_none(row["population"]),
                    "population_year": _int_or_none(row["population_year"]),
                    "centroid_lat": _float_or_none(row["centroid_lat"]),
                    "centroid_lon": _float_or_none(row["centroid_lon"]),
                    "postal_codes": row["postal_codes"],
                    "boundary": boundaries.get(row["insee_code"]),
                },
            )
            outcomes[outcome] += 1

        regional = {(r.year, r.age_group): r for r in AgeGroupPopulation.objects.regional()}
        for row in age_rows:
            _row, outcome = _upsert(
                AgeGroupPopulation,
                regional.get((int(row["year"]), row["age_group"])),
                {"commune": None, "year": int(row["year"]), "age_group": row["age_group"]},
                {
                    "population": int(row["population"]),
                    "source": row["source_table"],
                    "source_url": row["source_url"],
                },
            )
            outcomes[outcome] += 1

    return {
        "EPCI": len(epci_rows),
        "communes": len(commune_rows),
        "populations par âge (Martinique)": len(age_rows),
        "territoire, lignes créées": outcomes["created"],
        "territoire, lignes modifiées": outcomes["updated"],
    }
