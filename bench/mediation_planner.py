"""Time the workshop planner for 34 communes × 200 mediators × 13 weeks (issue 12: ≤ 5 s).

Pure: no database. The 34 communes and their centroids and populations come from
data/communes.csv; seniors are the regional share of 60 and over (29.3 %, Insee 2021) of each
population; 1 to 4 venues per commune (two-thirds take groups); 200 mediators living in a commune
drawn by population, serving their own and 1 to 5 others of their EPCI or nearby, 2 to 10 hours a
week, half of them volunteers, a few weeks already partly taken. Travel: the car matrix of
`lakou.territory.travel` with the default 45-minute limit. Each round builds and solves the whole
integer program (`planner.solve`); build and solve are timed apart.
"""

from __future__ import annotations

import csv
import random
import statistics
from pathlib import Path
from typing import Any

from lakou.mediation.planner import Commune, Mediator, Problem, Travel, Venue, solve
from lakou.territory.travel import commune_travel_minutes

MEDIATORS = 200
WEEKS = 13
ROUNDS = 5
SENIOR_SHARE = 0.293
DATA = Path(__file__).resolve().parent.parent / "data" / "communes.csv"


def dataset(seed: int = 12) -> Problem:
    rng = random.Random(seed)
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    centroids = {
        int(row["insee_code"]): (float(row["centroid_lat"]), float(row["centroid_lon"]))
        for row in rows
    }
    epci_of = {int(row["insee_code"]): row["epci_siren"] for row in rows}
    population = {int(row["insee_code"]): int(row["population"]) for row in rows}
    ids, minutes = commune_travel_minutes(centroids)
    travel = Travel(ids=ids, minutes=minutes)
    communes = [
        Commune(
            id=c,
            seniors=round(population[c] * SENIOR_SHARE),
            needs=rng.randint(0, 40),
            held_workshops=rng.randint(0, 12),
            acts=rng.randint(0, 60),
            planned=rng.randint(0, 2),
        )
        for c in ids
    ]
    venues: list[Venue] = []
    for c in ids:
        for _ in range(rng.randint(1, 4)):
            takes = rng.random() < 0.67
            venues.append(
                Venue(
                    id=len(venues) + 1,
                    commune_id=c,
                    capacity=rng.choice((8, 10, 12, 15, 20)) if takes else 0,
                    takes_groups=takes,
                    booked={rng.randrange(WEEKS): 1} if rng.random() < 0.3 else {},
                )
            )
    mediators = []
    weights = [population[c] for c in ids]
    for j in range(MEDIATORS):
        home = rng.choices(ids, weights)[0]
        near = sorted(
            (
                c
                for c in ids
                if c != home and (epci_of[c] == epci_of[home] or travel.between(home, c) or 99) < 60
            ),
            key=lambda c: (travel.between(home, c) or 0.0, c),
        )
        served = (home, *rng.sample(near[:10], min(len(near[:10]), rng.randint(1, 5))))
        busy = {w: float(rng.choice((1, 2))) for w in rng.sample(range(WEEKS), rng.randint(0, 3))}
        mediators.append(
            Mediator(
                id=j + 1,
                home_commune_id=home,
                weekly_hours=float(rng.randint(2, 10)),
                volunteer=rng.random() < 0.5,
                communes=tuple(served),
                busy_hours=busy,
            )
        )
    return Problem(
        communes=communes, venues=venues, mediators=mediators, weeks=WEEKS, travel=travel
    )


def run() -> dict[str, Any]:
    problem = dataset()
    builds, solves, totals = [], [], []
    plan = None
    for _round in range(ROUNDS):
        plan = solve(problem)
        builds.append(plan.build_seconds)
        solves.append(plan.solve_seconds)
        totals.append(plan.build_seconds + plan.solve_seconds)
    assert plan is not None
    workshops = sum(a.workshops for a in plan.assignments)
    return {
        "data": f"{len(problem.communes)} communes, {len(problem.venues)} venues "
        f"({sum(v.takes_groups for v in problem.venues)} take groups), {MEDIATORS} mediators, "
        f"{WEEKS} weeks, travel limit {problem.travel_limit_minutes:.0f} min by car",
        "target": "build + solve ≤ 5 s",
        "rounds": ROUNDS,
        "variables": plan.variables,
        "build_median_s": round(statistics.median(builds), 3),
        "solve_median_s": round(statistics.median(solves), 3),
        "total_median_s": round(statistics.median(totals), 3),
        "total_max_s": round(max(totals), 3),
        "status": plan.status,
        "workshops_proposed": workshops,
        "communes_with_workshops": sum(1 for o in plan.communes.values() if o.proposed),
        "mediators_used": len({a.mediator_id for a in plan.assignments}),
        "volunteer_max_load": plan.volunteer_max_load,
    }
