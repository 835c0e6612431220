"""Venues API: the public list of the lieux de médiation numérique, in the schema's words."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema

from lakou.api.pagination import Rows, paginated
from lakou.api.params import TERRITORY_PATTERN
from lakou.api.routers import Router
from lakou.mediation.services.venues import exported_venues, venue_row

router = Router(tags=["Médiation numérique"])


class VenueOut(Schema):
    """One line of the national schema (v1.0.2); empty texts are "" and unknown numbers null."""

    id: str
    pivot: str
    nom: str
    commune: str
    code_postal: str
    code_insee: str
    adresse: str
    complement_adresse: str
    latitude: float | None
    longitude: float | None
    typologie: str
    telephone: str
    courriels: str
    site_web: str
    horaires: str
    presentation_resume: str
    presentation_detail: str
    source: str
    itinerance: str
    structure_parente: str
    date_maj: str
    services: str
    publics_specifiquement_adresses: str
    prise_en_charge_specifique: str
    frais_a_charge: str
    modalites_acces: str
    modalites_accompagnement: str
    prise_rdv: str


class VenueFilters(Schema):
    territory: str = Field(
        "",
        pattern=TERRITORY_PATTERN,
        description="SIREN d'un EPCI ou code INSEE d'une commune ; vide : toute la Martinique",
    )


def _out(venue: Any) -> dict[str, Any]:
    fields = VenueOut.model_fields
    return {key: value for key, value in venue_row(venue).items() if key in fields}


@router.get(
    "/lieux",
    response=list[VenueOut],
    url_name="mediation_venues",
    summary="Les lieux de médiation numérique (schéma national 1.0.2)",
)
@paginated(page_size=100)
def mediation_venues(request: HttpRequest, filters: Query[VenueFilters]) -> Rows:
    return Rows(exported_venues().in_territory(filters.territory), convert=_out)
