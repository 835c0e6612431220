"""Indicator 4, active mediators and workshops held, as docs/indicateurs.md defines it.

Aggregate queries only: for the mediators, one UNION of the distinct (mediator, kind, EPCI) found
active through a held workshop or a live act, counted in memory (at most mediators × 3 rows); for
the workshops, one query for the territory and one per breakdown (GROUP BY audience, EPCI).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from django.db.models import Count, IntegerField, Q, QuerySet, Value
from django.utils import timezone
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
from lakou.mediation.models import Act, Audience, MediatorKind, Workshop
from lakou.territory.models import Epci, territory_q

ACTIVE_MEDIATORS = "active-mediators"
WORKSHOPS_HELD = "workshops-held"
NO_EPCI = ""


def held_workshops(period: Period, territory: Territory, now: datetime | None = None) -> Any:
    """Published workshops (never cancelled ones, nor drafts) whose start lies in the period, in
    Martinique time, and is past; in the territory of their venue's commune."""
    start, end = period.datetimes()
    now = now or timezone.now()
    return Workshop.objects.filter(
        territory_q(territory.code, "venue__commune"),
        status=Workshop.Status.PUBLISHED,
        starts_at__gte=start,
        starts_at__lt=min(end, now),
    )


def live_acts(period: Period, territory: Territory) -> QuerySet[Act]:
    """Acts not withdrawn, dated in the period, in the territory of their commune; the act of a
    workshop cancelled since does not count."""
    start, end = period.datetimes()
    return (
        Act.objects.live()
        .filter(territory_q(territory.code), starts_at__gte=start, starts_at__lt=end)
        .exclude(workshop__status=Workshop.Status.CANCELLED)
    )


# ---------------------------------------------------------------- active-mediators


@dataclass(frozen=True)
class MediatorRow:
    key: str
    label: str
    mediators: int | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MediatorsResult:
    period: Period
    territory: Territory
    overall: MediatorRow
    through_workshops: int | None
    through_acts_only: int | None
    by_kind: list[MediatorRow]
    by_epci: list[MediatorRow]
    is_public: bool = False

    def as_dict(self) -> dict[str, Any]:
        return (
            {
                "numerator": self.overall.mediators,
                "denominator": None,
                "rate": None,
                "percentage": None,
                "mediators": self.overall.mediators,
                "through_workshops": self.through_workshops,
                "through_acts_only": self.through_acts_only,
            }
            | indicator_frame(self.period, self.territory, is_public=self.is_public)
            | {
                "breakdowns": {
                    "kind": [row.as_dict() for row in self.by_kind],
                    "epci": [row.as_dict() for row in self.by_epci],
                }
            }
        )


def active_mediators(
    period: Period, territory: Territory, now: datetime | None = None
) -> MediatorsResult:
    """Exact figures: one query (UNION of the workshops' and the acts' distinct triples)."""
    # Tagged, so that the UNION keeps the source: 1 for a workshop led, 0 for an act.
    led = (
        held_workshops(period, territory, now)
        .filter(mediators__isnull=False)
        .annotate(source=Value(1, output_field=IntegerField()))
        .values_list("mediators__pk", "mediators__kind", "venue__commune__epci__siren", "source")
    )
    acted = (
        live_acts(period, territory)
        .annotate(source=Value(0, output_field=IntegerField()))
        .values_list("mediator_id", "mediator__kind", "commune__epci__siren", "source")
    )
    rows = set(led.order_by().union(acted.order_by()).order_by())
    kinds: dict[int, str] = {}
    epcis: dict[str, set[int]] = defaultdict(set)
    through_workshops: set[int] = set()
    for mediator_id, kind, siren, source in rows:
        kinds[mediator_id] = kind
        epcis[siren or NO_EPCI].add(mediator_id)
        if source:
            through_workshops.add(mediator_id)
    per_kind: dict[str, int] = defaultdict(int)
    for kind in kinds.values():
        per_kind[kind] += 1
    names = dict(Epci.objects.values_list("siren", "short_name"))
    by_epci = [
        MediatorRow(key=siren, label=names.get(siren, siren), mediators=len(epcis.get(siren, ())))
        for siren in sorted(names, key=lambda s: names[s].casefold())
        if territory.kind == "all" or siren in epcis
    ]
    if epcis.get(NO_EPCI):
        by_epci.append(
            MediatorRow(
                key=NO_EPCI, label=_("Commune non renseignée"), mediators=len(epcis[NO_EPCI])
            )
        )
    return MediatorsResult(
        period=period,
        territory=territory,
        overall=MediatorRow(key="", label=territory.label, mediators=len(kinds)),
        through_workshops=len(through_workshops),
        through_acts_only=len(kinds) - len(through_workshops),
        by_kind=[
            MediatorRow(key=kind, label=str(label), mediators=per_kind.get(kind, 0))
            for kind, label in MediatorKind.choices
        ],
        by_epci=by_epci,
    )


