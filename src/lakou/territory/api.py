"""Public, read-only API of the territory reference (communes, EPCI, population by age)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Schema

from lakou.api.routers import Router
from lakou.territory.models import Commune, Epci
from lakou.territory.stats import age_structure_for

router = Router(tags=["Territoire"])


class EpciOut(Schema):
    siren: str
    name: str
    short_name: str
    alt_short_name: str
    seat_insee_code: str
    commune_count: int
    population: int | None
    unknown_population_count: int
    commune_insee_codes: list[str]


class CommuneOut(Schema):
    insee_code: str
    name: str
    epci_siren: str
    epci_short_name: str
    population: int | None
    population_year: int | None
    postal_codes: list[str]
    centroid_lat: float | None
    centroid_lon: float | None


class AgeGroupOut(Schema):
    age_group: str
    label: str
    population: int
    share_pct: float | None


class AgeYearOut(Schema):
    year: int
    total: int | None
    groups: list[AgeGroupOut]
    source: str
    source_url: str


class CommuneDetailOut(CommuneOut):
    age_structure_scope: str
    age_structure: list[AgeYearOut]


def _epcis() -> QuerySet[Epci]:
    members = Commune.objects.only("insee_code", "epci_id").order_by("insee_code")
    return Epci.objects.with_population().prefetch_related(Prefetch("communes", queryset=members))


def _epci_out(epci: Any) -> EpciOut:
    """`epci` comes from `_epcis()`, annotated with its population."""
    return EpciOut(
        siren=epci.siren,
        name=epci.name,
        short_name=epci.short_name,
        alt_short_name=epci.alt_short_name,
        seat_insee_code=epci.seat_insee_code,
        commune_count=epci.commune_count,
        population=epci.population_sum,
        unknown_population_count=epci.unknown_population_count,
        commune_insee_codes=[c.insee_code for c in epci.communes.all()],
    )


def _commune_fields(commune: Commune) -> dict[str, Any]:
    return {
        "insee_code": commune.insee_code,
        "name": commune.name,
        "epci_siren": commune.epci.siren,
        "epci_short_name": commune.epci.short_name,
        "population": commune.population,
        "population_year": commune.population_year,
        "postal_codes": commune.postal_codes.split(),
        "centroid_lat": commune.centroid_lat,
        "centroid_lon": commune.centroid_lon,
    }


@router.get("/epci", response=list[EpciOut], summary="Les communautés d'agglomération (EPCI)")
def epci_list(request: HttpRequest) -> list[EpciOut]:
    """La population est la somme des populations municipales connues des communes membres."""
    return [_epci_out(epci) for epci in _epcis()]


@router.get("/epci/{siren}", response=EpciOut, summary="Une communauté d'agglomération, par SIREN")
def epci_detail(request: HttpRequest, siren: str) -> EpciOut:
    epci = get_object_or_404(_epcis(), siren=siren)
    return _epci_out(epci)


@router.get("/communes", response=list[CommuneOut], summary="Les communes de Martinique")
def commune_list(request: HttpRequest) -> list[CommuneOut]:
    communes = Commune.objects.with_epci().defer("boundary").order_by("insee_code")
    return [CommuneOut(**_commune_fields(commune)) for commune in communes]


@router.get(
    "/communes/{insee_code}", response=CommuneDetailOut, summary="Une commune, par code INSEE"
)
def commune_detail(request: HttpRequest, insee_code: str) -> CommuneDetailOut:
    """`age_structure_scope` vaut `commune` si la commune a ses propres chiffres, sinon `region` :
    ce sont alors ceux de la Martinique entière."""
    commune = get_object_or_404(
        Commune.objects.with_epci().defer("boundary"), insee_code=insee_code
    )
    ages = age_structure_for(commune)
    return CommuneDetailOut(
        **_commune_fields(commune),
        age_structure_scope="region" if ages.regional else "commune",
        age_structure=[
            AgeYearOut(
                year=table.year,
                total=table.total,
                groups=[
                    AgeGroupOut(
                        age_group=row.age_group,
                        label=row.label,
                        population=row.population,
                        share_pct=round(row.share, 1) if row.share is not None else None,
                    )
                    for row in table.rows
                ],
                source=table.source,
                source_url=table.source_url,
            )
            for table in ages.tables
        ],
    )


ROUTES = [("/territoire", router)]
