"""Figures shown on the territory pages, derived from stored rows only (nothing estimated)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from lakou.territory.models import (
    AGE_GROUP_ORDER,
    SENIOR_AGE_GROUPS,
    AgeGroup,
    AgeGroupPopulation,
    Commune,
)


@dataclass(frozen=True)
class PopulationTotal:
    population: int
    unknown_communes: int


def total_population(epcis: Iterable[Any]) -> PopulationTotal:
    """Adds up EPCI annotated by `Epci.objects.with_population()` (3 rows, no query)."""
    population = unknown = 0
    for epci in epcis:
        population += epci.population_sum or 0
        unknown += epci.unknown_population_count
    return PopulationTotal(population=population, unknown_communes=unknown)


def population_years(epcis: Iterable[Any]) -> list[int]:
    years: set[int] = set()
    for epci in epcis:
        years.update(y for y in (epci.population_year_min, epci.population_year_max) if y)
    return sorted(years)


@dataclass(frozen=True)
class AgeRow:
    age_group: str
    label: str
    population: int
    share: float | None


@dataclass(frozen=True)
class AgeTable:
    """One census year; shares are computed against the published total when there is one."""

    year: int
    rows: list[AgeRow]
    total: int | None
    senior_share: float | None
    source: str
    source_url: str


@dataclass(frozen=True)
class AgeStructure:
    """`regional` is True when the commune has no figures of its own and the region's are shown."""

    regional: bool
    tables: list[AgeTable]

    @property
    def latest(self) -> AgeTable | None:
        return self.tables[0] if self.tables else None


def _share(part: int, whole: int | None) -> float | None:
    return 100 * part / whole if whole else None


def age_tables(rows: Sequence[AgeGroupPopulation]) -> list[AgeTable]:
    """Group rows by year, latest first, age groups in census order."""
    by_year: dict[int, list[AgeGroupPopulation]] = {}
    for row in rows:
        by_year.setdefault(row.year, []).append(row)
    tables = []
    for year in sorted(by_year, reverse=True):
        year_rows = sorted(by_year[year], key=lambda r: AGE_GROUP_ORDER.get(r.age_group, 99))
        groups = [r for r in year_rows if r.age_group != AgeGroup.TOTAL]
        published_total = next(
            (r.population for r in year_rows if r.age_group == AgeGroup.TOTAL), None
        )
        total = (
            published_total if published_total is not None else sum(r.population for r in groups)
        )
        present = {r.age_group: r.population for r in groups}
        senior = (
            sum(present[g] for g in SENIOR_AGE_GROUPS)
            if all(g in present for g in SENIOR_AGE_GROUPS)
            else None
        )
        tables.append(
            AgeTable(
                year=year,
                rows=[
                    AgeRow(
                        age_group=r.age_group,
                        label=r.get_age_group_display(),
                        population=r.population,
                        share=_share(r.population, total),
                    )
                    for r in groups
                ],
                total=published_total,
                senior_share=_share(senior, total) if senior is not None else None,
                source=next((r.source for r in year_rows if r.source), ""),
                source_url=next((r.source_url for r in year_rows if r.source_url), ""),
            )
        )
    return tables


def age_structure_for(commune: Commune) -> AgeStructure:
    """The commune's own rows once imported, otherwise the region's; one query."""
    rows = list(
        AgeGroupPopulation.objects.filter(Q(commune=commune) | Q(commune__isnull=True)).order_by()
    )
    own = [r for r in rows if r.commune_id == commune.pk]
    if own:
        return AgeStructure(regional=False, tables=age_tables(own))
    return AgeStructure(regional=True, tables=age_tables(rows))
