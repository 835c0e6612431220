from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakou.diagnostics.scoring import (
    BANDS,
    band_for,
    compute_scores,
    dimension_score,
    round_half_up,
)


@pytest.mark.parametrize(
    ("earned", "reachable", "expected"),
    [
        (0, 10, 0),
        (10, 10, 100),
        (5, 10, 50),
        (1, 3, 33),
        (2, 3, 67),
        (1, 8, 13),  # 12.5 rounds half up
        (Decimal("1.5"), 4, 38),  # 37.5 rounds half up
        (12, 10, 100),  # clamped
        (-2, 10, 0),  # clamped
    ],
)
def test_it_scores_a_dimension_on_100(earned: float, reachable: float, expected: int) -> None:
    assert dimension_score(earned, reachable) == expected


def test_a_dimension_with_nothing_reachable_has_no_score() -> None:
    assert dimension_score(0, 0) is None


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (0, "Débutant"),
        (25, "Débutant"),
        (26, "En progression"),
        (50, "En progression"),
        (51, "Avancé"),
        (75, "Avancé"),
        (76, "Expert"),
        (100, "Expert"),
    ],
)
def test_the_bands_are_the_dma_quarters(score: int, label: str) -> None:
    assert band_for(score).label == label


def test_it_averages_the_displayed_dimension_scores() -> None:
    scores = compute_scores(
        ["strategy", "data", "green"],
        reachable={"strategy": 3, "data": 3, "green": 4},
        earned={"strategy": 1, "data": 2, "green": 4},
    )
    # 33, 67 and 100: (33 + 67 + 100) / 3 = 66.67 → 67, "Avancé".
    assert scores.dimensions == {"strategy": 33, "data": 67, "green": 100}
    assert scores.overall == 67
    assert scores.band is not None
    assert scores.band.label == "Avancé"
    assert scores.as_json() == {
        "dimensions": {"strategy": 33, "data": 67, "green": 100},
        "overall": 67,
        "band": "advanced",
    }


def test_a_dimension_without_points_is_left_out_of_the_mean() -> None:
    scores = compute_scores(["a", "b"], reachable={"a": 4}, earned={"a": 1})
    assert scores.dimensions == {"a": 25, "b": None}
    assert scores.overall == 25


def test_no_scored_dimension_gives_no_overall_score() -> None:
    scores = compute_scores(["a"], reachable={}, earned={})
    assert scores.overall is None
    assert scores.band is None


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=1000, places=2),
            st.decimals(min_value=0, max_value=1000, places=2),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_every_score_lies_between_0_and_100(pairs: list[tuple[Decimal, Decimal]]) -> None:
    codes = [f"d{i}" for i in range(len(pairs))]
    reachable = {code: pair[0] for code, pair in zip(codes, pairs, strict=True)}
    earned = {code: pair[1] for code, pair in zip(codes, pairs, strict=True)}
    scores = compute_scores(codes, reachable, earned)
    known = [score for score in scores.dimensions.values() if score is not None]
    assert all(0 <= score <= 100 for score in known)
    if known:
        assert scores.overall is not None
        assert min(known) <= scores.overall <= max(known)
        assert scores.band == band_for(scores.overall)
    else:
        assert scores.overall is None


@given(st.integers(min_value=0, max_value=100))
def test_every_score_falls_in_exactly_one_band(score: int) -> None:
    assert sum(band.low <= score <= band.high for band in BANDS) == 1


@given(st.decimals(min_value=0, max_value=100, places=3))
def test_rounding_is_never_more_than_half_a_point_off(value: Decimal) -> None:
    assert abs(round_half_up(value) - value) <= Decimal("0.5")
