"""Parameter types shared by the operations: a date, a period, a territory, a rounded decimal."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import BeforeValidator, ValidationInfo
from pydantic_core import CoreSchema, core_schema

from lakou.api.errors import describe_pattern
from lakou.core.indicators import IndicatorInputError
from lakou.core.period import Period, Territory, TerritoryError, parse_period, parse_territory


def json_integer(value: Any) -> Any:
    """An integer as JSON writes it: 7 or 7.0 (the same number for JSON Schema), never `true`
    (which pydantic would read as 1) nor the text "7"."""
    if isinstance(value, bool | str):
        raise ValueError(_("Nombre entier attendu."))
    return value


# "Not blank": at least one character that is not a space. Python's `\s` and JavaScript's (which
# the OpenAPI document's patterns follow) differ: Python counts U+001C-U+001F and U+0085 as
# spaces, JavaScript U+FEFF; this class excludes all of them, so that both read it the same.
NOT_BLANK = describe_pattern(r"[^\s\x1c-\x1f\x85\ufeff]", gettext_lazy("Ne peut pas être vide."))


# A year from 2000 to 2100, or one of its quarters; the commune codes are Martinique's 34.
PERIOD_PATTERN = describe_pattern(
    r"^(20[0-9]{2}|2100)(-Q[1-4])?$",
    gettext_lazy("Écrivez une année (2026) ou un trimestre (2026-Q3), de 2000 à 2100."),
)
TERRITORY_PATTERN = describe_pattern(
    r"^([0-9]{9}|972(0[1-9]|[12][0-9]|3[0-4]))?$",
    gettext_lazy(
        "Laissez vide pour toute la Martinique, ou donnez le SIREN d'un EPCI (9 chiffres) ou "
        "le code INSEE d'une commune (97201 à 97234)."
    ),
)
ROME_PATTERN = describe_pattern(
    r"^[A-N][0-9]{4}$", gettext_lazy("Un code ROME : une lettre de A à N et 4 chiffres (M1805).")
)
COMMUNE_PATTERN = describe_pattern(
    r"^972(0[1-9]|[12][0-9]|3[0-4])$",
    gettext_lazy("Le code INSEE d'une commune de Martinique (97201 à 97234)."),
)

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date_only(value: Any) -> Any:
    """Pydantic also reads a number as a Unix time; the schema says `YYYY-MM-DD`, so do we."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value
    raise ValueError(_("Date attendue (AAAA-MM-JJ)."))


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]


class PeriodTerritory(Schema):
    period: str = Field(
        pattern=PERIOD_PATTERN,
        description="Une année (2026) ou un trimestre (2026-Q3), de 2000 à 2100",
        examples=["2026", "2026-Q3"],
    )
    territory: str = Field(
        "",
        pattern=TERRITORY_PATTERN,
        description=(
            "Vide : toute la Martinique ; SIREN d'un EPCI (9 chiffres) ; code INSEE d'une "
            "commune (97201 à 97234). Un EPCI inconnu répond 404."
        ),
    )


def resolve(filters: PeriodTerritory) -> tuple[Period, Territory]:
    """The period and territory named; an unknown territory is a 404, in French."""
    try:
        return parse_period(filters.period), parse_territory(filters.territory)
    except TerritoryError as error:
        raise HttpError(404, str(error)) from error
    except IndicatorInputError as error:
        raise HttpError(400, str(error) or _("Période ou territoire invalide.")) from error


def _number_only(value: Any, info: ValidationInfo) -> Any:
    """A JSON number: a text such as "12.5" is refused, since the schema can only promise what
    is accepted for a number (a text pattern cannot say "from 0.01 to 10,000,000"). A form sent
    by a page's own button has only texts: `validate_body(…, form=True)` reads them."""
    if isinstance(value, str) and (info.context or {}).get("form"):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(_("Nombre attendu (par exemple 12.5), sans guillemets."))
    return value


@dataclass(frozen=True)
class DecimalNumber:
    """`Annotated[Decimal, DecimalNumber(2, ge=0, le=100)]`: a number from `ge` to `le`, rounded
    half up to `places` decimals. A JSON schema cannot say how many decimals a number has, so
    any precision in range is accepted and rounded, never refused; the bounds are checked before
    rounding, as the schema says, and the schema says exactly that."""

    places: int
    ge: Decimal | int
    le: Decimal | int

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> CoreSchema:
        step = Decimal(1).scaleb(-self.places)
        return core_schema.with_info_before_validator_function(
            _number_only,
            core_schema.no_info_after_validator_function(
                lambda value: value.quantize(step, rounding=ROUND_HALF_UP),
                core_schema.decimal_schema(ge=Decimal(self.ge), le=Decimal(self.le)),
            ),
        )

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: Any) -> dict[str, Any]:
        return {"type": "number", "minimum": float(self.ge), "maximum": float(self.le)}
