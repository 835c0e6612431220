"""Learning from outcomes: bounded, deterministic, hard to swing, and useful on the ground truth."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lakou.matching.engine import (
    DEFAULT_WEIGHTS,
    PARTS,
    Opportunity,
    OpportunityTable,
    Profile,
    rank,
    reference_vocabulary,
)
from lakou.matching.learning import HIGH, LOW, fit_weights
from lakou.matching.quality import (
    DATA,
    engine_rankings,
    generate_world,
    mean_ndcg,
    reference_centroids,
    reference_occupations,
    simulate_outcomes,
)

outcome = st.tuples(
    st.lists(st.floats(0.0, 1.0), min_size=len(PARTS), max_size=len(PARTS)), st.booleans()
)


def test_no_outcome_keeps_the_initial_weights() -> None:
    assert fit_weights([]) == pytest.approx(dict(DEFAULT_WEIGHTS))


@settings(max_examples=40, deadline=None)
@given(st.lists(outcome, max_size=300))
def test_weights_stay_within_their_bounds(outcomes: list) -> None:  # type: ignore[type-arg]
    weights = fit_weights(outcomes)
    for part in PARTS:
        assert (
            LOW * DEFAULT_WEIGHTS[part] - 1e-9
            <= weights[part]
            <= HIGH * DEFAULT_WEIGHTS[part] + 1e-9
        )


@settings(max_examples=20, deadline=None)
@given(st.lists(outcome, min_size=1, max_size=100))
def test_the_fit_is_deterministic(outcomes: list) -> None:  # type: ignore[type-arg]
    assert fit_weights(outcomes) == fit_weights(list(outcomes))


def test_outcomes_as_mappings_or_sequences_fit_alike() -> None:
    rows = [
        ([0.2, 0.1, 1.0, 0.9, 0.5, 0.0, 1.0], True),
        ([0.9, 0.0, 0.0, 0.1, 0.5, 1.0, 1.0], False),
    ]
    as_maps = [(dict(zip(PARTS, p, strict=True)), a) for p, a in rows]
    assert fit_weights(rows) == fit_weights(as_maps)


def test_consistent_outcomes_move_the_weight_their_way() -> None:
    rng = np.random.default_rng(1)
    outcomes = []
    for _ in range(2_000):
        parts = rng.random(len(PARTS))
        outcomes.append((parts, bool(parts[PARTS.index("travel")] > 0.5)))
    weights = fit_weights(outcomes)
    assert weights["travel"] > 2 * DEFAULT_WEIGHTS["travel"]
    assert weights["travel"] <= HIGH * DEFAULT_WEIGHTS["travel"] + 1e-9


def test_five_adversarial_outcomes_barely_change_a_top_ten() -> None:
    vocabulary = reference_vocabulary(DATA)
    centroids = reference_centroids(DATA)
    communes = sorted(centroids)
    today = date(2027, 1, 4)
    codes = vocabulary.codes
    rng = np.random.default_rng(4)
    opportunities = [
        Opportunity(
            id=i + 1,
            kind="job",
            commune=communes[int(rng.integers(34))],
            starts_on=today + timedelta(days=int(rng.integers(0, 150))),
            requires={
                codes[int(c)]: int(rng.integers(1, 5)) for c in rng.choice(20, 3, replace=False)
            },
            occupations=("M1805",) if rng.random() < 0.3 else ("E1101",),
        )
        for i in range(300)
    ]
    table = OpportunityTable(
        opportunities,
        vocabulary=vocabulary,
        centroids=centroids,
        today=today,
        occupation_parents=reference_occupations(DATA),
    )
    profile = Profile(
        commune=97209,
        max_minutes=60,
        available_from=today,
        declared={codes[i]: 3 for i in range(8)},
        targets=("M1805",),
    )
    before = rank(profile, table, k=10)
    # The worst of the list accepted, the best declined, on what each part says: the adversary
    # pushes towards the opposite of the initial weights.
    worst, best = before[-1], before[0]
    adversarial = [(best.parts, False), (worst.parts, True)] * 2 + [(best.parts, False)]
    weights = fit_weights(adversarial)
    after = rank(profile, table, k=10, weights=weights)
    changed = {m.opportunity_id for m in before} - {m.opportunity_id for m in after}
    assert len(changed) <= 1


def test_two_thousand_outcomes_do_not_lower_the_ranking_quality() -> None:
    train = generate_world(seed=31, people=150, opportunities=1_500)
    held_out = generate_world(seed=32, people=150, opportunities=1_500)
    weights = fit_weights(simulate_outcomes(train, 2_000, seed=7))
    before = mean_ndcg(held_out, engine_rankings(held_out))
    after = mean_ndcg(held_out, engine_rankings(held_out, weights))
    assert after >= before
