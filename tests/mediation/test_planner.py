"""The workshop planner's integer program on plans small enough to solve by hand."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from lakou.mediation.planner import (
    Commune,
    Mediator,
    Plan,
    Problem,
    Travel,
    Venue,
    solve,
    week_slots,
)

A, B = 1, 2
# 10 minutes inside a commune, 30 between A and B.
TRAVEL = Travel(ids=[A, B], minutes=np.array([[10.0, 30.0], [30.0, 10.0]]))


def problem(
    communes: list[Commune], mediators: list[Mediator], *, weeks: int = 2, **fields: object
) -> Problem:
    venues = [Venue(id=10 + c.id, commune_id=c.id) for c in communes]
    values: dict[str, object] = {"weeks": weeks, "travel": TRAVEL, "mip_rel_gap": 0.0}
    values.update(fields)
    if "venues" not in values:
        values["venues"] = venues
    return Problem(communes=communes, mediators=mediators, **values)  # type: ignore[arg-type]


def by_commune(plan: Plan) -> Counter[int]:
    counts: Counter[int] = Counter()
    for assignment in plan.assignments:
        counts[assignment.commune_id] += assignment.workshops
    return counts


def by_mediator_commune(plan: Plan) -> Counter[tuple[int, int]]:
    counts: Counter[tuple[int, int]] = Counter()
    for assignment in plan.assignments:
        counts[assignment.mediator_id, assignment.commune_id] += assignment.workshops
    return counts


def test_it_sends_the_mediator_who_can_travel_where_the_second_workshop_is_worth_most() -> None:
    """Hand-solved. A has 1,000 seniors, B 3,000: the k-th workshop is worth 1/3k and 1/k.
    Mediator 2 lives in B, has 2.5 h a week: one workshop in B each week (2 h + 2 × 10 min).
    Mediator 1 lives in A, has 3 h: one workshop a week, in A (2 h 20) or in B (3 h). B's venue
    takes 2 a week, so B can have 4. Mediator 1's two workshops: both in A gives
    0.5 + 1.5 = 2.0; both in B, 2.083; one in each, 0.333 + 1.833 = 2.167 — the optimum."""
    plan = solve(
        problem(
            [Commune(id=A, seniors=1000), Commune(id=B, seniors=3000)],
            [
                Mediator(id=1, home_commune_id=A, weekly_hours=3, communes=(A, B)),
                Mediator(id=2, home_commune_id=B, weekly_hours=2.5, communes=(B,)),
            ],
        )
    )
    assert plan.status == "optimal"
    assert by_mediator_commune(plan) == {(1, A): 1, (1, B): 1, (2, B): 2}
    assert by_commune(plan) == {A: 1, B: 3}
    weeks_of_2 = sorted(a.week for a in plan.assignments if a.mediator_id == 2)
    assert weeks_of_2 == [0, 1]
    assert {a.venue_id for a in plan.assignments if a.commune_id == B} == {12}
    assert plan.communes[B].proposed == 3
    assert plan.communes[B].demand == 3000


def test_equal_communes_share_the_workshops_equally() -> None:
    """Two communes of 1,000 seniors, one mediator in each, 5 h a week, 1 workshop per venue a
    week: each commune gets one workshop a week, never both in one."""
    plan = solve(
        problem(
            [Commune(id=A, seniors=1000), Commune(id=B, seniors=1000)],
            [
                Mediator(id=1, home_commune_id=A, weekly_hours=5, communes=(A, B)),
                Mediator(id=2, home_commune_id=B, weekly_hours=5, communes=(A, B)),
            ],
            per_venue_week=1,
        )
    )
    assert by_commune(plan) == {A: 2, B: 2}
    # Each goes to their own commune: the travel penalty breaks the tie.
    assert by_mediator_commune(plan) == {(1, A): 2, (2, B): 2}


def test_no_trip_goes_beyond_the_travel_limit() -> None:
    """Mediator 1 serves B, 30 minutes away, but the limit is 20 minutes: only A."""
    plan = solve(
        problem(
            [Commune(id=A, seniors=1000), Commune(id=B, seniors=5000)],
            [Mediator(id=1, home_commune_id=A, weekly_hours=6, communes=(A, B))],
            travel_limit_minutes=20,
        )
    )
    assert by_commune(plan) == {A: 4}
    assert plan.out_of_reach == [B]


def test_volunteers_share_the_load() -> None:
    """Two volunteers who could each lead both of A's two workshops (one a week): one each."""
    plan = solve(
        problem(
            [Commune(id=A, seniors=1000)],
            [
                Mediator(id=1, home_commune_id=A, weekly_hours=6, volunteer=True),
                Mediator(id=2, home_commune_id=A, weekly_hours=6, volunteer=True),
            ],
            per_venue_week=1,
            venues=[Venue(id=11, commune_id=A)],
        )
    )
    assert by_mediator_commune(plan) == {(1, A): 1, (2, A): 1}
    # 2 h 20 of 12 h each.
    assert plan.volunteer_max_load == pytest.approx(7 / 3 / 12, abs=1e-3)


