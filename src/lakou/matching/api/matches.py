"""Indicator 5 in the API: successful matches, for a period and a territory."""

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
from lakou.matching.indicators import (
    SUCCESSFUL_MATCHES,
    matches_with_secrecy,
    successful_matches,
)
from lakou.matching.perms.matches import can_see_exact_indicators

router = Router(tags=["Orientation et mise en relation"])

SHAPES = (SUCCESSFUL_MATCHES,)


class IndicatorPath(Schema):
    # Listed, not enforced: an unknown indicator is a 404 that names the known ones.
    indicator_id: str = Field(json_schema_extra={"enum": list(SHAPES)})


@router.get(
    "/indicateurs/{indicator_id}",
    response={200: dict[str, Any], **errors(404)},
    auth=TokenAuth(optional=True),
    url_name="matching_indicator",
    summary="Mises en relation réussies, pour une période et un territoire",
)
def matching_indicator(
    request: HttpRequest, path: Path[IndicatorPath], query: Query[PeriodTerritory]
) -> dict[str, Any]:
    """Secret statistique (moins de 5 : `null`), sauf pour un jeton de la fédération. Un
    indicateur ou un EPCI inconnu répond 404."""
    if path.indicator_id not in SHAPES:
        raise HttpError(
            404,
            _("Indicateur inconnu : « %(id)s ». Indicateurs de l'orientation : %(known)s.")
            % {"id": path.indicator_id, "known": ", ".join(SHAPES)},
        )
    period, territory = resolve(query)
    actor = getattr(request, "auth", None)
    exact = isinstance(actor, Actor) and can_see_exact_indicators(actor)
    result = successful_matches(period, territory)
    data = (result if exact else matches_with_secrecy(result)).as_dict()
    indicator = get_indicator(path.indicator_id)
    return {"indicator": indicator.id, "title": str(indicator.title)} | data
