"""Indicator 2 in the API: public figures with statistical secrecy, exact ones for the federation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Schema
from ninja.errors import HttpError

from lakou.api.auth import TokenAuth
from lakou.api.errors import errors
from lakou.api.params import PeriodTerritory, resolve
from lakou.api.routers import Router
from lakou.core.actor import Actor
from lakou.core.indicators import get_indicator
from lakou.training.indicators import (
    EMPLOYMENT_6_MONTHS,
    PEOPLE_CERTIFIED,
    employment_dict,
    people_certified_dict,
    training_outcomes,
    with_secrecy,
)
from lakou.training.perms.indicators import can_see_exact_outcomes

router = Router(tags=["Formations"])

SHAPES = {PEOPLE_CERTIFIED: people_certified_dict, EMPLOYMENT_6_MONTHS: employment_dict}


class IndicatorPath(Schema):
    # Listed, not enforced: an unknown indicator is a 404 that names the known ones.
    indicator_id: str = Field(json_schema_extra={"enum": list(SHAPES)})


@router.get(
    "/indicateurs/{indicator_id}",
    response={200: dict[str, Any], **errors(404)},
    # Without a token (or with an unknown one) the caller gets the public figures.
    auth=TokenAuth(optional=True),
    url_name="training_indicator",
    summary="Personnes certifiées ou emploi à six mois, pour une période et un territoire",
)
def training_indicator(
    request: HttpRequest,
    path: Path[IndicatorPath],
    query: Query[PeriodTerritory],
) -> dict[str, Any]:
    """Secret statistique (moins de 5 personnes : `null`), sauf pour un jeton de la fédération.
    Un indicateur ou un EPCI inconnu répond 404."""
    indicator_id = path.indicator_id
    if indicator_id not in SHAPES:
        raise HttpError(404, _unknown(indicator_id))
    result = training_outcomes(*resolve(query))
    actor = getattr(request, "auth", None)
    if not (isinstance(actor, Actor) and can_see_exact_outcomes(actor)):
        result = with_secrecy(result)
    indicator = get_indicator(indicator_id)
    return {"indicator": indicator.id, "title": str(indicator.title)} | SHAPES[indicator_id](result)


def _unknown(indicator_id: str) -> str:
    return _("Indicateur inconnu : « %(id)s ». Indicateurs des formations : %(known)s.") % {
        "id": indicator_id,
        "known": ", ".join(SHAPES),
    }
