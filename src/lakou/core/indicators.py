"""The registry of the brief's indicators, by identifier (`companies-diagnosed`, ...).

Each solution's app registers its indicators in its own `indicators.py` module, discovered on
first use like `admin.py`. A function takes the period and territory as typed by the user and
returns a JSON-ready dict; bad input raises `IndicatorInputError` with a French message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

IndicatorFunction = Callable[..., dict[str, Any]]


class IndicatorInputError(ValueError):
    """A period, territory or indicator the user gave is not understood; the message is French."""


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str | Promise
    function: IndicatorFunction


_registry: dict[str, Indicator] = {}
_discovered = False


def register(indicator_id: str, function: IndicatorFunction, *, title: str | Promise = "") -> None:
    _registry[indicator_id] = Indicator(id=indicator_id, title=title, function=function)


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("indicators")
        _discovered = True


def indicators() -> list[Indicator]:
    _discover()
    return sorted(_registry.values(), key=lambda indicator: indicator.id)


def get_indicator(indicator_id: str) -> Indicator:
    _discover()
    try:
        return _registry[indicator_id]
    except KeyError:
        known = ", ".join(sorted(_registry)) or _("aucun")
        raise IndicatorInputError(
            _("Indicateur inconnu : « %(id)s ». Indicateurs disponibles : %(known)s.")
            % {"id": indicator_id, "known": known}
        ) from None


def compute(indicator_id: str, period: str, territory: str = "") -> dict[str, Any]:
    """The indicator for a period (`2026`, `2026-Q3`) and a territory (empty, EPCI SIREN, INSEE)."""
    indicator = get_indicator(indicator_id)
    return {"indicator": indicator.id, "title": str(indicator.title)} | indicator.function(
        period=period, territory=territory
    )
