"""Periods (`2026`, `2026-Q3`) and territories (all, EPCI SIREN, commune INSEE code) of indicators."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.core.indicators import IndicatorInputError
from lakou.territory.models import Commune, Epci

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-[QqTt](?P<quarter>[1-4]))?$")


class PeriodError(IndicatorInputError):
    pass


class TerritoryError(IndicatorInputError):
    pass


@dataclass(frozen=True)
class Period:
    code: str
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.code[4:]:
            return _("%(quarter)se trimestre %(year)s") % {
                "quarter": self.code[-1],
                "year": self.code[:4],
            }
        return _("année %(year)s") % {"year": self.code}

    def datetimes(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes in the local time zone, for timestamp columns."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.start, time.min, tzinfo=zone)
        end = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)
        return start, end


@dataclass(frozen=True)
class Territory:
    code: str
    label: str
    kind: str  # "all", "epci" or "commune"


def parse_period(text: str) -> Period:
    """`2026` is the calendar year, `2026-Q3` (or `2026-T3`) its third quarter."""
    match = _PERIOD.match((text or "").strip())
    if match is None:
        raise PeriodError(
            _(
                "Période invalide : « %(text)s ». Écrivez une année (2026) ou un trimestre (2026-Q3)."
            )
            % {"text": text}
        )
    year = int(match["year"])
    if not 2000 <= year <= 2100:
        raise PeriodError(_("Année hors limites : %(year)s.") % {"year": year})
    if match["quarter"] is None:
        return Period(code=str(year), start=date(year, 1, 1), end=date(year, 12, 31))
    quarter = int(match["quarter"])
    start = date(year, 3 * quarter - 2, 1)
    next_start = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return Period(code=f"{year}-Q{quarter}", start=start, end=next_start - timedelta(days=1))


def parse_territory(code: str | None) -> Territory:
    """Empty is all of Martinique; 9 digits an EPCI SIREN; 5 characters a commune INSEE code."""
    code = (code or "").strip()
    if not code:
        return Territory(code="", label=_("toute la Martinique"), kind="all")
    if len(code) == 9 and code.isdigit():
        epci = Epci.objects.filter(siren=code).first()
        if epci is None:
            raise TerritoryError(_("Aucun EPCI n'a le SIREN « %(code)s ».") % {"code": code})
        return Territory(code=code, label=epci.short_name, kind="epci")
    if len(code) == 5:
        commune = Commune.objects.filter(insee_code=code.upper()).only("name").first()
        if commune is None:
            raise TerritoryError(
                _("Aucune commune n'a le code INSEE « %(code)s ».") % {"code": code}
            )
        return Territory(code=code.upper(), label=commune.name, kind="commune")
    raise TerritoryError(
        _(
            "Territoire invalide : « %(code)s ». Laissez vide pour toute la Martinique, ou donnez "
            "le SIREN d'un EPCI (9 chiffres) ou le code INSEE d'une commune (5 caractères)."
        )
        % {"code": code}
    )


def indicator_frame(period: Period, territory: Territory, *, is_public: bool) -> dict[str, Any]:
    """What every indicator's answer says of its period, territory and secrecy."""
    return {
        "period": period.code,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "territory": territory.code,
        "territory_label": territory.label,
        "statistical_secrecy": is_public,
    }
