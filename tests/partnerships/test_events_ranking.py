"""The ranking of submissions (lakou.partnerships.ranking): worked by hand, then properties."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from lakou.partnerships.ranking import Mark, Ranked, juror_marks, rank, z_scores


def marks_of(table: dict[str, dict[int, float]], criterion: str = "c") -> list[Mark]:
    return [
        Mark(juror=juror, submission=submission, criterion=criterion, value=value)
        for juror, row in table.items()
        for submission, value in row.items()
    ]


def order(ranked: list[Ranked]) -> list[int]:
    return [row.submission for row in ranked]


def test_weighted_mean_of_the_criteria() -> None:
    """Juror J gives submission 1: innovation 8 (weight 3), feasibility 4 (weight 1).
    (3×8 + 1×4) / (3 + 1) = 28 / 4 = 7."""
    marks = [
        Mark("J", 1, "innovation", 8),
        Mark("J", 1, "feasibility", 4),
    ]

    assert juror_marks(marks, {"innovation": 3, "feasibility": 1}) == {"J": {1: 7.0}}


def test_z_scores_by_hand() -> None:
    """Marks 2, 4, 6: mean 4, deviations −2, 0, 2, population variance (4+0+4)/3 = 8/3,
    standard deviation √(8/3) ≈ 1.63299; z = −1.22474, 0, 1.22474."""
    z = z_scores({1: 2, 2: 4, 3: 6})

    assert math.isclose(z[1], -2 / math.sqrt(8 / 3))
    assert z[2] == 0
    assert math.isclose(z[3], 1.224744871391589)


def test_a_juror_who_does_not_spread_weighs_nothing() -> None:
    assert z_scores({1: 5, 2: 5}) == {1: 0.0, 2: 0.0}
    assert z_scores({1: 9}) == {1: 0.0}


def test_a_harsh_and_a_lenient_juror_weigh_the_same() -> None:
    """Harsh H: A 1, B 3, C 2 → mean 2, sd √(2/3); z: A −1.2247, B +1.2247, C 0.
    Lenient L: A 10, B 8, C 9 → mean 9, sd √(2/3); z: A +1.2247, B −1.2247, C 0.
    Normalised, the two jurors cancel out: every score is 0, every submission has two jurors,
    and the tie is broken by the earliest submission: C (submitted first), then A, then B."""
    table = {"H": {1: 1, 2: 3, 3: 2}, "L": {1: 10, 2: 8, 3: 9}}
    submitted = {1: 2, 2: 3, 3: 1}  # C (3) first, then A (1), then B (2)

    ranked = rank(marks_of(table), weights={"c": 1}, submitted=submitted)

    assert order(ranked) == [3, 1, 2]
    assert all(math.isclose(row.score or 0.0, 0.0, abs_tol=1e-12) for row in ranked)
    assert [row.rank for row in ranked] == [1, 2, 3]


def test_the_lenient_juror_cannot_outvote_by_generosity() -> None:
    """Harsh H marks A 2, B 8, C 5; lenient L marks A 6, B 9, C 7.
    Raw means: A 4, B 8.5, C 6. Normalised:
    H: mean 5, sd √6 ≈ 2.449; z A −1.2247, B +1.2247, C 0.
    L: mean 22/3 ≈ 7.333, sd √(14/9) ≈ 1.2472; z A −1.0690, B +1.3363, C −0.2673.
    Means: A −1.1469, B +1.2805, C −0.1336 → B, C, A."""
    table = {"H": {1: 2, 2: 8, 3: 5}, "L": {1: 6, 2: 9, 3: 7}}

    ranked = rank(marks_of(table), weights={"c": 1}, submitted={1: 1, 2: 2, 3: 3})

    assert order(ranked) == [2, 3, 1]
    assert math.isclose(ranked[0].score or 0, (1.224744871391589 + 1.3363062095621219) / 2)


def test_ties_go_to_more_jurors_then_the_earliest_submission() -> None:
    """J1 marks A 4 and B 6 (z −1, +1); J2 marks B 6 and C 4 (z +1, −1); J3 marks D 6 and E 4.
    B: mean(+1, +1) = 1 with two jurors; D: +1 with one juror → B before D although tied.
    A, C, E all −1: A and C have one juror each like E; submitted E (1) before A (2) before C (3)."""
    table = {"J1": {1: 4, 2: 6}, "J2": {2: 6, 3: 4}, "J3": {4: 6, 5: 4}}
    submitted = {1: 2, 2: 5, 3: 3, 4: 4, 5: 1}

    ranked = rank(marks_of(table), weights={"c": 1}, submitted=submitted)

    assert order(ranked) == [2, 4, 5, 1, 3]
    assert [row.jurors for row in ranked] == [2, 1, 1, 1, 1]


def test_a_submission_nobody_scored_comes_last() -> None:
    ranked = rank(marks_of({"J": {1: 3, 2: 7}}), weights={"c": 1}, submitted={1: 1, 2: 2, 3: 0})

    assert order(ranked) == [2, 1, 3]
    assert ranked[-1].score is None
    assert ranked[-1].jurors == 0


values = st.integers(min_value=0, max_value=10)
tables = st.dictionaries(
    keys=st.sampled_from(["J1", "J2", "J3"]),
    values=st.dictionaries(keys=st.integers(1, 6), values=values, min_size=1),
    min_size=1,
)


@given(
    table=tables,
    juror=st.sampled_from(["J1", "J2", "J3"]),
    shift=st.integers(-50, 50),
    factor=st.integers(1, 7),
)
def test_shifting_or_scaling_one_jurors_marks_changes_nothing(
    table: dict[str, dict[int, int]], juror: str, shift: int, factor: int
) -> None:
    submitted = {s: s for row in table.values() for s in row}
    before = rank(marks_of(table), weights={"c": 1}, submitted=submitted)
    changed = {
        name: {s: v * factor + shift if name == juror else v for s, v in row.items()}
        for name, row in table.items()
    }

    after = rank(marks_of(changed), weights={"c": 1}, submitted=submitted)

    assert order(after) == order(before)


@given(table=tables)
def test_every_submission_gets_one_rank(table: dict[str, dict[int, int]]) -> None:
    submitted = {s: -s for row in table.values() for s in row}

    ranked = rank(marks_of(table), weights={"c": 1}, submitted=submitted)

    assert sorted(order(ranked)) == sorted(submitted)
    assert [row.rank for row in ranked] == list(range(1, len(submitted) + 1))
