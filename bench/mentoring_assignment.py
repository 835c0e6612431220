"""Time mentor suggestions for 500 mentors × 2,000 mentees (issue 11: ≤ 2 s for scoring and
assignment together).

Pure: no database. The 34 commune centroids come from data/communes.csv, the competences are
DigComp's 21 (levels 1 to 8) and e-CF's 40 (levels 1 to 5); mentors offer 2 to 6 competences, take
1 to 4 mentees, meet in 0 to 3 communes or remotely; mentees want 1 to 3 competences. Each
round builds the mentee × mentor scores (`score_pairs`), then the optimal assignment
(`optimal_pairs`); the greedy total is given for comparison.
"""

from __future__ import annotations

import csv
import random
import statistics
import time
from pathlib import Path
from typing import Any

from lakou.partnerships.assignment import (
    ALL_SLOTS,
    Mentee,
    Mentor,
    greedy_pairs,
    optimal_pairs,
    score_pairs,
    total_score,
)

MENTORS = 500
MENTEES = 2_000
ROUNDS = 5
DATA = Path(__file__).resolve().parent.parent / "data" / "communes.csv"


def _centroids() -> dict[int, tuple[float, float]]:
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        int(row["insee_code"]): (float(row["centroid_lat"]), float(row["centroid_lon"]))
        for row in rows
    }


def dataset(seed: int = 11) -> tuple[list[Mentee], list[Mentor], dict[int, tuple[float, float]]]:
    rng = random.Random(seed)
    centroids = _centroids()
    communes = sorted(centroids)
    # (competence id, top level): DigComp 1–21 (8 levels), e-CF 101–140 (5 levels).
    competences = [(c, 8) for c in range(1, 22)] + [(c, 5) for c in range(101, 141)]
    mentors = []
    for j in range(MENTORS):
        offered = rng.sample(competences, rng.randint(2, 6))
        mentors.append(
            Mentor(
                id=j + 1,
                levels={c: rng.randint(max(1, top - 3), top) for c, top in offered},
                capacity_left=rng.randint(1, 4),
                communes=tuple(rng.sample(communes, rng.randint(0, 3))),
                accepts_remote=rng.random() < 0.6,
                availability=rng.getrandbits(12) or ALL_SLOTS,
            )
        )
    mentees = []
    for i in range(MENTEES):
        wanted = rng.sample(competences, rng.randint(1, 3))
        mentees.append(
            Mentee(
                id=i + 1,
                wants={c: rng.randint(1, max(1, top // 2)) for c, top in wanted},
                commune=rng.choice(communes),
                accepts_remote=rng.random() < 0.5,
                availability=rng.getrandbits(12) or ALL_SLOTS,
            )
        )
    return mentees, mentors, centroids


def run() -> dict[str, Any]:
    mentees, mentors, centroids = dataset()
    scoring, assigning, totals = [], [], []
    for _round in range(ROUNDS):
        start = time.perf_counter()
        scores = score_pairs(mentees, mentors, centroids)
        scored = time.perf_counter()
        pairs = optimal_pairs(scores)
        done = time.perf_counter()
        scoring.append(scored - start)
        assigning.append(done - scored)
        totals.append(done - start)
    greedy = greedy_pairs(scores)
    return {
        "data": f"{MENTORS} mentors ({sum(m.capacity_left for m in mentors)} places), "
        f"{MENTEES} mentees, 34 communes, 61 competences",
        "target": "scoring + assignment ≤ 2 s",
        "rounds": ROUNDS,
        "scoring_median_s": round(statistics.median(scoring), 3),
        "assignment_median_s": round(statistics.median(assigning), 3),
        "total_median_s": round(statistics.median(totals), 3),
        "total_max_s": round(max(totals), 3),
        "feasible_pairs_share": round(float(scores.feasible.mean()), 4),
        "pairs_suggested": len(pairs),
        "total_score_optimal": round(total_score(scores, pairs), 1),
        "pairs_greedy": len(greedy),
        "total_score_greedy": round(total_score(scores, greedy), 1),
    }