@pytest.mark.parametrize(("held_in_a", "expected"), [(0, {A: 1, B: 1}), (8, {B: 2})])
def test_a_commune_that_had_workshops_this_year_gets_fewer(
    held_in_a: int, expected: dict[int, int]
) -> None:
    """Same seniors; one workshop a week fits the mediator's 5 hours and the venues' one place a
    week. Without history: one in each commune (1 + 1 against 1 + 1/2). A held 8 workshops in
    the year, 2 a quarter: A's next is worth 1/3, B's second 1/2: both go to B."""
    plan = solve(
        problem(
            [Commune(id=A, seniors=1000, held_workshops=held_in_a), Commune(id=B, seniors=1000)],
            [Mediator(id=1, home_commune_id=A, weekly_hours=5, communes=(A, B))],
            per_venue_week=1,
        )
    )
    assert by_commune(plan) == expected


def test_workshops_already_planned_take_the_mediators_hours_and_the_venues_places() -> None:
    plan = solve(
        problem(
            [Commune(id=A, seniors=1000, planned=1)],
            [Mediator(id=1, home_commune_id=A, weekly_hours=5, busy_hours={0: 3})],
            venues=[Venue(id=11, commune_id=A, booked={1: 2})],
        )
    )
    # Week 0: 2 h left, less than a workshop (2 h 20); week 1: the venue is full.
    assert plan.assignments == []
    assert plan.idle_mediators == [1]


def test_a_commune_without_a_venue_for_groups_is_left_out_and_said_so() -> None:
    plan = solve(
        problem(
            [Commune(id=A, seniors=1000), Commune(id=B, seniors=1000)],
            [Mediator(id=1, home_commune_id=A, weekly_hours=5, communes=(A, B))],
            venues=[Venue(id=11, commune_id=A), Venue(id=12, commune_id=B, takes_groups=False)],
        )
    )
    assert set(by_commune(plan)) == {A}
    assert plan.without_venue == [B]


def test_the_same_problem_gives_the_same_plan() -> None:
    build = lambda: problem(  # noqa: E731
        [Commune(id=A, seniors=1000), Commune(id=B, seniors=1000)],
        [
            Mediator(id=1, home_commune_id=A, weekly_hours=5, communes=(A, B)),
            Mediator(id=2, home_commune_id=A, weekly_hours=5, communes=(A, B)),
        ],
        weeks=3,
    )
    assert solve(build()).assignments == solve(build()).assignments


def test_nobody_to_plan_gives_an_empty_plan() -> None:
    plan = solve(problem([Commune(id=A, seniors=1000)], []))
    assert plan.assignments == []
    assert plan.status == "optimal"


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ("Tu-Sa 09:00-17:00", (1, 9, 0)),
        ("Mo-Fr 08:00-12:00,14:00-17:00", (1, 9, 0)),
        ("We 13:30-16:00; Sa 08:00-12:00", (2, 13, 30)),
        ("Mo 10:00-11:00", (1, 9, 0)),  # too short: Tuesday 9:00
        ("24/7", (1, 9, 0)),  # beyond the simple syntax
        ("", (1, 9, 0)),
    ],
)
def test_a_workshop_falls_within_the_venues_opening_hours(
    hours: str, expected: tuple[int, int, int]
) -> None:
    assert week_slots(hours, 120)[0] == expected


def test_the_next_workshops_of_a_week_take_the_next_times() -> None:
    assert week_slots("Tu-Th 09:00-17:00", 120)[:4] == [
        (1, 9, 0),
        (1, 11, 30),
        (1, 14, 0),
        (3, 9, 0),
    ]
