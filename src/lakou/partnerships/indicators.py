"""Indicator 3, partnership actions held and placements hosted, as docs/indicateurs.md defines it.

Aggregate queries only: one for the territory and one per breakdown (GROUP BY kind, EPCI).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lakou.core import indicators
from lakou.core.period import (
    Period,
    Territory,
    indicator_frame,
    parse_period,
    parse_territory,
)
from lakou.core.secrecy import THRESHOLD, protect_lines
from lakou.partnerships.models import (
    PLACEMENT_KIND_CHOICES,
    Action,
    ActionKind,
    ActionQuerySet,
    Agreement,
)
from lakou.territory.models import territory_q

PARTNERSHIP_ACTIONS = "partnership-actions"
PLACEMENTS_HOSTED = "placements-hosted"

# An agreement that has started: a later break-off does not undo the placement.
STARTED_STATES = (
    Agreement.Status.ACTIVE,
    Agreement.Status.ENDED,
    Agreement.Status.BROKEN_OFF,
)


# ---------------------------------------------------------------- partnership-actions


@dataclass(frozen=True)
class ActionRow:
    """Actions held of one kind (or all): counts of actions, and the people the organisers
    declared (None: secret on a public view)."""

    key: str
    label: str
    actions: int
    participants: int | None
    hires: int | None
    online: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ActionsResult:
    period: Period
    territory: Territory
    overall: ActionRow
    by_kind: list[ActionRow]
    is_public: bool = False

    def as_dict(self) -> dict[str, Any]:
        return (
            {
                "numerator": self.overall.actions,
                "denominator": None,
                "rate": None,
                "percentage": None,
                "actions": self.overall.actions,
                "online": self.overall.online,
                "participants": self.overall.participants,
                "hires": self.overall.hires,
            }
            | indicator_frame(self.period, self.territory, is_public=self.is_public)
            | {"breakdowns": {"kind": [row.as_dict() for row in self.by_kind]}}
        )


def held_actions(period: Period, territory: Territory) -> ActionQuerySet:
    """Held actions that END in the period (Martinique time); online ones only for all
    Martinique."""
    start, end = period.datetimes()
    actions = Action.objects.held().filter(ends_at__gte=start, ends_at__lt=end)
    return actions.in_territory(territory.code, with_online=False)


ACTION_COUNTS = {
    "actions": Count("pk"),
    "participants": Sum("participants"),
    "hires": Sum("hires"),
    "online": Count("pk", filter=Q(is_online=True)),
}


def _action_row(key: str, label: str, counts: dict[str, Any]) -> ActionRow:
    return ActionRow(
        key=key,
        label=label,
        actions=counts["actions"],
        participants=counts["participants"] or 0,
        hires=counts["hires"] or 0,
        online=counts["online"],
    )


def partnership_actions(period: Period, territory: Territory) -> ActionsResult:
    """Exact figures: 2 queries (the territory, then GROUP BY kind); every kind has its row."""
    actions = held_actions(period, territory)
    overall = actions.aggregate(**ACTION_COUNTS)
    counts: dict[str, dict[str, Any]] = {
        row["kind"]: dict(row)
        for row in actions.order_by().values("kind").annotate(**ACTION_COUNTS)
    }
    empty: dict[str, Any] = {"actions": 0, "participants": 0, "hires": 0, "online": 0}
    return ActionsResult(
        period=period,
        territory=territory,
        overall=_action_row("", territory.label, overall),
        by_kind=[
            _action_row(kind, str(label), counts.get(kind, empty))
            for kind, label in ActionKind.choices
        ],
    )


def actions_with_secrecy(result: ActionsResult, threshold: int = THRESHOLD) -> ActionsResult:
    """Actions are not people: their counts stay. Participants and hires are people: each column
    (kinds, then the total) is protected as one addition."""
    rows = [*result.by_kind, result.overall]
    hidden: dict[str, list[bool]] = {}
    for figure in ("participants", "hires"):
        values = [getattr(row, figure) or 0 for row in rows]
        hidden[figure] = protect_lines(values, [list(range(len(rows)))], threshold=threshold)

    def shown(position: int, row: ActionRow) -> ActionRow:
        return replace(
            row,
            participants=None if hidden["participants"][position] else row.participants,
            hires=None if hidden["hires"][position] else row.hires,
        )

    return replace(
        result,
        by_kind=[shown(position, row) for position, row in enumerate(result.by_kind)],
        overall=shown(len(rows) - 1, result.overall),
        is_public=True,
    )


# ---------------------------------------------------------------- placements-hosted


@dataclass(frozen=True)
class PlacementRow:
    key: str
    label: str
    placements: int | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PlacementsResult:
    period: Period
    territory: Territory
    overall: PlacementRow
    breakdowns: dict[str, list[PlacementRow]]
    broken_off: int | None = None
    is_public: bool = False

    def as_dict(self) -> dict[str, Any]:
        return (
            {
                "numerator": self.overall.placements,
                "denominator": None,
                "rate": None,
                "percentage": None,
                "placements": self.overall.placements,
                "broken_off": self.broken_off,
            }
            | indicator_frame(self.period, self.territory, is_public=self.is_public)
            | {
                "breakdowns": {
                    name: [row.as_dict() for row in rows] for name, rows in self.breakdowns.items()
                }
            }
        )


def started_agreements(period: Period, territory: Territory) -> QuerySet[Agreement]:
    """Agreements that started in the period (start date in it, and the agreement became active
    — ended or broken off since), at a host company of the territory."""
    return Agreement.objects.filter(
        territory_q(territory.code, "company__commune"),
        starts_on__gte=period.start,
        starts_on__lte=period.end,
        status__in=STARTED_STATES,
    )


def placements_hosted(period: Period, territory: Territory) -> PlacementsResult:
    """Exact figures: 3 queries (the territory, GROUP BY kind, GROUP BY EPCI)."""
    agreements = started_agreements(period, territory)
    overall = agreements.aggregate(
        placements=Count("pk"), broken_off=Count("pk", filter=Q(status=Agreement.Status.BROKEN_OFF))
    )
    kinds = dict(agreements.order_by().values_list("kind").annotate(n=Count("pk")))
    epcis = (
        agreements.order_by()
        .values_list("company__commune__epci__siren", "company__commune__epci__short_name")
        .annotate(n=Count("pk"))
    )
    epci_rows = sorted(
        (
            PlacementRow(
                key=siren or "", label=name or _("Commune non renseignée"), placements=count
            )
            for siren, name, count in epcis
        ),
        key=lambda row: (row.key == "", row.label.casefold()),
    )
    return PlacementsResult(
        period=period,
        territory=territory,
        overall=PlacementRow(key="", label=territory.label, placements=overall["placements"]),
        breakdowns={
            "kind": [
                PlacementRow(key=kind, label=str(label), placements=kinds.get(kind, 0))
                for kind, label in PLACEMENT_KIND_CHOICES
            ],
            "epci": epci_rows,
        },
        broken_off=overall["broken_off"],
    )


def placements_with_secrecy(
    result: PlacementsResult, threshold: int = THRESHOLD
) -> PlacementsResult:
    """People: every count of 1 to `threshold - 1` is secret; the kinds and the EPCI each add up
    to the total, so each table is a line with the total last."""
    values: list[int] = []
    lines: list[list[int]] = []
    for rows in result.breakdowns.values():
        start = len(values)
        values += [row.placements or 0 for row in rows]
        lines.append([*range(start, len(values)), -1])
    total_index = len(values)
    values.append(result.overall.placements or 0)
    broken_index = len(values)
    broken = result.broken_off or 0
    # Not published, but total − break-offs would give it: one more addition to protect.
    values += [broken, max((result.overall.placements or 0) - broken, 0)]
    lines = [[total_index if index == -1 else index for index in line] for line in lines]
    lines.append([broken_index, broken_index + 1, total_index])
    secret = protect_lines(values, lines, threshold=threshold)

    position = 0
    breakdowns: dict[str, list[PlacementRow]] = {}
    for name, rows in result.breakdowns.items():
        shown = []
        for row in rows:
            shown.append(replace(row, placements=None if secret[position] else row.placements))
            position += 1
        breakdowns[name] = shown
    return replace(
        result,
        overall=replace(
            result.overall, placements=None if secret[total_index] else result.overall.placements
        ),
        breakdowns=breakdowns,
        broken_off=None if secret[broken_index] else result.broken_off,
        is_public=True,
    )


# ---------------------------------------------------------------- the registry


def _partnership_actions(*, period: str, territory: str) -> dict[str, Any]:
    return partnership_actions(parse_period(period), parse_territory(territory)).as_dict()


def _placements_hosted(*, period: str, territory: str) -> dict[str, Any]:
    return placements_hosted(parse_period(period), parse_territory(territory)).as_dict()


indicators.register(
    PARTNERSHIP_ACTIONS, _partnership_actions, title=gettext_lazy("Actions de partenariat")
)
indicators.register(
    PLACEMENTS_HOSTED,
    _placements_hosted,
    title=gettext_lazy("Stagiaires et alternants accueillis"),
)
