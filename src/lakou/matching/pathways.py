"""Pathways: the training sessions that close a competence gap within a person's constraints, then
the internships and jobs they open (issue 13, « Orientation advice »). Pure: no Django.

A small integer program solved by HiGHS (`scipy.optimize.milp`): a set cover with conflicts.

Filters first (each excluded session keeps its causes, for the explanations)
    format among the allowed ones; in person or hybrid within `max_travel_minutes` (remote: 0);
    inside the available dates; a funding the person accepts (`costs` names, per funding, what
    the person pays: `SELF_FUNDED` is paying it themselves); its cheapest accepted cost within
    the budget; its prerequisites reachable (held, or brought by a session ending before it).

Variables
    x[s] ∈ {0, 1}: session s is in the pathway (only sessions that cover a gap competence, or
        bring a level another kept session requires first).
    y[g] ∈ [0, 1]: gap competence g is covered (it ends at 0 or 1: it is maximised below the x).

Constraints
    cover:         y[g] ≤ Σ x[s] over sessions bringing g to at least its required level
    no overlap:    Σ x[s] ≤ 1 over the sessions running on each start date (dates inclusive) —
                   the cliques of the interval graph, equivalent to every pairwise x[s] + x[t] ≤ 1
                   and a tighter, smaller program
    budget:        Σ cost[s] · x[s] ≤ max_cost
    prerequisites: x[s] ≤ Σ x[t] over sessions t that end before s starts and bring the level s
                   requires (when the person does not hold it already)

Objective, lexicographic (three solves, each fixing the previous optimum)
    1. as many gap competences covered as possible (all of them when it can be done);
    2. then the least total cost to the person;
    3. then the least total hours (+ EPSILON_PER_SESSION per session: fewer sessions on a tie).

Each chosen session (in date order) explains itself in `Step.reasons`; each competence left
uncovered says why (`Uncovered.reason`); `describe_step` and `describe_uncovered` put them in
plain French. Deterministic: same input, same pathway.
"""

from __future__ import annotations

import time as clock
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from lakou.matching.advice import (
    GapItem,
    Reason,
    Requirement,
    at_place,
    format_day,
    format_euros,
    format_number,
    format_period,
    join_french,
)

# Format codes, as in the training app's `Format`.
IN_PERSON = "in_person"
REMOTE = "e_learning"
HYBRID = "hybrid"
FORMATS = (IN_PERSON, REMOTE, HYBRID)
# The funding key of a session's price the person pays themselves.
SELF_FUNDED = "self"
# Hours a session adds to break ties between equally long plans (3.6 seconds: never outweighs a
# real hour).
EPSILON_PER_SESSION = 1e-3
# Euros within which a plan's cost counts as the optimum (HiGHS works in floating point).
COST_TOLERANCE = 0.005
TIME_LIMIT_SECONDS = 10.0

FUNDING_LABELS = {
    "cpf": "le CPF",
    "employer": "votre employeur",
    "france_travail": "France Travail",
    "region": "la Collectivité territoriale de Martinique",
    "free": "",
    SELF_FUNDED: "",
}
TRAVEL_MODES = {"car": "en voiture", "bus": "en bus", "bike": "à vélo", "walk": "à pied"}
FORMAT_LABELS = {IN_PERSON: "en présentiel", REMOTE: "à distance", HYBRID: "en format hybride"}


@dataclass(frozen=True)
class SessionOption:
    """A training session the person could follow.

    `brings`: competence → level reached after it; `requires`: competence → level needed before
    it starts (optional); `costs`: funding code → what the person pays with it (after that
    funding), `SELF_FUNDED` for paying the full price; `travel_minutes`: from the person's commune
    (ignored when remote); `place`: the commune's name, for the explanations."""

    id: int
    title: str
    starts_on: date
    ends_on: date
    brings: Mapping[str, int]
    costs: Mapping[str, float]
    hours: float
    format: str = IN_PERSON
    travel_minutes: float = 0.0
    place: str = ""
    requires: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Constraints:
    """What the person accepts. `None`: no limit. `accepted_fundings` holds the fundings the
    person is eligible to and accepts, with `SELF_FUNDED` if they would pay themselves."""

    allowed_formats: frozenset[str] = frozenset(FORMATS)
    max_travel_minutes: float | None = None
    available_from: date | None = None
    available_to: date | None = None
    max_cost: float | None = None
    accepted_fundings: frozenset[str] = frozenset({"free", SELF_FUNDED})
    travel_mode: str = "car"


