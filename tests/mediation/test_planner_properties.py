"""Properties of every plan the planner returns, on random small quarters (hypothesis)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lakou.mediation.planner import Commune, Mediator, Plan, Problem, Travel, Venue, solve

COMMUNES = (1, 2, 3, 4)


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    ids = list(COMMUNES[: draw(st.integers(1, 4))])
    size = len(ids)
    upper = np.array(
        [[draw(st.integers(5, 90)) for _ in range(size)] for _ in range(size)], dtype=float
    )
    minutes = np.triu(upper, 1) + np.triu(upper, 1).T
    np.fill_diagonal(minutes, 10.0)
    weeks = draw(st.integers(1, 3))
    communes = [
        Commune(
            id=c,
            seniors=draw(st.integers(0, 5000)),
            needs=draw(st.integers(0, 20)),
            held_workshops=draw(st.integers(0, 8)),
            acts=draw(st.integers(0, 30)),
            planned=draw(st.integers(0, 2)),
        )
        for c in ids
    ]
    venues = [
        Venue(
            id=10 * c + k,
            commune_id=c,
            takes_groups=draw(st.booleans()) or k == 0,
            booked={w: draw(st.integers(0, 2)) for w in range(weeks)},
        )
        for c in ids
        for k in range(draw(st.integers(1, 2)))
    ]
    mediators = [
        Mediator(
            id=j + 1,
            home_commune_id=draw(st.sampled_from(ids)),
            weekly_hours=draw(st.integers(0, 10)),
            volunteer=draw(st.booleans()),
            communes=tuple(draw(st.sets(st.sampled_from(ids), max_size=size))),
            busy_hours={w: draw(st.integers(0, 4)) for w in range(weeks)},
        )
        for j in range(draw(st.integers(0, 4)))
    ]
    return Problem(
        communes=communes,
        venues=venues,
        mediators=mediators,
        weeks=weeks,
        travel=Travel(ids=ids, minutes=minutes),
        travel_limit_minutes=draw(st.sampled_from((20.0, 45.0, 90.0))),
        mip_rel_gap=0.0,
    )


def hours_by_mediator_week(plan: Plan) -> dict[tuple[int, int], float]:
    hours: dict[tuple[int, int], float] = defaultdict(float)
    for a in plan.assignments:
        hours[a.mediator_id, a.week] += a.hours_each * a.workshops
    return hours


def assert_within_limits(problem: Problem, plan: Plan) -> None:
    mediators = {m.id: m for m in problem.mediators}
    venues = {v.id: v for v in problem.venues}
    for (mediator_id, week), hours in hours_by_mediator_week(plan).items():
        mediator = mediators[mediator_id]
        assert hours + mediator.busy_hours.get(week, 0) <= mediator.weekly_hours + 1e-6
    per_venue: dict[tuple[int, int], int] = defaultdict(int)
    for a in plan.assignments:
        mediator = mediators[a.mediator_id]
        assert a.commune_id in (mediator.communes or (mediator.home_commune_id,))
        minutes = problem.travel.between(mediator.home_commune_id, a.commune_id)
        assert minutes is not None
        assert minutes <= problem.travel_limit_minutes
        assert a.travel_minutes <= problem.travel_limit_minutes
        venue = venues[a.venue_id]
        assert venue.takes_groups
        assert venue.commune_id == a.commune_id
        assert 0 <= a.week < problem.weeks
        assert a.workshops >= 1
        per_venue[a.venue_id, a.week] += a.workshops
    for (venue_id, week), count in per_venue.items():
        assert count + venues[venue_id].booked.get(week, 0) <= problem.per_venue_week


def accepted(problem: Problem, plan: Plan) -> Problem:
    """The problem once every proposal of `plan` is accepted: its hours, places and counts taken."""
    busy: dict[int, dict[int, float]] = defaultdict(dict)
    for (mediator_id, week), hours in hours_by_mediator_week(plan).items():
        busy[mediator_id][week] = hours
    booked: dict[int, dict[int, int]] = defaultdict(dict)
    for a in plan.assignments:
        booked[a.venue_id][a.week] = booked[a.venue_id].get(a.week, 0) + a.workshops
    return dataclasses.replace(
        problem,
        communes=[
            dataclasses.replace(c, planned=c.planned + plan.communes[c.id].proposed)
            for c in problem.communes
        ],
        mediators=[
            dataclasses.replace(
                m,
                busy_hours={
                    w: m.busy_hours.get(w, 0) + busy[m.id].get(w, 0) for w in range(problem.weeks)
                },
            )
            for m in problem.mediators
        ],
        venues=[
            dataclasses.replace(
                v,
                booked={
                    w: v.booked.get(w, 0) + booked[v.id].get(w, 0) for w in range(problem.weeks)
                },
            )
            for v in problem.venues
        ],
    )


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(problems())
def test_no_mediator_over_their_week_no_trip_over_the_limit_no_venue_overbooked(
    problem: Problem,
) -> None:
    plan = solve(problem)
    assert plan.status == "optimal"
    assert_within_limits(problem, plan)


@SETTINGS
@given(problems())
def test_accepted_workshops_are_never_proposed_again(problem: Problem) -> None:
    """Plan, accept everything, plan again: the second plan only adds what still fits beside the
    first (together they keep every limit), so nothing accepted is proposed twice."""
    first = solve(problem)
    after = accepted(problem, first)
    second = solve(after)
    assert_within_limits(after, second)
    combined = dataclasses.replace(second, assignments=first.assignments + second.assignments)
    assert_within_limits(problem, combined)


@SETTINGS
@given(problems(), st.data())
def test_more_seniors_never_means_fewer_workshops_in_a_commune(
    problem: Problem, data: st.DataObject
) -> None:
    """Exact solves (gap 0): raising one commune's demand raises only its own values (demand is
    counted in a fixed unit), so at the optimum its count cannot fall: add the two optimality
    inequalities, (d' − d)·(U(after) − U(before)) ≥ 0 with U increasing."""
    index = data.draw(st.integers(0, len(problem.communes) - 1))
    extra = data.draw(st.integers(1, 5000))
    commune = problem.communes[index]
    richer = dataclasses.replace(
        problem,
        communes=[
            dataclasses.replace(c, seniors=c.seniors + extra) if c.id == commune.id else c
            for c in problem.communes
        ],
    )
    before = solve(problem).communes[commune.id].proposed
    after = solve(richer).communes[commune.id].proposed
    assert after >= before
