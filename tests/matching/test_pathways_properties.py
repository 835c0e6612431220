"""Properties of every pathway, on random small cases (hypothesis), against a brute force over every
subset of sessions and against the greedy baseline."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lakou.matching.advice import GapItem
from lakou.matching.pathways import (
    COST_TOLERANCE,
    FORMATS,
    REMOTE,
    SELF_FUNDED,
    Constraints,
    Pathway,
    SessionOption,
    describe_pathway,
    describe_step,
    describe_uncovered,
    greedy_pathway,
    plan_pathway,
)

COMPETENCES = ("a", "b", "c", "d")
FUNDINGS = (SELF_FUNDED, "cpf", "region", "free")
DAY0 = date(2027, 1, 4)
prices = st.integers(0, 40).map(lambda x: x * 25.0)
# Hypothesis leans to the first values: levels that cover a gap (2 or 3) come first; limits
# apply in a minority of cases, so that most draws have sessions to choose between.
levels = st.sampled_from([3, 2, 4, 1])


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[GapItem], list[SessionOption], Constraints]:
    size = draw(st.sampled_from([3, 2, 1]))
    names = draw(st.lists(st.sampled_from(COMPETENCES), min_size=size, max_size=size, unique=True))
    gap = [GapItem(c, c.upper(), draw(st.integers(0, 1)), draw(st.integers(2, 3))) for c in names]
    # Sessions mostly teach the gap's competences, so that covers, overlaps and budgets compete.
    taught = st.sampled_from(names) | st.sampled_from(COMPETENCES)
    sessions = []
    for j in range(draw(st.sampled_from([6, 8, 4, 2, 1]))):
        start = DAY0 + timedelta(days=draw(st.integers(0, 60)))
        sessions.append(
            SessionOption(
                id=j + 1,
                title=f"S{j + 1}",
                starts_on=start,
                ends_on=start + timedelta(days=draw(st.integers(0, 15))),
                brings=draw(st.dictionaries(taught, levels, min_size=1, max_size=2)),
                # A prerequisite on one session in four.
                requires=draw(st.dictionaries(taught, st.integers(1, 3), max_size=1))
                if draw(st.integers(0, 3)) == 0
                else {},
                # The full price, and what some fundings leave to pay.
                costs={SELF_FUNDED: draw(st.integers(0, 40)) * 25.0}
                | draw(st.dictionaries(st.sampled_from(FUNDINGS[1:]), prices)),
                hours=float(draw(st.integers(1, 80))),
                format=draw(st.sampled_from(FORMATS)),
                travel_minutes=float(draw(st.integers(0, 70))),
                place="Fort-de-France",
            )
        )
    constraints = Constraints(
        allowed_formats=frozenset(draw(st.sets(st.sampled_from(FORMATS), min_size=1)))
        if draw(st.integers(0, 2)) == 2
        else frozenset(FORMATS),
        max_travel_minutes=draw(st.none() | st.sampled_from([45.0, 60.0])),
        available_from=draw(st.none() | st.integers(0, 10).map(lambda d: DAY0 + timedelta(d))),
        available_to=draw(st.none() | st.integers(50, 90).map(lambda d: DAY0 + timedelta(d))),
        max_cost=draw(st.none() | st.integers(0, 60).map(lambda x: x * 25.0)),
        accepted_fundings=frozenset(draw(st.sets(st.sampled_from(FUNDINGS[1:]))))
        | (set() if draw(st.integers(0, 3)) == 3 else {SELF_FUNDED}),
    )
    return gap, sessions, constraints


def alone_cost(session: SessionOption, constraints: Constraints) -> float | None:
    """The session's cost to the person if it can be taken alone, else None (written afresh,
    not with the module's filters)."""
    costs = [c for f, c in session.costs.items() if f in constraints.accepted_fundings]
    if not costs or session.format not in constraints.allowed_formats:
        return None
    if (
        session.format != REMOTE
        and constraints.max_travel_minutes is not None
        and session.travel_minutes > constraints.max_travel_minutes
    ):
        return None
    if constraints.available_from and session.starts_on < constraints.available_from:
        return None
    if constraints.available_to and session.ends_on > constraints.available_to:
        return None
    return min(costs)