@dataclass(frozen=True)
class Step:
    """One session of the pathway, with the funding that makes it cheapest for the person."""

    session: SessionOption
    funding: str
    cost: float
    covers: tuple[GapItem, ...]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Uncovered:
    item: GapItem
    reason: Reason


@dataclass(frozen=True)
class Pathway:
    steps: tuple[Step, ...]
    covered: tuple[GapItem, ...]
    uncovered: tuple[Uncovered, ...]
    total_cost: float
    total_hours: float
    levels_after: Mapping[str, int]
    optimal: bool
    solve_seconds: float = 0.0

    @property
    def complete(self) -> bool:
        return not self.uncovered

    @property
    def summary(self) -> Reason:
        return Reason(
            "pathway",
            sessions=len(self.steps),
            covered=len(self.covered),
            gap=len(self.covered) + len(self.uncovered),
            cost=self.total_cost,
            hours=self.total_hours,
        )


@dataclass(frozen=True)
class Opportunity:
    """An internship, apprenticeship or job offer and the competences it requires."""

    id: int
    kind: str
    title: str
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class Opening:
    opportunity: Opportunity
    # Open only thanks to the pathway (the person did not hold every requirement before it).
    thanks_to_pathway: bool
    reason: Reason


# ---------------------------------------------------------------------------------------------
# Filters


@dataclass(frozen=True)
class _Candidate:
    index: int
    session: SessionOption
    funding: str
    cost: float


def _cheapest_funding(session: SessionOption, accepted: frozenset[str]) -> tuple[str, float] | None:
    options = sorted(
        (cost, funding) for funding, cost in session.costs.items() if funding in accepted
    )
    if not options:
        return None
    cost, funding = options[0]
    return funding, max(0.0, float(cost))


def _exclusion_causes(
    session: SessionOption, constraints: Constraints, funding: tuple[str, float] | None
) -> list[str]:
    """Why a session cannot be in the pathway on its own (empty: it can)."""
    causes = []
    if session.format not in constraints.allowed_formats:
        causes.append("format")
    if (
        session.format != REMOTE
        and constraints.max_travel_minutes is not None
        and session.travel_minutes > constraints.max_travel_minutes
    ):
        causes.append("far")
    if constraints.available_from is not None and session.starts_on < constraints.available_from:
        causes.append("early")
    if constraints.available_to is not None and session.ends_on > constraints.available_to:
        causes.append("late")
    if session.ends_on < session.starts_on:
        causes.append("dates")
    if funding is None:
        causes.append("funding")
    elif constraints.max_cost is not None and funding[1] > constraints.max_cost + COST_TOLERANCE:
        causes.append("cost")
    return causes


def _held_levels(gap: Sequence[GapItem], held: Mapping[str, int] | None) -> dict[str, int]:
    levels = dict(held or {})
    for item in gap:
        levels[item.competence] = max(levels.get(item.competence, 0), item.held_level)
    return levels


def _covers(session: SessionOption, item: GapItem) -> bool:
    return session.brings.get(item.competence, 0) >= item.required_level


def _missing_prerequisites(
    session: SessionOption, levels: Mapping[str, int]
) -> list[tuple[str, int]]:
    return sorted(
        (competence, level)
        for competence, level in session.requires.items()
        if levels.get(competence, 0) < level
    )


def _providers(
    candidates: Sequence[_Candidate], target: _Candidate, competence: str, level: int
) -> list[_Candidate]:
    """Kept sessions that end before `target` starts and bring `competence` to `level`."""
    return [
        c
        for c in candidates
        if c.session.ends_on < target.session.starts_on
        and c.session.brings.get(competence, 0) >= level
    ]


