"""Mentor assignment: score every mentee × mentor pair, then choose the pairs that maximise the
total score without putting a mentor over capacity (issue 11).

Pure module: plain Python and numpy/scipy, no Django. The service layer turns the tables into
`Mentor` and `Mentee` values (commune centroids as plain floats) and the reasons into French.

A pair is feasible when the mentor masters at least one competence the mentee wants at the wanted
level or above, both share at least one availability slot, and they can meet: both accept remote
meetings, or the mentor meets in at least one commune. Its score, in points:

    COMPETENCE_POINTS per shared competence
  + TRAVEL_POINTS × (1 − km / TRAVEL_RANGE_KM, at least 0)   (full points when meeting remotely)
  + SLOT_POINTS per common slot, up to SLOTS_COUNTED slots

Capacity is respected by giving each mentor as many columns as places left; the Hungarian method
(`scipy.optimize.linear_sum_assignment`) then finds the assignment of greatest total score.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

# Distances live with the territory (one copy, shared with the workshop planner); re-exported
# here for this module's callers.
from lakou.territory.travel import EARTH_RADIUS_KM as EARTH_RADIUS_KM
from lakou.territory.travel import distance_matrix
from lakou.territory.travel import haversine_km as haversine_km
from lakou.territory.travel import polygon_centroid as polygon_centroid
from lakou.territory.travel import ring_centroid as ring_centroid

COMPETENCE_POINTS = 10.0
TRAVEL_POINTS = 5.0
TRAVEL_RANGE_KM = 50.0
SLOT_POINTS = 2.0
SLOTS_COUNTED = 3

# Availability is a bit mask: bit i is SLOTS[i]. Monday to Saturday, morning and afternoon.
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat")
PARTS = ("am", "pm")
SLOTS: tuple[str, ...] = tuple(f"{day}_{part}" for day in DAYS for part in PARTS)
ALL_SLOTS = (1 << len(SLOTS)) - 1


def slots_mask(codes: Iterable[str]) -> int:
    """The bit mask of slot codes ("tue_am", …); unknown codes are an error."""
    mask = 0
    for code in codes:
        mask |= 1 << SLOTS.index(code)
    return mask


def slot_codes(mask: int) -> tuple[str, ...]:
    """The slot codes of a bit mask, Monday morning first."""
    return tuple(code for index, code in enumerate(SLOTS) if mask >> index & 1)


@dataclass(frozen=True)
class Mentor:
    id: int
    # competence id → the mentor's level rank (1 = lowest of its framework)
    levels: Mapping[int, int]
    capacity_left: int
    communes: tuple[int, ...] = ()
    accepts_remote: bool = False
    availability: int = 0


@dataclass(frozen=True)
class Mentee:
    id: int
    # competence id → the lowest level rank the mentee wants of a mentor (1 for any level)
    wants: Mapping[int, int]
    commune: int | None = None
    accepts_remote: bool = False
    availability: int = 0


@dataclass(frozen=True)
class Suggestion:
    """One suggested pair and why: the structured reasons the service puts in words."""

    mentee_id: int
    mentor_id: int
    score: float
    shared_competences: tuple[int, ...]
    remote: bool
    distance_km: float | None
    mentee_commune: int | None
    meeting_commune: int | None
    common_slots: tuple[str, ...]


@dataclass
class Scores:
    """The mentee × mentor tables behind the suggestions (rows: mentees, columns: mentors)."""

    mentees: Sequence[Mentee]
    mentors: Sequence[Mentor]
    score: NDArray[np.float64]
    feasible: NDArray[np.bool_]
    shared: NDArray[np.int32]
    slots: NDArray[np.int64]
    remote: NDArray[np.bool_]
    distance_km: NDArray[np.float64]
    nearest_commune: NDArray[np.int64]
    competence_ids: list[int] = field(default_factory=list)
    commune_ids: list[int] = field(default_factory=list)


# ---------------------------------------------------------------- scoring


def _popcount(values: NDArray[np.int64]) -> NDArray[np.int64]:
    counts = np.zeros(values.shape, dtype=np.int64)
    for bit in range(len(SLOTS)):
        counts += (values >> bit) & 1
    return counts


def score_pairs(
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
    centroids: Mapping[int, tuple[float, float]],
    *,
    excluded: Iterable[tuple[int, int]] = (),
) -> Scores:
    """Score every mentee × mentor pair at once (numpy), infeasible pairs marked as such.

    `centroids` gives (lat, lon) per commune id; a commune without one is too far to meet in.
    `excluded` lists (mentee id, mentor id) pairs never to suggest (e.g. a past pair).
    """
    n, m = len(mentees), len(mentors)
    competence_ids = sorted(
        {c for mentee in mentees for c in mentee.wants}
        & {c for mentor in mentors for c in mentor.levels}
    )
    column = {c: i for i, c in enumerate(competence_ids)}
    k = len(competence_ids)
    levels = np.zeros((m, k), dtype=np.int16)
    for j, mentor in enumerate(mentors):
        for c, rank in mentor.levels.items():
            if c in column:
                levels[j, column[c]] = rank
    wants = np.zeros((n, k), dtype=np.int16)
    for i, mentee in enumerate(mentees):
        for c, rank in mentee.wants.items():
            if c in column:
                wants[i, column[c]] = max(1, rank)
    # shared[i, j] = #competences c with wants[i, c] ≥ 1 and levels[j, c] ≥ wants[i, c]:
    # one boolean product per wanted level (a framework has at most 8 levels).
    shared = np.zeros((n, m), dtype=np.float32)
    for rank in np.unique(wants[wants > 0]) if k else ():
        wanted_at = (wants == rank).astype(np.float32)
        mastered = (levels >= rank).astype(np.float32)
        shared += wanted_at @ mastered.T
    shared_count = np.rint(shared).astype(np.int32)

    mentee_slots = np.array([mentee.availability for mentee in mentees], dtype=np.int64)
    mentor_slots = np.array([mentor.availability for mentor in mentors], dtype=np.int64)
    common = mentee_slots[:, None] & mentor_slots[None, :]
    slot_count = _popcount(common)

    commune_ids = sorted(
        {c for mentor in mentors for c in mentor.communes if c in centroids}
        | {
            mentee.commune
            for mentee in mentees
            if mentee.commune is not None and mentee.commune in centroids
        }
    )
    place = {c: i for i, c in enumerate(commune_ids)}
    p = len(commune_ids)
    distances = distance_matrix([centroids[c] for c in commune_ids]) if p else np.zeros((0, 0))
    meets_in = np.zeros((m, p), dtype=bool)
    for j, mentor in enumerate(mentors):
        for c in mentor.communes:
            if c in place:
                meets_in[j, place[c]] = True
    # nearest[q, j]: from commune q, the km to mentor j's nearest meeting commune, and which one.
    masked = np.where(meets_in[None, :, :], distances[:, None, :], np.inf)
    nearest_km = masked.min(axis=2) if p else np.zeros((0, m))
    nearest_at = masked.argmin(axis=2) if p else np.zeros((0, m), dtype=np.int64)
    mentee_place = np.array(
        [place.get(mentee.commune, -1) if mentee.commune is not None else -1 for mentee in mentees],
        dtype=np.int64,
    )
    located = mentee_place >= 0
    distance_km = np.full((n, m), np.inf)
    nearest_commune = np.full((n, m), -1, dtype=np.int64)
    if p and located.any():
        distance_km[located] = nearest_km[mentee_place[located]]
        at = nearest_at[mentee_place[located]]
        nearest_commune[located] = np.where(
            np.isfinite(distance_km[located]), np.asarray(commune_ids, dtype=np.int64)[at], -1
        )
    remote = (
        np.array([mentee.accepts_remote for mentee in mentees], dtype=bool)[:, None]
        & np.array([mentor.accepts_remote for mentor in mentors], dtype=bool)[None, :]
    )
    # A remote meeting counts as no travel, even when an in-person one is possible.
    travel = np.where(remote, 1.0, np.clip(1.0 - distance_km / TRAVEL_RANGE_KM, 0.0, 1.0))
    reachable = remote | np.isfinite(distance_km)
    feasible = (shared_count > 0) & (slot_count > 0) & reachable
    if m:
        wanted_ids = {mentor.id: j for j, mentor in enumerate(mentors)}
        row = {mentee.id: i for i, mentee in enumerate(mentees)}
        for mentee_id, mentor_id in excluded:
            if mentee_id in row and mentor_id in wanted_ids:
                feasible[row[mentee_id], wanted_ids[mentor_id]] = False
    score = (
        COMPETENCE_POINTS * shared_count
        + TRAVEL_POINTS * travel
        + SLOT_POINTS * np.minimum(slot_count, SLOTS_COUNTED)
    )
    score = np.where(feasible, score, 0.0)
    return Scores(
        mentees=mentees,
        mentors=mentors,
        score=score,
        feasible=feasible,
        shared=shared_count,
        slots=common,
        remote=remote,
        distance_km=distance_km,
        nearest_commune=nearest_commune,
        competence_ids=competence_ids,
        commune_ids=commune_ids,
    )


# ---------------------------------------------------------------- assignment


def optimal_pairs(scores: Scores) -> list[tuple[int, int]]:
    """(row, column) pairs of greatest total score; each mentor at most `capacity_left` times."""
    capacity = np.array([max(0, mentor.capacity_left) for mentor in scores.mentors], dtype=np.int64)
    useful_rows = np.flatnonzero(scores.feasible.any(axis=1))
    useful_mentors = np.flatnonzero(scores.feasible.any(axis=0) & (capacity > 0))
    if not len(useful_rows) or not len(useful_mentors):
        return []
    # A mentor never needs more columns than the mentees it could take.
    wanted = np.minimum(capacity[useful_mentors], scores.feasible[:, useful_mentors].sum(axis=0))
    columns = np.repeat(useful_mentors, wanted)
    table = scores.score[np.ix_(useful_rows, columns)]
    rows, cols = linear_sum_assignment(table, maximize=True)
    chosen = [
        (int(useful_rows[r]), int(columns[c]))
        for r, c in zip(rows, cols, strict=True)
        if scores.feasible[useful_rows[r], columns[c]]
    ]
    return sorted(chosen)


def greedy_pairs(scores: Scores) -> list[tuple[int, int]]:
    """Best pair first while capacity lasts: the simple rule the optimum is measured against."""
    left = [max(0, mentor.capacity_left) for mentor in scores.mentors]
    taken: set[int] = set()
    chosen = []
    rows, cols = np.nonzero(scores.feasible)
    order = np.lexsort((cols, rows, -scores.score[rows, cols]))
    for index in order:
        r, c = int(rows[index]), int(cols[index])
        if r in taken or left[c] == 0:
            continue
        taken.add(r)
        left[c] -= 1
        chosen.append((r, c))
    return sorted(chosen)


def total_score(scores: Scores, pairs: Iterable[tuple[int, int]]) -> float:
    return float(sum(scores.score[r, c] for r, c in pairs))


def explain(scores: Scores, row: int, column: int) -> Suggestion:
    """The reasons of one pair, as ids and numbers."""
    mentee, mentor = scores.mentees[row], scores.mentors[column]
    shared = tuple(
        sorted(c for c, wanted in mentee.wants.items() if mentor.levels.get(c, 0) >= max(1, wanted))
    )
    remote = bool(scores.remote[row, column])
    km = float(scores.distance_km[row, column])
    commune = int(scores.nearest_commune[row, column])
    return Suggestion(
        mentee_id=mentee.id,
        mentor_id=mentor.id,
        score=round(float(scores.score[row, column]), 2),
        shared_competences=shared,
        remote=remote,
        distance_km=None if remote or not math.isfinite(km) else round(km, 1),
        mentee_commune=mentee.commune,
        meeting_commune=None if remote or commune < 0 else commune,
        common_slots=slot_codes(int(scores.slots[row, column])),
    )


def suggest(
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
    centroids: Mapping[int, tuple[float, float]],
    *,
    excluded: Iterable[tuple[int, int]] = (),
) -> list[Suggestion]:
    """The optimal pairs with their reasons, best score first."""
    scores = score_pairs(mentees, mentors, centroids, excluded=excluded)
    suggestions = [explain(scores, r, c) for r, c in optimal_pairs(scores)]
    return sorted(suggestions, key=lambda s: (-s.score, s.mentee_id, s.mentor_id))
