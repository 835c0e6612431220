"""Indicator 2 in the API: public figures with statistical secrecy, exact ones for the federation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from lakou.api.auth import TokenAuth
from lakou.core.actor import Actor
from lakou.core.indicators import IndicatorInputError, get_indicator
from lakou.core.period import parse_period, parse_territory
from lakou.training.indicators import (
    EMPLOYMENT_6_MONTHS,
    PEOPLE_CERTIFIED,
    employment_dict,
    people_certified_dict,
    training_outcomes,
    with_secrecy,
)
from lakou.training.perms_indicators import can_see_exact_outcomes

router = Router(tags=["Formations"])

SHAPES = {PEOPLE_CERTIFIED: people_certified_dict, EMPLOYMENT_6_MONTHS: employment_dict}


def anonymous(request: HttpRequest) -> bool:
    """Without a token (or with an unknown one) the caller gets the public figures."""
    return True


@router.get(
    "/indicateurs/{indicator_id}",
    response=dict[str, Any],
    auth=[TokenAuth(), anonymous],
    url_name="training_indicator",
    summary="Personnes certifiées ou emploi à six mois, pour une période et un territoire",
)
def training_indicator(
    request: HttpRequest, indicator_id: str, period: str, territory: str = ""
) -> dict[str, Any]:
    """`people-certified` ou `employment-6-months`. Période : 2026 ou 2026-Q3. Territoire : vide,
    SIREN d'un EPCI ou code INSEE. Secret statistique (moins de 5 personnes : `null`), sauf pour
    un jeton de la fédération."""
    if indicator_id not in SHAPES:
        raise HttpError(404, _unknown(indicator_id))
    try:
        result = training_outcomes(parse_period(period), parse_territory(territory))
    except IndicatorInputError as error:
        raise HttpError(400, str(error)) from error
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