def _eligible(
    gap: Sequence[GapItem],
    sessions: Sequence[SessionOption],
    constraints: Constraints,
    levels: Mapping[str, int],
) -> tuple[list[_Candidate], dict[int, list[str]]]:
    """The sessions worth giving to the program, and the causes of every other one's exclusion
    (by index in `sessions`)."""
    causes: dict[int, list[str]] = {}
    passing: list[_Candidate] = []
    for index, session in enumerate(sessions):
        funding = _cheapest_funding(session, constraints.accepted_fundings)
        found = _exclusion_causes(session, constraints, funding)
        if found or funding is None:
            causes[index] = found
            continue
        passing.append(_Candidate(index, session, funding[0], funding[1]))
    # A session whose prerequisite no other possible session brings in time cannot be taken
    # (removing it may strand another: until nothing moves).
    while True:
        unreachable = {
            c.index
            for c in passing
            if any(
                not _providers(passing, c, competence, level)
                for competence, level in _missing_prerequisites(c.session, levels)
            )
        }
        if not unreachable:
            break
        for index in unreachable:
            causes[index] = ["prerequisite"]
        passing = [c for c in passing if c.index not in unreachable]
    # Worth a variable: a session covering a gap competence, or bringing (transitively) a level
    # such a session requires first.
    relevant = {c.index for c in passing if any(_covers(c.session, g) for g in gap)}
    frontier = set(relevant)
    while frontier:
        providers: set[int] = set()
        for c in passing:
            if c.index in frontier:
                for competence, level in _missing_prerequisites(c.session, levels):
                    providers.update(p.index for p in _providers(passing, c, competence, level))
        frontier = providers - relevant
        relevant |= frontier
    return [c for c in passing if c.index in relevant], causes


# ---------------------------------------------------------------------------------------------
# The program


def _solve(
    gap: Sequence[GapItem],
    candidates: Sequence[_Candidate],
    constraints: Constraints,
    levels: Mapping[str, int],
) -> list[int] | None:
    """Positions in `candidates` of the chosen sessions, or None if HiGHS gave no answer."""
    n, m = len(candidates), len(gap)
    if n == 0:
        return []
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []

    def add_row(entries: Iterable[tuple[int, float]], lo: float, hi: float) -> None:
        row = len(lower)
        for col, val in entries:
            rows.append(row)
            cols.append(col)
            vals.append(val)
        lower.append(lo)
        upper.append(hi)

    # cover: y[g] − Σ x[s] ≤ 0
    y_upper = np.zeros(m)
    for g, item in enumerate(gap):
        covering = [j for j, c in enumerate(candidates) if _covers(c.session, item)]
        if covering:
            y_upper[g] = 1.0
            add_row([(n + g, 1.0), *((j, -1.0) for j in covering)], -np.inf, 0.0)
    # no overlap: one clique per distinct start date
    starts = sorted({c.session.starts_on for c in candidates})
    cliques = set()
    for day in starts:
        running = tuple(
            j for j, c in enumerate(candidates) if c.session.starts_on <= day <= c.session.ends_on
        )
        if len(running) > 1:
            cliques.add(running)
    for clique in sorted(cliques):
        add_row(((j, 1.0) for j in clique), -np.inf, 1.0)
    # budget
    costs = np.array([c.cost for c in candidates])
    if constraints.max_cost is not None:
        add_row(((j, costs[j]) for j in range(n)), -np.inf, constraints.max_cost + COST_TOLERANCE)
    # prerequisites: x[s] − Σ x[t] ≤ 0
    for j, c in enumerate(candidates):
        for competence, level in _missing_prerequisites(c.session, levels):
            entries = [
                (t, -1.0)
                for t, p in enumerate(candidates)
                if p.session.ends_on < c.session.starts_on
                and p.session.brings.get(competence, 0) >= level
            ]
            add_row([(j, 1.0), *entries], -np.inf, 0.0)

    hours = np.array([max(0.0, c.session.hours) for c in candidates])
    integrality = np.concatenate([np.ones(n), np.zeros(m)])
    bounds = Bounds(np.zeros(n + m), np.concatenate([np.ones(n), y_upper]))
    objectives = [
        np.concatenate([np.zeros(n), -np.ones(m)]),
        np.concatenate([costs, np.zeros(m)]),
        np.concatenate([hours + EPSILON_PER_SESSION, np.zeros(m)]),
    ]
    solution = None
    for stage, objective in enumerate(objectives):
        matrix = coo_array((vals, (rows, cols)), shape=(len(lower), n + m)).tocsr()
        constraint = [LinearConstraint(matrix, np.array(lower), np.array(upper))] if lower else []
        result = milp(
            objective,
            integrality=integrality,
            bounds=bounds,
            constraints=constraint,
            options={"time_limit": TIME_LIMIT_SECONDS, "presolve": True},
        )
        if result.x is None:
            return None
        solution = result.x
        value = float(objective @ solution)
        # Fix this stage's optimum before the next one.
        if stage == 0:
            add_row(((n + g, 1.0) for g in range(m)), -value - 0.5, np.inf)
        elif stage == 1:
            add_row(((j, costs[j]) for j in range(n)), -np.inf, value + COST_TOLERANCE)
    assert solution is not None
    return [j for j in range(n) if solution[j] > 0.5]


