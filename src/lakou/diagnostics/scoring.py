"""Maturity scores: points per dimension turned into 0–100 scores, an overall score and a band.

Pure functions on plain data, no Django. The bands follow the EU Digital Maturity Assessment
(DMA), which reads a 0–100 score in four quarters:

    0–25 Débutant · 26–50 En progression · 51–75 Avancé · 76–100 Expert

Choices made here, and why:
- a dimension score is `earned / reachable × 100`, rounded half up to a whole number, because
  people read whole numbers and the band must be decided on the number they see;
- the overall score is the mean of the *displayed* dimension scores, rounded half up, so anyone
  can check it with a pencil;
- a dimension with nothing reachable (no scored question was shown) has no score and is left
  out of the mean, rather than counted as 0, which would punish a skipped branch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    low: int
    high: int


BANDS: tuple[Band, ...] = (
    Band("beginner", "Débutant", 0, 25),
    Band("progressing", "En progression", 26, 50),
    Band("advanced", "Avancé", 51, 75),
    Band("expert", "Expert", 76, 100),
)
BANDS_BY_CODE = {band.code: band for band in BANDS}


@dataclass(frozen=True)
class Scores:
    dimensions: dict[str, int | None]
    overall: int | None
    band: Band | None

    def as_json(self) -> dict[str, object]:
        """The form stored in `Response.scores`."""
        return {
            "dimensions": dict(self.dimensions),
            "overall": self.overall,
            "band": self.band.code if self.band else None,
        }


def round_half_up(value: float | Decimal) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def dimension_score(earned: float | Decimal, reachable: float | Decimal) -> int | None:
    """0–100, or None when nothing could be earned; earned points are clamped to [0, reachable]."""
    reachable_d = Decimal(str(reachable))
    if reachable_d <= 0:
        return None
    earned_d = min(max(Decimal(str(earned)), Decimal(0)), reachable_d)
    return round_half_up(earned_d * 100 / reachable_d)


def band_for(score: int) -> Band:
    for band in BANDS:
        if score <= band.high:
            return band
    return BANDS[-1]


def compute_scores(
    dimensions: Sequence[str],
    reachable: Mapping[str, float | Decimal],
    earned: Mapping[str, float | Decimal],
) -> Scores:
    """Score each dimension (in the given order), then the overall score and its band."""
    by_dimension = {
        code: dimension_score(earned.get(code, 0), reachable.get(code, 0)) for code in dimensions
    }
    known = [score for score in by_dimension.values() if score is not None]
    if not known:
        return Scores(dimensions=by_dimension, overall=None, band=None)
    overall = round_half_up(Decimal(sum(known)) / len(known))
    return Scores(dimensions=by_dimension, overall=overall, band=band_for(overall))
