"""Indicator 5, successful matches, as docs/indicateurs.md defines it.

Matches that reached « successful » in the period (by `successful_at`, Martinique time), in the
territory of their commune (the opportunity's; the person's for a remote one). Three aggregate
queries: the territory, GROUP BY kind, GROUP BY EPCI.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lakou.core import indicators
from lakou.core.period import Period, Territory, indicator_frame, parse_period, parse_territory
from lakou.core.secrecy import THRESHOLD, protect_lines
from lakou.matching.models import Match, MatchStatus, OpportunityKind
from lakou.territory.models import Epci, territory_q

SUCCESSFUL_MATCHES = "successful-matches"
NO_EPCI = ""

COUNTS = {"matches": Count("pk"), "remote": Count("pk", filter=Q(is_remote=True))}


@dataclass(frozen=True)
class MatchRow:
    key: str
    label: str
    matches: int | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MatchesResult:
    period: Period
    territory: Territory
    overall: MatchRow
    remote: int | None
    by_kind: list[MatchRow]
    by_epci: list[MatchRow]
    is_public: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "numerator": self.overall.matches,
            "denominator": None,
            "rate": None,
            "percentage": None,
            "matches": self.overall.matches,
            "remote": self.remote,
            **indicator_frame(self.period, self.territory, is_public=self.is_public),
            "breakdowns": {
                "kind": [row.as_dict() for row in self.by_kind],
                "epci": [row.as_dict() for row in self.by_epci],
            },
        }


def successful_in(period: Period, territory: Territory) -> Any:
    start, end = period.datetimes()
    return Match.objects.filter(
        territory_q(territory.code, "commune"),
        status=MatchStatus.SUCCESSFUL,
        successful_at__gte=start,
        successful_at__lt=end,
    )


def successful_matches(period: Period, territory: Territory) -> MatchesResult:
    """Exact figures, in three queries (four with the EPCI names)."""
    matches = successful_in(period, territory)
    overall = matches.aggregate(**COUNTS)
    kinds = {
        row["kind"]: row["matches"] for row in matches.order_by().values("kind").annotate(**COUNTS)
    }
    epcis = {
        row["commune__epci__siren"] or NO_EPCI: row["matches"]
        for row in matches.order_by().values("commune__epci__siren").annotate(**COUNTS)
    }
    names = dict(Epci.objects.values_list("siren", "short_name"))
    by_epci = [
        MatchRow(key=siren, label=names[siren], matches=epcis.get(siren, 0))
        for siren in sorted(names, key=lambda s: names[s].casefold())
        if territory.kind == "all" or siren in epcis
    ]
    if epcis.get(NO_EPCI):
        by_epci.append(
            MatchRow(key=NO_EPCI, label=_("Commune non renseignée"), matches=epcis[NO_EPCI])
        )
    return MatchesResult(
        period=period,
        territory=territory,
        overall=MatchRow(key="", label=territory.label, matches=overall["matches"]),
        remote=overall["remote"],
        by_kind=[
            MatchRow(key=kind, label=str(label), matches=kinds.get(kind, 0))
            for kind, label in OpportunityKind.choices
        ],
        by_epci=by_epci,
    )


def matches_with_secrecy(result: MatchesResult, threshold: int = THRESHOLD) -> MatchesResult:
    """Each successful match is a person's. The kinds and the EPCI each add up to the total:
    protected together (threshold 5, with secondary secrecy); « remote » alone."""
    kinds = [row.matches or 0 for row in result.by_kind]
    epcis = [row.matches or 0 for row in result.by_epci]
    total_index = len(kinds) + len(epcis)
    values = [*kinds, *epcis, result.overall.matches or 0]
    lines = [
        [*range(len(kinds)), total_index],
        [*range(len(kinds), total_index), total_index],
    ]
    secret = protect_lines(values, lines, threshold=threshold)
    remote = result.remote
    return replace(
        result,
        overall=replace(
            result.overall, matches=None if secret[total_index] else result.overall.matches
        ),
        remote=None if remote is not None and 0 < remote < threshold else remote,
        by_kind=[
            replace(row, matches=None if secret[i] else row.matches)
            for i, row in enumerate(result.by_kind)
        ],
        by_epci=[
            replace(row, matches=None if secret[len(kinds) + i] else row.matches)
            for i, row in enumerate(result.by_epci)
        ],
        is_public=True,
    )


def _successful_matches(*, period: str, territory: str) -> dict[str, Any]:
    return successful_matches(parse_period(period), parse_territory(territory)).as_dict()


indicators.register(
    SUCCESSFUL_MATCHES, _successful_matches, title=gettext_lazy("Mises en relation réussies")
)