# ---------------------------------------------------------------------------------------------
# The pathway


def plan_pathway(
    gap: Sequence[GapItem],
    sessions: Sequence[SessionOption],
    constraints: Constraints,
    *,
    held: Mapping[str, int] | None = None,
) -> Pathway:
    """The best pathway (module docstring): every gap competence covered when it can be, at the
    least cost, then the least hours; sessions in date order.

    `gap`: from `advice.competence_gap` (one occupation's, or several merged by competence);
    `held`: the person's levels of every competence, for the prerequisites outside the gap."""
    start = clock.perf_counter()
    levels = _held_levels(gap, held)
    candidates, causes = _eligible(gap, sessions, constraints, levels)
    chosen = _solve(gap, candidates, constraints, levels)
    optimal = chosen is not None
    if chosen is None:
        selection = _greedy_selection(gap, candidates, constraints, levels)
    else:
        selection = [candidates[j] for j in chosen]
    return _pathway(
        gap, sessions, constraints, levels, selection, causes, optimal, clock.perf_counter() - start
    )


def greedy_pathway(
    gap: Sequence[GapItem],
    sessions: Sequence[SessionOption],
    constraints: Constraints,
    *,
    held: Mapping[str, int] | None = None,
) -> Pathway:
    """A baseline: repeatedly the session covering the most still-uncovered competences (then
    the cheapest, the shortest, the earliest) that fits with those already taken."""
    start = clock.perf_counter()
    levels = _held_levels(gap, held)
    candidates, causes = _eligible(gap, sessions, constraints, levels)
    selection = _greedy_selection(gap, candidates, constraints, levels)
    return _pathway(
        gap, sessions, constraints, levels, selection, causes, False, clock.perf_counter() - start
    )


def _overlap(a: SessionOption, b: SessionOption) -> bool:
    return a.starts_on <= b.ends_on and b.starts_on <= a.ends_on


def _greedy_selection(
    gap: Sequence[GapItem],
    candidates: Sequence[_Candidate],
    constraints: Constraints,
    levels: Mapping[str, int],
) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    uncovered = list(gap)
    spent = 0.0
    budget = constraints.max_cost if constraints.max_cost is not None else float("inf")
    while uncovered:
        best: tuple[tuple[object, ...], _Candidate] | None = None
        for c in candidates:
            if c in chosen or any(_overlap(c.session, o.session) for o in chosen):
                continue
            if spent + c.cost > budget + COST_TOLERANCE:
                continue
            if any(
                not _providers(chosen, c, competence, level)
                for competence, level in _missing_prerequisites(c.session, levels)
            ):
                continue
            new = sum(_covers(c.session, g) for g in uncovered)
            if new == 0:
                continue
            key = (-new, c.cost, c.session.hours, c.session.starts_on, c.session.id)
            if best is None or key < best[0]:
                best = (key, c)
        if best is None:
            break
        chosen.append(best[1])
        spent += best[1].cost
        uncovered = [g for g in uncovered if not _covers(best[1].session, g)]
    return chosen