def feasible(
    subset: tuple[SessionOption, ...], gap: list[GapItem], constraints: Constraints
) -> bool:
    held = {g.competence: g.held_level for g in gap}
    for s, t in itertools.combinations(subset, 2):
        if s.starts_on <= t.ends_on and t.starts_on <= s.ends_on:
            return False
    for s in subset:
        if alone_cost(s, constraints) is None:
            return False
        for competence, level in s.requires.items():
            if held.get(competence, 0) < level and not any(
                t.ends_on < s.starts_on and t.brings.get(competence, 0) >= level for t in subset
            ):
                return False
    total = sum(alone_cost(s, constraints) or 0.0 for s in subset)
    return constraints.max_cost is None or total <= constraints.max_cost + COST_TOLERANCE


def coverage(subset: tuple[SessionOption, ...], gap: list[GapItem]) -> int:
    return sum(any(s.brings.get(g.competence, 0) >= g.required_level for s in subset) for g in gap)


def best_by_brute_force(
    gap: list[GapItem], sessions: list[SessionOption], constraints: Constraints
) -> tuple[int, float, float]:
    """(covered, cost, hours) of the lexicographic best subset."""
    best = (0, 0.0, 0.0)
    for size in range(1, len(sessions) + 1):
        for subset in itertools.combinations(sessions, size):
            if not feasible(subset, gap, constraints):
                continue
            value = (
                coverage(subset, gap),
                sum(alone_cost(s, constraints) or 0.0 for s in subset),
                sum(s.hours for s in subset),
            )
            if (-value[0], value[1], value[2]) < (-best[0], best[1], best[2]):
                best = value
    return best


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def taken(pathway: Pathway) -> tuple[SessionOption, ...]:
    return tuple(step.session for step in pathway.steps)


@PROPERTY
@given(cases())
def test_chosen_sessions_never_overlap_and_come_in_date_order(
    case: tuple[list[GapItem], list[SessionOption], Constraints],
) -> None:
    pathway = plan_pathway(*case)
    sessions = taken(pathway)
    for s, t in itertools.combinations(sessions, 2):
        assert s.ends_on < t.starts_on
    assert [s.starts_on for s in sessions] == sorted(s.starts_on for s in sessions)


@PROPERTY
@given(cases())
def test_a_pathway_never_breaks_the_constraints(
    case: tuple[list[GapItem], list[SessionOption], Constraints],
) -> None:
    gap, _sessions, constraints = case
    pathway = plan_pathway(*case)
    assert feasible(taken(pathway), gap, constraints)
    for step in pathway.steps:
        assert step.funding in constraints.accepted_fundings
        assert step.cost == alone_cost(step.session, constraints)
    if constraints.max_cost is not None:
        assert pathway.total_cost <= constraints.max_cost + COST_TOLERANCE


@PROPERTY
@given(cases())
def test_never_worse_than_the_greedy_cover(
    case: tuple[list[GapItem], list[SessionOption], Constraints],
) -> None:
    pathway, greedy = plan_pathway(*case), greedy_pathway(*case)
    assert feasible(taken(greedy), case[0], case[2])
    assert len(pathway.covered) >= len(greedy.covered)
    if len(pathway.covered) == len(greedy.covered):
        assert pathway.total_cost <= greedy.total_cost + COST_TOLERANCE


@PROPERTY
@given(cases())
def test_the_optimum_of_the_brute_force_is_found(
    case: tuple[list[GapItem], list[SessionOption], Constraints],
) -> None:
    gap, sessions, constraints = case
    pathway = plan_pathway(*case)
    covered, cost, hours = best_by_brute_force(gap, sessions, constraints)
    assert pathway.optimal
    # In particular: when a full cover exists, it is found.
    assert len(pathway.covered) == covered
    assert pathway.complete == (covered == len(gap))
    assert abs(pathway.total_cost - cost) <= COST_TOLERANCE
    assert abs(pathway.total_hours - hours) <= 1e-6


@PROPERTY
@given(cases())
def test_every_step_and_every_gap_left_explains_itself(
    case: tuple[list[GapItem], list[SessionOption], Constraints],
) -> None:
    gap = case[0]
    pathway = plan_pathway(*case)
    assert {g.competence for g in pathway.covered} | {
        u.item.competence for u in pathway.uncovered
    } == {g.competence for g in gap}
    assert sum(len(step.covers) for step in pathway.steps) == len(pathway.covered)
    for step in pathway.steps:
        assert describe_step(step).startswith("Session ")
    for uncovered in pathway.uncovered:
        assert describe_uncovered(uncovered).startswith(f"{uncovered.item.name} (niveau ")
    assert describe_pathway(pathway)