def mediators_with_secrecy(result: MediatorsResult, threshold: int = THRESHOLD) -> MediatorsResult:
    """Mediators are people. The kinds add up to the total (one line, total last), and so do
    « through workshops » and « through acts only ». The EPCI rows do not add up (a mediator
    active in two EPCI is in both): each is protected alone, 1 to 4 is secret."""
    kinds = [row.mediators or 0 for row in result.by_kind]
    total = result.overall.mediators or 0
    values = [*kinds, result.through_workshops or 0, result.through_acts_only or 0, total]
    total_index = len(values) - 1
    lines = [
        [*range(len(kinds)), total_index],
        [len(kinds), len(kinds) + 1, total_index],
    ]
    secret = protect_lines(values, lines, threshold=threshold)

    def hide(value: int | None) -> int | None:
        return None if value is not None and 0 < value < threshold else value

    return replace(
        result,
        overall=replace(result.overall, mediators=None if secret[total_index] else total),
        through_workshops=None if secret[len(kinds)] else result.through_workshops,
        through_acts_only=None if secret[len(kinds) + 1] else result.through_acts_only,
        by_kind=[
            replace(row, mediators=None if secret[position] else row.mediators)
            for position, row in enumerate(result.by_kind)
        ],
        by_epci=[replace(row, mediators=hide(row.mediators)) for row in result.by_epci],
        is_public=True,
    )


# ---------------------------------------------------------------- workshops-held


@dataclass(frozen=True)
class WorkshopRow:
    """Workshops held (always published), the people present (None: secret) and the mean per
    workshop whose attendance was marked (None: secret, or no attendance marked)."""

    key: str
    label: str
    workshops: int
    attendees: int | None
    attendance_marked: int
    mean_attendance: float | None

    @property
    def attendance_missing(self) -> int:
        return self.workshops - self.attendance_marked

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"attendance_missing": self.attendance_missing}


@dataclass(frozen=True)
class WorkshopsResult:
    period: Period
    territory: Territory
    overall: WorkshopRow
    by_audience: list[WorkshopRow]
    by_epci: list[WorkshopRow]
    is_public: bool = False

    def as_dict(self) -> dict[str, Any]:
        return (
            {
                "numerator": self.overall.workshops,
                "denominator": None,
                "rate": None,
                "percentage": None,
                "workshops": self.overall.workshops,
                "attendees": self.overall.attendees,
                "attendance_marked": self.overall.attendance_marked,
                "attendance_missing": self.overall.attendance_missing,
                "mean_attendance": self.overall.mean_attendance,
            }
            | indicator_frame(self.period, self.territory, is_public=self.is_public)
            | {
                "breakdowns": {
                    "audience": [row.as_dict() for row in self.by_audience],
                    "epci": [row.as_dict() for row in self.by_epci],
                }
            }
        )


