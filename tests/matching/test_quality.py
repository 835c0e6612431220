"""Ranking quality: nDCG by hand, the generated ground truth, and the engine against baselines."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lakou.matching.engine import EXCLUDED
from lakou.matching.quality import (
    dcg,
    generate_world,
    ndcg,
    quality_report,
    simulate_outcomes,
)


def test_dcg_of_hand_examples() -> None:
    # (2³ − 1)/log2(2) + (2¹ − 1)/log2(3) + 0
    assert dcg([3, 1, 0]) == pytest.approx(7 + 1 / math.log2(3))
    assert dcg([1, 1, 1, 1], k=2) == pytest.approx(1 + 1 / math.log2(3))
    assert dcg([]) == 0


def test_ndcg_of_hand_examples() -> None:
    relevance = [0, 3, 0, 1, 2]
    assert ndcg([1, 4, 3], relevance) == pytest.approx(1.0)
    # Ideal [3, 2, 1]: 7 + 3/log2(3) + 1/2. Ranked [2, 3, 1] → gains 0, 1, 3.
    ideal = 7 + 3 / math.log2(3) + 0.5
    assert ndcg([2, 3, 1], relevance) == pytest.approx((1 / math.log2(3) + 7 / 2) / ideal)
    # Only the first k count, against the ideal first k.
    assert ndcg([0, 2, 1], relevance, k=2) == 0
    assert math.isnan(ndcg([0, 1], [0, 0]))


@pytest.fixture(scope="module")
def world():  # type: ignore[no-untyped-def]
    return generate_world(seed=5, people=120, opportunities=1_500)


def test_the_generated_world_is_seeded(world) -> None:  # type: ignore[no-untyped-def]
    again = generate_world(seed=5, people=10, opportunities=200)
    assert np.array_equal(
        again.relevance, generate_world(seed=5, people=10, opportunities=200).relevance
    )
    assert not np.array_equal(
        again.utility[np.isfinite(again.utility)],
        generate_world(seed=6, people=10, opportunities=200).utility[np.isfinite(again.utility)],
    )


def test_grades_follow_each_persons_own_percentiles(world) -> None:  # type: ignore[no-untyped-def]
    for row, grades in zip(world.utility, world.relevance, strict=True):
        feasible = np.isfinite(row)
        assert (grades[~feasible] == 0).all()
        if feasible.sum() >= 100:
            assert (grades == 3).sum() == round(0.01 * feasible.sum())
            assert row[grades == 3].min() >= row[feasible & (grades < 3)].max()


def test_what_the_engine_removes_is_mostly_ruled_out_in_truth(world) -> None:  # type: ignore[no-untyped-def]
    # The truth's own feasibility (closed, full, audience, travel, dates) is computed apart from
    # the engine; the engine also removes unfundable pairs for who needs funding.
    kept = world.table.scores(world.profiles).T > EXCLUDED
    feasible = np.isfinite(world.utility)
    assert (kept & ~feasible).sum() == 0
    assert (feasible & ~kept).sum() < 0.1 * feasible.sum()


def test_the_engine_beats_the_best_baseline_by_a_fifth(world) -> None:  # type: ignore[no-untyped-def]
    report = quality_report(world)
    assert report["engine"] > report["same_rome"] > report["nearest"]
    assert report["gain_over_best_baseline"] >= 0.20, report


def test_simulated_outcomes_are_seeded_and_mixed(world) -> None:  # type: ignore[no-untyped-def]
    outcomes = simulate_outcomes(world, 200, seed=3)
    again = simulate_outcomes(world, 200, seed=3)
    assert [a for _p, a in outcomes] == [a for _p, a in again]
    accepted = sum(a for _p, a in outcomes)
    assert 40 < accepted < 160
    assert all(parts.shape == (7,) for parts, _a in outcomes)