def _pathway(
    gap: Sequence[GapItem],
    sessions: Sequence[SessionOption],
    constraints: Constraints,
    levels: Mapping[str, int],
    selection: Sequence[_Candidate],
    causes: Mapping[int, list[str]],
    optimal: bool,
    seconds: float,
) -> Pathway:
    ordered = sorted(
        selection, key=lambda c: (c.session.starts_on, c.session.ends_on, c.session.id)
    )
    covered = [g for g in gap if any(_covers(c.session, g) for c in ordered)]
    steps = []
    for position, c in enumerate(ordered):
        # A gap competence is credited to the first session that covers it.
        covers = tuple(
            g
            for g in covered
            if _covers(c.session, g) and not any(_covers(o.session, g) for o in ordered[:position])
        )
        prepares = []
        for later in ordered[position + 1 :]:
            for competence, level in _missing_prerequisites(later.session, levels):
                if (
                    c.session.ends_on < later.session.starts_on
                    and c.session.brings.get(competence, 0) >= level
                ):
                    prepares.append((competence, level, later))
        steps.append(_step(c, covers, prepares, gap, constraints))
    levels_after = dict(levels)
    for c in ordered:
        for competence, level in c.session.brings.items():
            levels_after[competence] = max(levels_after.get(competence, 0), level)
    uncovered = tuple(
        Uncovered(g, _uncovered_reason(g, sessions, constraints, causes, ordered))
        for g in gap
        if g not in covered
    )
    return Pathway(
        steps=tuple(steps),
        covered=tuple(covered),
        uncovered=uncovered,
        total_cost=round(sum(c.cost for c in ordered), 2),
        total_hours=sum(c.session.hours for c in ordered),
        levels_after=levels_after,
        optimal=optimal,
        solve_seconds=seconds,
    )


def _step(
    c: _Candidate,
    covers: Sequence[GapItem],
    prepares: Sequence[tuple[str, int, _Candidate]],
    gap: Sequence[GapItem],
    constraints: Constraints,
) -> Step:
    session = c.session
    names = {g.competence: g.name for g in gap}
    reasons = [
        Reason("dates", starts_on=session.starts_on, ends_on=session.ends_on, hours=session.hours),
        Reason(
            "place",
            format=session.format,
            place=session.place,
            travel_minutes=0.0 if session.format == REMOTE else session.travel_minutes,
            mode=constraints.travel_mode,
        ),
        Reason("cost", cost=c.cost, funding=c.funding),
    ]
    reasons += [
        Reason(
            "brings",
            competence=g.competence,
            name=g.name,
            level=session.brings[g.competence],
            required=g.required_level,
        )
        for g in covers
    ]
    reasons += [
        Reason(
            "prepares",
            competence=competence,
            name=names.get(competence, competence),
            level=level,
            for_session=later.session.id,
            for_title=later.session.title,
            for_starts_on=later.session.starts_on,
        )
        for competence, level, later in prepares
    ]
    return Step(
        session=session,
        funding=c.funding,
        cost=c.cost,
        covers=tuple(covers),
        reasons=tuple(reasons),
    )


def _uncovered_reason(
    item: GapItem,
    sessions: Sequence[SessionOption],
    constraints: Constraints,
    causes: Mapping[int, list[str]],
    chosen: Sequence[_Candidate],
) -> Reason:
    """How many sessions bring this competence to its level, and what kept each out."""
    counts = dict.fromkeys(
        ("format", "far", "early", "late", "dates", "funding", "cost", "prerequisite", "combined"),
        0,
    )
    candidates = 0
    for index, session in enumerate(sessions):
        if not _covers(session, item):
            continue
        candidates += 1
        found = causes.get(index)
        if found is None:
            # It passed every filter alone: it clashes with the sessions chosen for the other
            # competences (same dates) or would take the whole over the budget.
            counts["combined"] += 1
        for cause in found or ():
            counts[cause] += 1
    return Reason(
        "uncovered",
        competence=item.competence,
        name=item.name,
        level=item.required_level,
        candidates=candidates,
        max_travel_minutes=constraints.max_travel_minutes,
        available_from=constraints.available_from,
        available_to=constraints.available_to,
        max_cost=constraints.max_cost,
        mode=constraints.travel_mode,
        **counts,
    )


# ---------------------------------------------------------------------------------------------
# What the pathway opens