# Distinct: the registrations' join multiplies the workshops.
WORKSHOP_COUNTS = {
    "workshops": Count("pk", distinct=True),
    "attendees": Count("registrations", filter=Q(registrations__attended=True)),
    "marked": Count("pk", distinct=True, filter=Q(registrations__attended__isnull=False)),
}


def _mean(attendees: int | None, marked: int) -> float | None:
    if attendees is None or not marked:
        return None
    return round(attendees / marked, 1)


def _workshop_row(key: str, label: str, counts: dict[str, Any]) -> WorkshopRow:
    return WorkshopRow(
        key=key,
        label=label,
        workshops=counts["workshops"],
        attendees=counts["attendees"],
        attendance_marked=counts["marked"],
        mean_attendance=_mean(counts["attendees"], counts["marked"]),
    )


def workshops_held(
    period: Period, territory: Territory, now: datetime | None = None
) -> WorkshopsResult:
    """Exact figures: 3 queries (the territory, GROUP BY audience, GROUP BY EPCI)."""
    workshops = held_workshops(period, territory, now)
    overall = workshops.aggregate(**WORKSHOP_COUNTS)
    audiences = {
        row["audience"]: row
        for row in workshops.order_by().values("audience").annotate(**WORKSHOP_COUNTS)
    }
    epcis = {
        row["venue__commune__epci__siren"]: row
        for row in workshops.order_by()
        .values("venue__commune__epci__siren")
        .annotate(**WORKSHOP_COUNTS)
    }
    empty = {"workshops": 0, "attendees": 0, "marked": 0}
    names = dict(Epci.objects.values_list("siren", "short_name"))
    return WorkshopsResult(
        period=period,
        territory=territory,
        overall=_workshop_row("", territory.label, overall),
        by_audience=[
            _workshop_row(audience, str(label), audiences.get(audience, empty))
            for audience, label in Audience.choices
        ],
        by_epci=[
            _workshop_row(siren, names[siren], epcis.get(siren, empty))
            for siren in sorted(names, key=lambda s: names[s].casefold())
            if territory.kind == "all" or siren in epcis
        ],
    )


def workshops_with_secrecy(result: WorkshopsResult, threshold: int = THRESHOLD) -> WorkshopsResult:
    """Workshops are not people: their counts stay. The people present are: the audiences and
    the EPCI each add up to the total, protected together (seuil 5), and a mean is hidden with
    its attendees (mean × workshops would give them back)."""
    values: list[int] = []
    lines: list[list[int]] = []
    for rows in (result.by_audience, result.by_epci):
        start = len(values)
        values += [row.attendees or 0 for row in rows]
        lines.append([*range(start, len(values)), -1])
    total_index = len(values)
    values.append(result.overall.attendees or 0)
    lines = [[total_index if index == -1 else index for index in line] for line in lines]
    secret = protect_lines(values, lines, threshold=threshold)

    def shown(row: WorkshopRow, hidden: bool) -> WorkshopRow:
        if not hidden:
            return row
        return replace(row, attendees=None, mean_attendance=None)

    audience_count = len(result.by_audience)
    return replace(
        result,
        overall=shown(result.overall, secret[total_index]),
        by_audience=[shown(row, secret[i]) for i, row in enumerate(result.by_audience)],
        by_epci=[shown(row, secret[audience_count + i]) for i, row in enumerate(result.by_epci)],
        is_public=True,
    )


# ---------------------------------------------------------------- the registry


def _active_mediators(*, period: str, territory: str) -> dict[str, Any]:
    return active_mediators(parse_period(period), parse_territory(territory)).as_dict()


def _workshops_held(*, period: str, territory: str) -> dict[str, Any]:
    return workshops_held(parse_period(period), parse_territory(territory)).as_dict()


indicators.register(ACTIVE_MEDIATORS, _active_mediators, title=gettext_lazy("Médiateurs actifs"))
indicators.register(WORKSHOPS_HELD, _workshops_held, title=gettext_lazy("Ateliers réalisés"))
