"""The workshop planner: for one quarter, how many workshops in which commune and venue, which week,
led by which mediator (issue 12). Pure: the standard library, numpy and scipy; no Django.

An integer program solved by HiGHS (`scipy.optimize.milp`).

Variables
    x[m, c, w] ≥ 0, integer: workshops mediator m leads in commune c in week w — only for the
        pairs allowed: c among the communes m serves (their home commune when they name none),
        within `travel_limit_minutes` of m's home commune, with a venue that takes groups.
    z[c, k] ∈ [0, 1]: the k-th new workshop of commune c (segments of a concave utility).
    L ∈ [0, 1]: the heaviest volunteer's load (hours planned ÷ hours available in the quarter).

Objective (maximised)
    Σ_c Σ_k value(c, k) · z[c, k]  −  TRAVEL_PENALTY · Σ travel(m, c) · x[m, c, w]
                                   −  VOLUNTEER_FAIRNESS · L
    with value(c, k) = demand(c) / DEMAND_UNIT / (served(c) + k) — the k-th workshop of a commune
    is worth its demand divided by how many it will have had: diminishing returns, so that the
    workshops spread by need instead of all going to the largest commune (at the optimum each
    commune gets workshops roughly in proportion to its demand, less what it already has).
    demand(c) = seniors(c) + NEED_WEIGHT · needs(c): the people of 60 and over, plus those who said
    in the public questionnaire that they need help. served(c) = workshops already planned this
    quarter + a quarter's share of the last twelve months' workshops and acts.

Constraints
    hours:    Σ_c (workshop_hours + 2 · travel(m, c) / 60) · x[m, c, w] ≤ weekly hours of m − hours
              already taken that week (accepted proposals, workshops m already leads)
    venues:   Σ_m x[m, c, w] ≤ Σ_venues of c (per_venue_week − workshops already there that week)
    segments: Σ_{m, w} x[m, c, w] = Σ_k z[c, k], with only the segments worth at least
              MIN_WORKSHOP_VALUE (about one workshop a quarter per 150 seniors, all told)
    fairness: hours planned for volunteer m ÷ their hours in the quarter ≤ L

Why it stays fast at 34 communes × 200 mediators × 13 weeks: only allowed (m, c) pairs get
variables (a mediator serves a few communes, most are beyond the travel limit), the utility is
concave so the z segments need no integers, and fairness is one bound, not a variable per pair.

Plain data in (`Problem`), plain data out (`Plan`): the reasons are numbers, put in French by the
service (`services/planning.py`) through Django's translations. Deterministic: same problem, same
plan (HiGHS runs single-threaded; ties go to the lowest ids).
"""

from __future__ import annotations

import re
import time as clock
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

# Demand is counted in units of this many seniors (about a Martinique commune's mean): a fixed
# unit, so that one commune's figures never change the worth of another's workshops.
DEMAND_UNIT = 3000.0
# One person who asks for help in the questionnaire weighs as much as this many seniors.
NEED_WEIGHT = 50.0
# Individual acts that reach about as many people as one workshop.
ACTS_PER_WORKSHOP = 5.0
# A year of past activity counts for a quarter.
PAST_QUARTERS = 4.0
# Objective points lost per minute of one-way travel of one workshop: breaks ties towards the
# nearest mediator, never outweighs a commune's need.
TRAVEL_PENALTY = 0.002
# Objective points lost when the busiest volunteer goes from an empty to a full quarter.
VOLUNTEER_FAIRNESS = 2.0
# A workshop is proposed only while it is worth this much: a commune has at most about
# demand / (DEMAND_UNIT × MIN_WORKSHOP_VALUE) workshops a quarter, counting those it had (one per
# 150 seniors), so that a mediator with free hours is not sent to fill a small commune's diary.
MIN_WORKSHOP_VALUE = 0.05
WORKSHOP_HOURS = 2.0
PER_VENUE_WEEK = 2
TRAVEL_LIMIT_MINUTES = 45.0
TIME_LIMIT_SECONDS = 10.0
# Stop once the plan is proven within 0.2 % of the best: closing the last tenths takes HiGHS
# seconds more at full scale for a handful of workshops (bench/README.md).
MIP_REL_GAP = 2e-3