def opens(
    pathway: Pathway,
    opportunities: Iterable[Opportunity],
    *,
    held: Mapping[str, int] | None = None,
) -> list[Opening]:
    """The opportunities whose every required competence the person holds after the pathway —
    those the pathway opens first, then by id. `held`: the person's levels (the pathway already
    knows those of its gap)."""
    after = dict(held or {})
    for competence, level in pathway.levels_after.items():
        after[competence] = max(after.get(competence, 0), level)
    before = dict(held or {})
    for item in pathway.covered + tuple(u.item for u in pathway.uncovered):
        before[item.competence] = max(before.get(item.competence, 0), item.held_level)
    result = []
    for opportunity in opportunities:
        needs = opportunity.requirements
        if not all(after.get(r.competence, 0) >= r.level for r in needs):
            continue
        gained = [r for r in needs if before.get(r.competence, 0) < r.level]
        result.append(
            Opening(
                opportunity=opportunity,
                thanks_to_pathway=bool(gained),
                reason=Reason(
                    "opens",
                    kind=opportunity.kind,
                    title=opportunity.title,
                    required=len(needs),
                    from_pathway=len(gained),
                ),
            )
        )
    result.sort(key=lambda o: (not o.thanks_to_pathway, o.opportunity.id))
    return result


# ---------------------------------------------------------------------------------------------
# Plain French


def _travel(minutes: float, mode: str) -> str:
    return (
        f"à {format_number(round(minutes))} min de chez vous {TRAVEL_MODES.get(mode, '')}".rstrip()
    )


def _cost_text(cost: float, funding: str, labels: Mapping[str, str]) -> str:
    label = labels.get(funding, funding)
    if cost <= COST_TOLERANCE:
        return f"gratuite avec {label}" if label else "gratuite"
    charge = f"{format_euros(cost)} à votre charge"
    return f"{charge} avec {label}" if label else charge


def _place_text(reason: Reason) -> str:
    form, place = reason.text("format"), reason.text("place")
    minutes = reason.number("travel_minutes")
    if form == REMOTE:
        return "à distance"
    where = at_place(place) if place else "en présentiel"
    if form == HYBRID:
        where += " et à distance"
    if minutes > 0:
        where += f" ({_travel(minutes, reason.text('mode'))})"
    return where


def describe_step(step: Step, *, funding_labels: Mapping[str, str] = FUNDING_LABELS) -> str:
    """« Session du 3 au 14 mars à Fort-de-France (à 20 min de chez vous en voiture), gratuite
    avec le CPF, 35 h : elle apporte Sécurité (niveau 3). »"""
    by_code: dict[str, list[Reason]] = {}
    for reason in step.reasons:
        by_code.setdefault(reason.code, []).append(reason)
    dates, place, cost = by_code["dates"][0], by_code["place"][0], by_code["cost"][0]
    head = (
        f"Session {format_period(dates.day('starts_on'), dates.day('ends_on'))} "
        f"{_place_text(place)}, {_cost_text(cost.number('cost'), cost.text('funding'), funding_labels)}, "
        f"{format_number(dates.number('hours'))} h"
    )
    brings = [f"{r.text('name')} (niveau {r.count('level')})" for r in by_code.get("brings", [])]
    prepares = [
        f"{r.text('name')} au niveau {r.count('level')}, demandé pour entrer dans la session "
        f"du {format_day(r.day('for_starts_on'))}"
        for r in by_code.get("prepares", [])
    ]
    parts = []
    if brings:
        parts.append(f"elle apporte {join_french(brings)}")
    if prepares:
        parts.append(f"elle vous amène {join_french(prepares)}")
    return f"{head} : {' ; '.join(parts)}." if parts else f"{head}."


def _were(count: int, singular: str, plural_form: str) -> str:
    return f"{count} {singular if count < 2 else plural_form}"


