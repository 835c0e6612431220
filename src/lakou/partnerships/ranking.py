"""The ranking of a contest's submissions from its jurors' scores, fair to harsh and lenient jurors.

Pure functions on plain data (no Django). The steps:

1. Each juror's mark of a submission is the weighted mean of the criteria they scored
   (sum of weight × value over sum of weights).
2. Each juror's marks are turned into z-scores over the submissions that juror marked:
   (mark − the juror's mean) / the juror's standard deviation (population). A juror who gave
   every submission the same mark, or marked only one, says nothing about the order: their
   z-scores are all 0. So a harsh juror (all marks low) and a lenient one (all marks high) weigh
   the same, and adding a constant to a juror's marks, or multiplying them by a positive factor,
   changes nothing.
3. A submission's score is the mean of its jurors' z-scores. A submission no juror marked has no
   score and comes after all the others.
4. Ties (scores equal to 9 decimals) are broken by, in order: more jurors first, then the
   earliest submission first, then the smallest identifier.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Scores equal to this many decimals are a tie: float noise must not decide a rank.
PRECISION = 9


@dataclass(frozen=True)
class Mark:
    """One juror's value for one criterion of one submission."""

    juror: Hashable
    submission: int
    criterion: Hashable
    value: float


@dataclass(frozen=True)
class Ranked:
    submission: int
    rank: int
    score: float | None
    jurors: int


def juror_marks(
    marks: Iterable[Mark], weights: Mapping[Any, float]
) -> dict[Hashable, dict[int, float]]:
    """Step 1: per juror, per submission, the weighted mean of the criteria they scored."""
    totals: dict[tuple[Hashable, int], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for mark in marks:
        weight = float(weights.get(mark.criterion, 1))
        total = totals[(mark.juror, mark.submission)]
        total[0] += weight * mark.value
        total[1] += weight
    by_juror: dict[Hashable, dict[int, float]] = defaultdict(dict)
    for (juror, submission), (weighted, weight_sum) in totals.items():
        if weight_sum > 0:
            by_juror[juror][submission] = weighted / weight_sum
    return dict(by_juror)


def z_scores(marks: Mapping[int, float]) -> dict[int, float]:
    """Step 2: one juror's marks as z-scores (all 0 when they do not spread)."""
    if not marks:
        return {}
    values = list(marks.values())
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((value - mean) ** 2 for value in values) / len(values))
    if spread < 1e-12:
        return dict.fromkeys(marks, 0.0)
    return {submission: (value - mean) / spread for submission, value in marks.items()}


def rank(
    marks: Iterable[Mark],
    *,
    weights: Mapping[Any, float],
    submitted: Mapping[int, Any],
) -> list[Ranked]:
    """Every submission of `submitted` (id → submission moment), best first, ranks 1, 2, 3…"""
    normalised: dict[int, list[float]] = defaultdict(list)
    for by_submission in juror_marks(marks, weights).values():
        for submission, z in z_scores(by_submission).items():
            normalised[submission].append(z)
    scored: list[tuple[int, float | None, int]] = []
    for submission in submitted:
        zs = normalised.get(submission, [])
        score = sum(zs) / len(zs) if zs else None
        scored.append((submission, score, len(zs)))

    def order(row: tuple[int, float | None, int]) -> tuple[Any, ...]:
        submission, score, jurors = row
        return (
            score is None,
            -round(score, PRECISION) if score is not None else 0.0,
            -jurors,
            submitted[submission],
            submission,
        )

    return [
        Ranked(submission=submission, rank=position, score=score, jurors=jurors)
        for position, (submission, score, jurors) in enumerate(sorted(scored, key=order), 1)
    ]
