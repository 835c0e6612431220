"""Every write on the territory tables (the reference loader aside, see loaders.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.imports import WriteCounts
from lakou.territory.models import AgeGroupPopulation, Commune


@dataclass(frozen=True)
class CommuneAgeRow:
    commune: Commune
    year: int
    age_group: str
    population: int
    source: str = ""
    source_url: str = ""


def commune_ages_import(
    *, actor: Actor | None, rows: Sequence[CommuneAgeRow], file_name: str = ""
) -> WriteCounts:
    """Upsert population by age per (commune, year, age group); one audit entry for the file."""
    with transaction.atomic():
        existing = {
            (row.commune_id, row.year, row.age_group): row
            for row in AgeGroupPopulation.objects.filter(
                commune__in={row.commune for row in rows},
                year__in={row.year for row in rows},
            )
        }
        to_create: list[AgeGroupPopulation] = []
        to_update: list[AgeGroupPopulation] = []
        for row in rows:
            current = existing.get((row.commune.pk, row.year, row.age_group))
            if current is None:
                to_create.append(
                    AgeGroupPopulation(
                        commune=row.commune,
                        year=row.year,
                        age_group=row.age_group,
                        population=row.population,
                        source=row.source,
                        source_url=row.source_url,
                    )
                )
                continue
            new_values = {
                "population": row.population,
                "source": row.source,
                "source_url": row.source_url,
            }
            if any(getattr(current, name) != value for name, value in new_values.items()):
                for name, value in new_values.items():
                    setattr(current, name, value)
                to_update.append(current)
        AgeGroupPopulation.objects.bulk_create(to_create)
        AgeGroupPopulation.objects.bulk_update(to_update, ["population", "source", "source_url"])
        audit_record(
            actor=actor,
            action="territory.commune_ages.import",
            changes={
                "file": file_name,
                "rows": len(rows),
                "created": len(to_create),
                "updated": len(to_update),
                "communes": sorted({row.commune.insee_code for row in rows}),
                "years": sorted({row.year for row in rows}),
            },
        )
    return WriteCounts(created=len(to_create), updated=len(to_update))