def describe_uncovered(uncovered: Uncovered) -> str:
    """« Sécurité (niveau 3) reste à couvrir : aucune des 4 sessions qui l'apportent ne convient —
    2 sont à plus de 45 min de chez vous en voiture, 2 finissent après le 30 juin. »"""
    r = uncovered.reason
    what = f"{r.text('name')} (niveau {r.count('level')})"
    candidates = r.count("candidates")
    if candidates == 0:
        return f"{what} reste à couvrir : aucune session proposée ne l'apporte pour l'instant."
    parts = []
    if r.count("far"):
        limit = r.number("max_travel_minutes")
        parts.append(
            f"{_were(r.count('far'), 'est', 'sont')} à plus de "
            f"{format_number(round(limit))} min de chez vous {TRAVEL_MODES.get(r.text('mode'), '')}".rstrip()
        )
    if r.count("format"):
        parts.append(
            f"{_were(r.count('format'), 'a un format', 'ont un format')} que vous n'avez pas choisi"
        )
    if r.count("early"):
        parts.append(
            f"{_were(r.count('early'), 'commence', 'commencent')} avant le "
            f"{format_day(r.day('available_from'))}"
        )
    if r.count("late"):
        parts.append(
            f"{_were(r.count('late'), 'finit', 'finissent')} après le "
            f"{format_day(r.day('available_to'))}"
        )
    if r.count("dates"):
        parts.append(f"{_were(r.count('dates'), 'a des dates', 'ont des dates')} incohérentes")
    if r.count("funding"):
        parts.append(
            f"{_were(r.count('funding'), "n'a", "n'ont")} aucun financement que vous acceptez"
        )
    if r.count("cost"):
        parts.append(
            f"{_were(r.count('cost'), 'dépasse', 'dépassent')} votre budget de "
            f"{format_euros(r.number('max_cost'))}"
        )
    if r.count("prerequisite"):
        parts.append(
            f"{_were(r.count('prerequisite'), 'demande', 'demandent')} d'abord un niveau "
            "qu'aucune session possible n'apporte à temps"
        )
    if r.count("combined"):
        combined = r.count("combined")
        parts.append(
            f"{_were(combined, 'tombe', 'tombent')} en même temps que les sessions retenues "
            f"ou {'ferait' if combined < 2 else 'feraient'} dépasser votre budget"
        )
    if candidates == 1:
        # « la seule session qui l'apporte est à plus de 45 min … et finit après le 30 juin »
        return (
            f"{what} reste à couvrir : la seule session qui l'apporte "
            f"{join_french([p.split(' ', 1)[1] for p in parts])}."
        )
    intro = f"aucune des {candidates} sessions qui l'apportent ne convient"
    return f"{what} reste à couvrir : {intro} — {join_french(parts)}."


def describe_opening(opening: Opening) -> str:
    """« Stage « Technicien support » : vous aurez toutes les compétences demandées (2 grâce à ce
    parcours). »"""
    r = opening.reason
    kinds = {"internship": "Stage", "apprenticeship": "Alternance", "job": "Emploi"}
    head = f"{kinds.get(r.text('kind'), 'Offre')} « {r.text('title')} »"
    gained = r.count("from_pathway")
    if gained == 0:
        return f"{head} : vous avez déjà toutes les compétences demandées."
    if r.count("required") == 1:
        return f"{head} : ce parcours vous apporte la compétence demandée."
    thanks = f"{gained} grâce à ce parcours" if gained > 1 else "1 grâce à ce parcours"
    return f"{head} : vous aurez toutes les compétences demandées ({thanks})."


def describe_pathway(pathway: Pathway) -> str:
    """« 3 sessions, 1 200 € à votre charge, 140 h : elles couvrent les 5 compétences qui vous
    manquent. »"""
    r = pathway.summary
    sessions, covered, gap = r.count("sessions"), r.count("covered"), r.count("gap")
    if gap == 0:
        return (
            "Vous avez déjà toutes les compétences demandées : aucune formation n'est nécessaire."
        )
    if sessions == 0:
        return "Aucune session possible ne couvre les compétences qui vous manquent."
    cost = r.number("cost")
    money = "gratuit" if cost <= COST_TOLERANCE else f"{format_euros(cost)} à votre charge"
    count = "1 session" if sessions == 1 else f"{sessions} sessions"
    subject = "elle couvre" if sessions == 1 else "elles couvrent"
    if covered == gap:
        what = (
            "la compétence qui vous manque"
            if gap == 1
            else f"les {gap} compétences qui vous manquent"
        )
    else:
        what = f"{covered} des {gap} compétences qui vous manquent"
    return f"{count}, {money}, {format_number(r.number('hours'))} h : {subject} {what}."