@dataclass(frozen=True)
class Commune:
    id: int
    # People of 60 and over (0 when unknown: the service says so in the plan's notes).
    seniors: float = 0.0
    needs: int = 0
    held_workshops: int = 0  # in the last twelve months
    acts: int = 0  # individual acts in the last twelve months, outside workshops
    planned: int = 0  # workshops already planned or accepted this quarter


@dataclass(frozen=True)
class Venue:
    id: int
    commune_id: int
    capacity: int = 12
    takes_groups: bool = True
    # week index → workshops already there that week
    booked: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Mediator:
    id: int
    home_commune_id: int
    weekly_hours: float
    volunteer: bool = False
    communes: tuple[int, ...] = ()
    # week index → hours already taken (accepted proposals, workshops they already lead)
    busy_hours: Mapping[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Travel:
    """Minutes between communes (`lakou.territory.travel.commune_travel_minutes`)."""

    ids: Sequence[int]
    minutes: NDArray[np.float64]
    same_commune_minutes: float = 10.0

    def between(self, origin: int, destination: int) -> float | None:
        index = self._index()
        if origin in index and destination in index:
            return float(self.minutes[index[origin], index[destination]])
        return self.same_commune_minutes if origin == destination else None

    def _index(self) -> dict[int, int]:
        cached: dict[int, int] | None = self.__dict__.get("_cache")
        if cached is None:
            cached = {commune: i for i, commune in enumerate(self.ids)}
            object.__setattr__(self, "_cache", cached)
        return cached


@dataclass(frozen=True)
class Problem:
    communes: Sequence[Commune]
    venues: Sequence[Venue]
    mediators: Sequence[Mediator]
    weeks: int
    travel: Travel
    travel_limit_minutes: float = TRAVEL_LIMIT_MINUTES
    workshop_hours: float = WORKSHOP_HOURS
    per_venue_week: int = PER_VENUE_WEEK
    time_limit_seconds: float = TIME_LIMIT_SECONDS
    mip_rel_gap: float = MIP_REL_GAP


@dataclass(frozen=True)
class Assignment:
    """Workshops one mediator leads at one venue in one week."""

    mediator_id: int
    commune_id: int
    venue_id: int
    week: int
    workshops: int
    travel_minutes: float
    hours_each: float


@dataclass(frozen=True)
class CommuneOutcome:
    """Why a commune gets what it gets: the numbers its reasons are written from."""

    commune_id: int
    seniors: float
    needs: int
    held_workshops: int
    acts: int
    planned: int
    demand: float
    proposed: int


@dataclass
class Plan:
    assignments: list[Assignment]
    communes: dict[int, CommuneOutcome]
    # Communes with demand left out, and why (ids).
    without_venue: list[int]
    out_of_reach: list[int]
    # Active mediators who could lead no workshop (no commune within reach, no hours left).
    idle_mediators: list[int]
    status: str
    volunteer_max_load: float
    build_seconds: float
    solve_seconds: float
    variables: int


def demand(commune: Commune) -> float:
    return max(commune.seniors, 0.0) + NEED_WEIGHT * max(commune.needs, 0)


def served(commune: Commune) -> float:
    """Workshops the commune has this quarter or is reckoned to have had, before the plan."""
    past = commune.held_workshops + commune.acts / ACTS_PER_WORKSHOP
    return commune.planned + past / PAST_QUARTERS


def _allowed_pairs(
    problem: Problem, hosting: set[int]
) -> tuple[list[tuple[int, int, float]], set[int]]:
    """(mediator index, commune id, one-way minutes) for every pair the plan may use."""
    pairs = []
    reached: set[int] = set()
    for index, mediator in enumerate(problem.mediators):
        served_communes = mediator.communes or (mediator.home_commune_id,)
        for commune_id in sorted(set(served_communes)):
            if commune_id not in hosting:
                continue
            minutes = problem.travel.between(mediator.home_commune_id, commune_id)
            if minutes is None or minutes > problem.travel_limit_minutes:
                continue
            pairs.append((index, commune_id, minutes))
            reached.add(commune_id)
    return pairs, reached


def solve(problem: Problem) -> Plan:
    """The plan of greatest value for the quarter (see the module's docstring)."""
    started = clock.perf_counter()
    weeks = problem.weeks
    communes = {commune.id: commune for commune in problem.communes}
    venues_of: dict[int, list[Venue]] = defaultdict(list)
    for venue in sorted(problem.venues, key=lambda v: v.id):
        if venue.takes_groups and venue.capacity > 0 and venue.commune_id in communes:
            venues_of[venue.commune_id].append(venue)
    slots = {
        (commune_id, w): sum(
            max(problem.per_venue_week - venue.booked.get(w, 0), 0) for venue in venues
        )
        for commune_id, venues in venues_of.items()
        for w in range(weeks)
    }
    hosting = {c for c in venues_of if any(slots[c, w] > 0 for w in range(weeks))}
    pairs, reached = _allowed_pairs(problem, hosting)

    # ---- x variables, one per (pair, week) with hours for at least one workshop
    x_mediator, x_commune, x_week, x_hours, x_minutes, x_upper = [], [], [], [], [], []
    capacity = np.zeros((len(problem.mediators), max(weeks, 1)))
    for index, mediator in enumerate(problem.mediators):
        for w in range(weeks):
            capacity[index, w] = max(mediator.weekly_hours - mediator.busy_hours.get(w, 0.0), 0.0)
    for index, commune_id, minutes in pairs:
        hours = problem.workshop_hours + 2 * minutes / 60
        for w in range(weeks):
            most = min(int(capacity[index, w] // hours + 1e-9), slots[commune_id, w])
            if most >= 1:
                x_mediator.append(index)
                x_commune.append(commune_id)
                x_week.append(w)
                x_hours.append(hours)
                x_minutes.append(minutes)
                x_upper.append(most)
    n_x = len(x_mediator)

    # ---- z segments: the k-th new workshop of each commune that can have any
    x_commune_arr = np.asarray(x_commune, dtype=np.int64)
    z_commune, z_value = [], []
    for commune_id in sorted(communes):
        most = int(sum(x_upper[i] for i in np.flatnonzero(x_commune_arr == commune_id)))
        most = min(
            most, sum(slots[commune_id, w] for w in range(weeks)) if commune_id in venues_of else 0
        )
        commune = communes[commune_id]
        base = served(commune)
        for k in range(1, most + 1):
            value = demand(commune) / DEMAND_UNIT / (base + k)
            if value < MIN_WORKSHOP_VALUE:
                break
            z_commune.append(commune_id)
            z_value.append(value)
    n_z = len(z_commune)
    volunteers = [i for i, m in enumerate(problem.mediators) if m.volunteer]
    n = n_x + n_z + 1  # + L

    cost = np.zeros(n)
    cost[:n_x] = TRAVEL_PENALTY * np.asarray(x_minutes)
    cost[n_x : n_x + n_z] = -np.asarray(z_value)
    cost[-1] = VOLUNTEER_FAIRNESS if volunteers else 0.0
    lower = np.zeros(n)
    upper = np.concatenate([np.asarray(x_upper, dtype=float), np.ones(n_z), [1.0]])
    integrality = np.concatenate([np.ones(n_x), np.zeros(n_z + 1)])

    rows, cols, vals, lo, hi = [], [], [], [], []
    row = 0

    def add_row(entries: list[tuple[int, float]], low: float, high: float) -> None:
        nonlocal row
        for col, value in entries:
            rows.append(row)
            cols.append(col)
            vals.append(value)
        lo.append(low)
        hi.append(high)
        row += 1

    by_mediator_week: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_commune_week: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_commune: dict[int, list[int]] = defaultdict(list)
    by_mediator: dict[int, list[int]] = defaultdict(list)
    for i in range(n_x):
        by_mediator_week[x_mediator[i], x_week[i]].append(i)
        by_commune_week[x_commune[i], x_week[i]].append(i)
        by_commune[x_commune[i]].append(i)
        by_mediator[x_mediator[i]].append(i)
    for (m, w), columns in sorted(by_mediator_week.items()):
        if len(columns) > 1 or x_hours[columns[0]] * x_upper[columns[0]] > capacity[m, w]:
            add_row([(i, x_hours[i]) for i in columns], -np.inf, float(capacity[m, w]))
    for (c, w), columns in sorted(by_commune_week.items()):
        if sum(x_upper[i] for i in columns) > slots[c, w]:
            add_row([(i, 1.0) for i in columns], -np.inf, float(slots[c, w]))
    z_of: dict[int, list[int]] = defaultdict(list)
    for j, commune_id in enumerate(z_commune):
        z_of[commune_id].append(n_x + j)
    for commune_id in sorted(set(by_commune) | set(z_of)):
        entries = [(i, 1.0) for i in by_commune[commune_id]]
        entries += [(j, -1.0) for j in z_of[commune_id]]
        add_row(entries, 0.0, 0.0)
    for m in volunteers:
        quarter_hours = float(capacity[m, :weeks].sum())
        if by_mediator[m] and quarter_hours > 0:
            entries = [(i, x_hours[i] / quarter_hours) for i in by_mediator[m]]
            add_row([*entries, (n - 1, -1.0)], -np.inf, 0.0)

    built = clock.perf_counter()
    solution = np.zeros(n)
    status = "optimal"
    if n_x:
        matrix = coo_array((vals, (rows, cols)), shape=(row, n)).tocsr()
        result = milp(
            cost,
            integrality=integrality,
            bounds=Bounds(lower, upper),
            constraints=[LinearConstraint(matrix, lo, hi)] if row else [],
            options={
                "disp": False,
                "time_limit": problem.time_limit_seconds,
                "mip_rel_gap": problem.mip_rel_gap,
            },
        )
        if result.x is None:
            status = "failed"
        else:
            solution = result.x
            status = "optimal" if result.status == 0 else "time_limit"
    solved = clock.perf_counter()

    counts = np.rint(solution[:n_x]).astype(np.int64) if n_x else np.zeros(0, dtype=np.int64)
    assignments = _to_venues(
        problem, venues_of, x_mediator, x_commune, x_week, x_hours, x_minutes, counts
    )
    proposed: dict[int, int] = defaultdict(int)
    for assignment in assignments:
        proposed[assignment.commune_id] += assignment.workshops
    outcomes = {
        commune.id: CommuneOutcome(
            commune_id=commune.id,
            seniors=commune.seniors,
            needs=commune.needs,
            held_workshops=commune.held_workshops,
            acts=commune.acts,
            planned=commune.planned,
            demand=demand(commune),
            proposed=proposed.get(commune.id, 0),
        )
        for commune in problem.communes
    }
    hours_of: dict[int, float] = defaultdict(float)
    for assignment in assignments:
        hours_of[assignment.mediator_id] += assignment.hours_each * assignment.workshops
    loads = [
        hours_of.get(problem.mediators[m].id, 0.0) / total
        for m in volunteers
        if (total := float(capacity[m, :weeks].sum())) > 0
    ]
    usable = {x_mediator[i] for i in range(n_x)}
    return Plan(
        assignments=assignments,
        communes=outcomes,
        without_venue=sorted(c for c in communes if c not in hosting and demand(communes[c]) > 0),
        out_of_reach=sorted(c for c in hosting if c not in reached and demand(communes[c]) > 0),
        idle_mediators=sorted(
            mediator.id for index, mediator in enumerate(problem.mediators) if index not in usable
        ),
        status=status,
        volunteer_max_load=round(max(loads, default=0.0), 4),
        build_seconds=built - started,
        solve_seconds=solved - built,
        variables=n,
    )


def _to_venues(
    problem: Problem,
    venues_of: Mapping[int, list[Venue]],
    x_mediator: Sequence[int],
    x_commune: Sequence[int],
    x_week: Sequence[int],
    x_hours: Sequence[float],
    x_minutes: Sequence[float],
    counts: NDArray[np.int64],
) -> list[Assignment]:
    """Spread each commune's workshops of a week over its venues: the freest venue first, then
    the largest, then the lowest id; one Assignment per (mediator, venue, week)."""
    free = {
        (venue.id, w): max(problem.per_venue_week - venue.booked.get(w, 0), 0)
        for venues in venues_of.values()
        for venue in venues
        for w in range(problem.weeks)
    }
    grouped: dict[tuple[int, int, int], int] = defaultdict(int)
    details: dict[tuple[int, int, int], tuple[int, float, float]] = {}
    order = sorted(range(len(counts)), key=lambda i: (x_week[i], x_commune[i], x_mediator[i]))
    for i in order:
        for _workshop in range(int(counts[i])):
            venues = venues_of[x_commune[i]]
            venue = min(venues, key=lambda v: (-free[v.id, x_week[i]], -v.capacity, v.id))
            free[venue.id, x_week[i]] -= 1
            key = (x_mediator[i], venue.id, x_week[i])
            grouped[key] += 1
            details[key] = (x_commune[i], x_minutes[i], x_hours[i])
    assignments = []
    for (m, venue_id, w), number in sorted(
        grouped.items(), key=lambda item: (item[0][2], item[0][1], item[0][0])
    ):
        commune_id, minutes, hours = details[m, venue_id, w]
        assignments.append(
            Assignment(
                mediator_id=problem.mediators[m].id,
                commune_id=commune_id,
                venue_id=venue_id,
                week=w,
                workshops=number,
                travel_minutes=round(minutes, 1),
                hours_each=round(hours, 3),
            )
        )
    return assignments


# ---------------------------------------------------------------- a time in the week

# Days a workshop for seniors is best held, in order of preference (Monday and Saturday last).
PREFERRED_DAYS = ("Tu", "Th", "We", "Fr", "Mo", "Sa")
DAY_INDEX = {"Mo": 0, "Tu": 1, "We": 2, "Th": 3, "Fr": 4, "Sa": 5, "Su": 6}
FALLBACK_SLOTS = ((1, 9, 0), (1, 14, 0), (3, 9, 0), (3, 14, 0), (2, 9, 0), (4, 9, 0))
_DAY = "(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_DAY_PART = re.compile(rf"^({_DAY})(?:-({_DAY}))?$")
_RANGE = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])-([01]?[0-9]|2[0-4]):([0-5][0-9])$")
# A workshop starts no earlier than this, so that seniors travel after the morning rush.
EARLIEST_START_MINUTES = 9 * 60
GAP_MINUTES = 30


def _opening(hours: str) -> dict[int, list[tuple[int, int]]] | None:
    """weekday → [(open, close) in minutes], or None when the text is beyond the simple syntax."""
    opening: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for rule in (r.strip() for r in hours.split(";")):
        if not rule:
            continue
        days_text, _, times_text = rule.partition(" ")
        days: list[int] = []
        for piece in days_text.split(","):
            match = _DAY_PART.match(piece)
            if match is None:
                return None
            first, last = DAY_INDEX[match.group(1)], DAY_INDEX[match.group(2) or match.group(1)]
            if last < first:
                return None
            days.extend(range(first, last + 1))
        times_text = times_text.strip()
        if times_text == "off":
            for day in days:
                opening[day] = []
            continue
        ranges = []
        for piece in times_text.split(","):
            match = _RANGE.match(piece.strip())
            if match is None:
                return None
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            ranges.append((h1 * 60 + m1, h2 * 60 + m2))
        for day in days:
            opening[day] = ranges
    return dict(opening) if opening else None


def week_slots(hours: str, duration_minutes: int = 120) -> list[tuple[int, int, int]]:
    """(weekday 0–6, hour, minute) at which a workshop fits within the venue's opening hours, in
    order of preference; the fallback times (Tuesday 9:00 first) when the hours are not simple."""
    opening = _opening(hours) if hours else None
    slots = []
    if opening is not None:
        for day in (DAY_INDEX[d] for d in PREFERRED_DAYS):
            for start, end in opening.get(day, []):
                begin = max(start, EARLIEST_START_MINUTES)
                while begin + duration_minutes <= end:
                    slots.append((day, begin // 60, begin % 60))
                    begin += duration_minutes + GAP_MINUTES
    return slots or list(FALLBACK_SLOTS)
