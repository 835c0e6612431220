"""The explainable matching engine: score every (profile, opportunity) pair from named parts,
remove what hard rules forbid, keep the best k, and say why (issue 13, « The engine »).

Pure module: the standard library, numpy and scipy only, no Django. The Django layer turns its
rows into `Opportunity` and `Profile` values, builds an `OpportunityTable` once (per request or
cached), and calls `rank` (one person, with reasons) or `rank_many` (a batch, without).

A score is the weighted sum of seven parts, each between 0 and 1 (`PARTS`):

    competences  credit of the competences asked, over their number: 1 per competence held at
                 the asked level or above when certified, DECLARED_CREDIT when only declared,
                 a PARTIAL_CREDIT share when held below the level (1 when nothing is asked)
    gap          share of the person's gap towards their target occupations the opportunity
                 teaches (level steps missing between what they hold and what the targets ask)
    occupation   1 when the opportunity names a target occupation (ROME), RELATED_OCCUPATION
                 when it names one of the same parent fiche, else 0
    travel       1 − minutes / the person's maximum (remote: 0 minutes, so 1)
    dates        1 − days waited after the person is available / DATE_HORIZON_DAYS (at least 0);
                 joining late, where the kind tolerates it, costs in proportion to the tolerance
    audience     1 when the opportunity is meant for the person's situation, 0 when open to all
    funding      1 when it needs no funding, is free or accepts one of the person's fundings

Hard rules remove a pair whatever its score: closed or full, not meant for the person's
situation, beyond the person's maximum travel time (or a format they refused), starting
before they are available (beyond the kind's tolerance) or after they stop being, and, for a
person who said they need funding, none they can use.

Speed: every profile-dependent value is a small table (per commune, per start date, per set of
occupations, per competence level) and every opportunity points into those tables, so scoring is
one sparse product of a matrix prepared once (competence levels, starts, pairs of context and
occupations) by a vector built from those tables, for one profile (`score_one`) or a block.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

try:  # scipy's own CSR kernel, without the ~40 µs of `@`'s checks (one profile's scores)
    from scipy.sparse._sparsetools import csr_matvec as _csr_matvec
except ImportError:  # pragma: no cover - a scipy that moved it: the public product
    _csr_matvec = None

from lakou.territory.travel import SAME_COMMUNE_MINUTES, commune_travel_minutes

# ---------------------------------------------------------------- vocabularies

PARTS = ("competences", "gap", "occupation", "travel", "dates", "audience", "funding")
# Initial weights, set by reasoning about what matters to a person (not fitted on the generated
# ground truth of quality.py); learning.py moves them within bounds.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "competences": 0.25,
    "gap": 0.15,
    "occupation": 0.20,
    "travel": 0.15,
    "dates": 0.12,
    "audience": 0.05,
    "funding": 0.08,
}

KINDS = ("training", "internship", "job", "mentoring", "senior_workshop")
# Days a person may join after the start, per kind: a session or workshop starts on its day; an
# offer's start date is a wish that moves a little.
LATE_TOLERANCE_DAYS: Mapping[str, int] = {
    "training": 0,
    "senior_workshop": 0,
    "internship": 30,
    "job": 60,
    "mentoring": 30,
}
# car, bus and on foot use territory.travel's speeds; "none": no way to travel, so only remote
# opportunities and those in the person's own commune are within reach.
MODES = ("car", "bus", "walk", "none")
SITUATIONS = ("job_seeker", "employee", "student", "senior", "career_changer")
FUNDINGS = ("cpf", "employer", "france_travail", "region", "free")
_FREE = 1 << FUNDINGS.index("free")

DECLARED_CREDIT = 0.7
PARTIAL_CREDIT = 0.5
RELATED_OCCUPATION = 0.5
DATE_HORIZON_DAYS = 180.0
# Added to a forbidden pair's score: any score below EXCLUDED is a removed pair.
PENALTY = 1.0e6
EXCLUDED = -1.0e5


def _bits(values: Iterable[str], vocabulary: Sequence[str], what: str) -> int:
    mask = 0
    for value in values:
        if value not in vocabulary:
            raise ValueError(f"unknown {what} {value!r}; one of {list(vocabulary)}")
        mask |= 1 << vocabulary.index(value)
    return mask


def weights_array(weights: Mapping[str, float] | None = None) -> NDArray[np.float64]:
    """The weights in PARTS order (missing parts keep their default)."""
    merged = {**DEFAULT_WEIGHTS, **(weights or {})}
    unknown = set(merged) - set(PARTS)
    if unknown:
        raise ValueError(f"unknown score parts {sorted(unknown)}; parts are {PARTS}")
    return np.array([float(merged[part]) for part in PARTS])


@dataclass(frozen=True)
class CompetenceVocabulary:
    """Every competence the engine knows, with its framework's number of levels (DigComp 8,
    e-CF 5). Levels are ranks from 1; the engine compares them within a competence only."""

    top_levels: Mapping[str, int]
    codes: tuple[str, ...] = field(init=False)
    index: Mapping[str, int] = field(init=False)
    offsets: NDArray[np.int64] = field(init=False)
    columns: int = field(init=False)

    def __post_init__(self) -> None:
        codes = tuple(sorted(self.top_levels))
        tops = np.array([self.top_levels[c] for c in codes], dtype=np.int64)
        if (tops < 1).any():
            raise ValueError("a competence has at least one level")
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "index", {c: i for i, c in enumerate(codes)})
        offsets = np.concatenate([[0], np.cumsum(tops)])
        object.__setattr__(self, "offsets", offsets)
        object.__setattr__(self, "columns", int(offsets[-1]))

    def column(self, code: str, level: int) -> int:
        """The column of (competence, level): levels above the top count as the top."""
        i = self.position(code)
        top = int(self.offsets[i + 1] - self.offsets[i])
        return int(self.offsets[i]) + min(max(int(level), 1), top) - 1

    def position(self, code: str) -> int:
        """The index of a competence; an unknown one is an error (build the vocabulary from every
        framework in use, custom ones included)."""
        try:
            return self.index[code]
        except KeyError:
            raise ValueError(f"competence {code!r} is not in the vocabulary") from None

    def level_columns(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """For every column: (competence index, level rank)."""
        tops = np.diff(self.offsets)
        competence = np.repeat(np.arange(len(self.codes)), tops)
        level = np.arange(self.columns) - self.offsets[competence] + 1
        return competence, level


def reference_vocabulary(data_dir: Path) -> CompetenceVocabulary:
    """DigComp 2.2 (21 × 8 levels) and e-CF 3.0 (40 × 5) from data/: keys "digcomp:1.1",
    "ecf:A.1"."""
    digcomp = json.loads((data_dir / "digcomp.json").read_text(encoding="utf-8"))
    ecf = json.loads((data_dir / "ecf.json").read_text(encoding="utf-8"))
    levels: dict[str, int] = {}
    top = len(digcomp["proficiency_levels"])
    for area in digcomp["areas"]:
        for competence in area["competences"]:
            levels[f"digcomp:{competence['id']}"] = top
    for area in ecf["areas"]:
        for competence in area["competences"]:
            levels[f"ecf:{competence['id']}"] = 5
    return CompetenceVocabulary(levels)


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Opportunity:
    """One training session, internship or apprenticeship offer, job offer, mentoring place or
    senior workshop, as the engine needs it."""

    id: int
    kind: str
    commune: int | None = None  # INSEE code; None with remote=True
    remote: bool = False
    starts_on: date | None = None  # None: no imposed date (an open job offer, a mentor)
    requires: Mapping[str, int] = field(default_factory=dict)  # competence → level asked
    teaches: Mapping[str, int] = field(default_factory=dict)  # competence → level reached
    occupations: tuple[str, ...] = ()  # ROME codes
    audiences: frozenset[str] = frozenset()  # situations it is meant for; empty: everyone
    fundings: frozenset[str] = frozenset()  # fundings it accepts; empty: needs none
    seats_left: int | None = None  # None: no limit
    is_open: bool = True  # False: closed, cancelled, done, withdrawn
    enrolment_deadline: date | None = None
    late_tolerance_days: int | None = None  # None: LATE_TOLERANCE_DAYS of its kind


@dataclass(frozen=True)
class Profile:
    """A person as the engine needs it; competence levels are ranks within their framework."""

    commune: int | None
    mode: str = "car"
    max_minutes: float = 45.0
    available_from: date | None = None  # None: the table's `today`
    available_until: date | None = None
    situation: str = "job_seeker"
    declared: Mapping[str, int] = field(default_factory=dict)
    certified: Mapping[str, int] = field(default_factory=dict)
    targets: tuple[str, ...] = ()  # target occupations (ROME)
    target_levels: Mapping[str, int] = field(default_factory=dict)  # what the targets ask
    fundings: frozenset[str] = frozenset()
    needs_funding: bool = False
    accepts_remote: bool = True
    accepts_in_person: bool = True


# ---------------------------------------------------------------- reasons


class Reason:
    """A structured reason: a code and its numbers, e.g.
    Reason("competences", matched=4, required=5, certified=2). `render_reason` says it in French."""

    __slots__ = ("code", "values")

    def __init__(self, code: str, /, **values: Any) -> None:
        self.code = code
        self.values: dict[str, Any] = values

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reason) and self.code == other.code and self.values == other.values

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.values.items()))))

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.values.items())
        return f"Reason({self.code!r}{args})"


@dataclass(frozen=True)
class Match:
    """One ranked opportunity: its score, the value of each part, and why."""

    opportunity_id: int
    kind: str
    score: float
    parts: Mapping[str, float]
    reasons: tuple[Reason, ...]


# ---------------------------------------------------------------- the table


def _keys(columns: Sequence[NDArray[Any]]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(distinct rows, index of each row's distinct row) of stacked integer columns."""
    stacked = np.stack([np.asarray(c, dtype=np.int64) for c in columns], axis=1)
    unique, inverse = np.unique(stacked, axis=0, return_inverse=True)
    return unique, inverse.reshape(-1).astype(np.intp)


class OpportunityTable:
    """Opportunities as column arrays, prepared once; `rank` scores a profile against all."""

    def __init__(
        self,
        opportunities: Sequence[Opportunity],
        *,
        vocabulary: CompetenceVocabulary,
        centroids: Mapping[int, tuple[float, float]],
        today: date,
        occupation_parents: Mapping[str, str] | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.today = today
        self.opportunities = tuple(opportunities)
        n = len(self.opportunities)
        self.size = n
        self.ids = np.array([o.id for o in self.opportunities], dtype=np.int64)
        self.kinds = np.array([KINDS.index(o.kind) for o in self.opportunities], dtype=np.int8)
        self.position = {int(i): p for p, i in enumerate(self.ids)}

        # Travel: minutes per mode between the communes; two extra columns, remote and unknown.
        self.commune_ids, car = commune_travel_minutes(centroids, mode="car")
        place = {c: i for i, c in enumerate(self.commune_ids)}
        nc = len(self.commune_ids)
        self.remote_column, self.unknown_column = nc, nc + 1
        none = np.full((nc, nc), np.inf)
        np.fill_diagonal(none, SAME_COMMUNE_MINUTES)
        modes = [car, commune_travel_minutes(centroids, mode="bus")[1]]
        modes += [commune_travel_minutes(centroids, mode="walk")[1], none]
        self.minutes = np.full((len(MODES), nc + 1, nc + 2), np.inf)
        self.minutes[:, :nc, :nc] = np.stack(modes)
        self.minutes[:, :, nc] = 0.0  # remote: no trip, from anywhere (or nowhere)
        self.place = place
        commune_column = np.array(
            [
                nc
                if o.remote
                else place.get(o.commune, nc + 1)
                if o.commune is not None
                else nc + 1
                for o in self.opportunities
            ],
            dtype=np.int64,
        )
        audience = np.array(
            [_bits(o.audiences, SITUATIONS, "situation") for o in self.opportunities],
            dtype=np.int64,
        )
        funding = np.array(
            [_bits(o.fundings, FUNDINGS, "funding") for o in self.opportunities], dtype=np.int64
        )
        self.commune_column = commune_column
        self.audience_mask = audience
        self.funding_mask = funding
        context, self.context_key = _keys([commune_column, audience, funding])
        self.context_commune, self.context_audience, self.context_funding = context.T

        # Dates: the start (ordinal day; 0 when undated) and the tolerance of lateness.
        starts = np.array(
            [o.starts_on.toordinal() if o.starts_on else 0 for o in self.opportunities],
            dtype=np.int64,
        )
        tolerance = np.array(
            [
                LATE_TOLERANCE_DAYS[o.kind]
                if o.late_tolerance_days is None
                else o.late_tolerance_days
                for o in self.opportunities
            ],
            dtype=np.int64,
        )
        self.starts = starts
        # Two facts of an opportunity that add a constant to its score ride with its start:
        # nothing asked (the competence part is 1) and closed or full (removed).
        self._nothing_asked = np.array([not o.requires for o in self.opportunities], dtype=bool)
        self.available = np.array(
            [
                o.is_open
                and (o.seats_left is None or o.seats_left > 0)
                and (o.enrolment_deadline is None or o.enrolment_deadline >= today)
                for o in self.opportunities
            ],
            dtype=bool,
        )
        dates, self.date_key = _keys([starts, tolerance, self._nothing_asked, ~self.available])
        self.date_start, self.date_tolerance, nothing_asked, closed = dates.T
        self._date_nothing_asked = nothing_asked.astype(np.float32)
        self._date_closed = closed.astype(np.float32)
        self._date_statics: dict[bytes, NDArray[np.float32]] = {}

        # Occupations: the distinct sets of ROME codes, as rows of a sparse matrix.
        parents = dict(occupation_parents or {})
        rome = sorted({c for o in self.opportunities for c in o.occupations} | set(parents))
        self.rome_codes = tuple(rome)
        self.rome_index = {c: i for i, c in enumerate(rome)}
        self.rome_parent = np.array(
            [self.rome_index.get(parents.get(c, c), -1) for c in rome], dtype=np.int64
        )
        self.parents = parents
        sets: dict[tuple[str, ...], int] = {}
        occupation_key = np.empty(n, dtype=np.intp)
        for p, o in enumerate(self.opportunities):
            occupation_key[p] = sets.setdefault(tuple(sorted(set(o.occupations))), len(sets))
        self.occupation_key = occupation_key
        rows, cols = [], []
        for codes, k in sets.items():
            for c in codes:
                rows.append(k)
                cols.append(self.rome_index[c])
        self.occupation_sets = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(sets), max(len(rome), 1)),
        )
        self.occupation_set_codes = tuple(sets)

        # One sparse row per opportunity over every profile-dependent value: the competences
        # asked (one column per competence × level, 1 / number asked), those taught (at the level
        # reached), then one column per distinct start (with nothing asked, closed) and one per
        # distinct pair (context, set of occupations): 11,923 pairs for 20,000 opportunities in
        # the benchmark, whose values cost two gathers, against one non-zero fewer per row in the
        # product. A score is this matrix times one vector.
        width = vocabulary.columns
        k2 = len(self.date_start)
        pairs, pair_key = _keys([self.context_key, occupation_key])
        self.pair_context, self.pair_occupation = (
            np.ascontiguousarray(pairs[:, 0], dtype=np.intp),
            np.ascontiguousarray(pairs[:, 1], dtype=np.intp),
        )
        self.date_offset = 2 * width
        self.pair_offset = self.date_offset + k2
        self.columns = self.pair_offset + len(pairs)
        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        for p, o in enumerate(self.opportunities):
            asked = sorted(vocabulary.column(c, level) for c, level in o.requires.items())
            for column in asked:
                indices.append(column)
                data.append(1.0 / len(asked))
            for column in sorted(vocabulary.column(c, level) for c, level in o.teaches.items()):
                indices.append(width + column)
                data.append(1.0)
            indices.append(self.date_offset + int(self.date_key[p]))
            indices.append(self.pair_offset + int(pair_key[p]))
            data.extend((1.0, 1.0))
            indptr.append(len(indices))
        self.features = sparse.csr_matrix(
            (np.array(data, dtype=np.float32), np.array(indices), np.array(indptr)),
            shape=(n, self.columns),
        )
        self._level_competence, level_rank = vocabulary.level_columns()
        self._ranks = level_rank.astype(np.float32)
        self._step = (1.0 / np.diff(vocabulary.offsets))[self._level_competence].astype(np.float32)
        start = vocabulary.offsets[:-1][self._level_competence]
        self._previous = np.maximum(start - 1, 0).astype(np.intp)
        self._first_level = start == 0
        self._remote_context = self.context_commune == self.remote_column
        self._open_to_all = self.context_audience == 0
        self._funding_free = (self.context_funding == 0) | ((self.context_funding & _FREE) != 0)
        self._dated = self.date_start > 0
        # For one profile (`components_one`): per situation, the contexts it may enter; per ROME
        # code, the sets of occupations holding it; the lateness tolerated per start.
        self._audience_allowed = np.stack(
            [
                ((self.context_audience >> s) & 1).astype(bool) | self._open_to_all
                for s in range(len(SITUATIONS))
            ]
        )
        self._meant = np.stack(
            [((self.context_audience >> s) & 1).astype(bool) for s in range(len(SITUATIONS))]
        )
        by_code = self.occupation_sets.tocsc()
        self._sets_of_code = [
            by_code.indices[by_code.indptr[i] : by_code.indptr[i + 1]] for i in range(len(rome))
        ]
        self._sets_of_family = [
            np.unique(
                np.concatenate(
                    [self._sets_of_code[i]]
                    + [self._sets_of_code[j] for j in np.flatnonzero(self.rome_parent == i)]
                )
            )
            for i in range(len(rome))
        ]
        self._audience_refused = ~self._audience_allowed
        self._funded: dict[int, NDArray[np.bool_]] = {}  # by the person's fundings (bits)
        self._context_statics: dict[tuple[int, int, bool, bytes], NDArray[np.float32]] = {}
        self._scratch = threading.local()
        self._date_windows: dict[
            tuple[int, int | None], tuple[NDArray[np.float32], NDArray[np.bool_]]
        ] = {}
        self._late_share = 1.0 / (self.date_tolerance + 1.0)
        self._undated = ~self._dated
        # Competence parts by lookup: per column (competence × level rank r of a framework of
        # `top` levels), for every pair of held levels (certified c, declared d) the credit, and
        # for every (held h, target t) the share of the gap a training reaching r closes —
        # max(0, min(r, t) − h) steps of 1 / top (divided by the whole gap afterwards).
        self._top = top = int(np.diff(vocabulary.offsets).max(initial=1))
        levels = np.arange(top + 1, dtype=np.float32)
        ranks = self._ranks[None, None, :]
        first, second = levels[:, None, None], levels[None, :, None]
        credit_certified = np.where(
            first >= ranks, np.float32(1.0), np.float32(PARTIAL_CREDIT) * first / ranks
        )
        credit_declared = np.where(
            second >= ranks,
            np.float32(DECLARED_CREDIT),
            np.float32(DECLARED_CREDIT * PARTIAL_CREDIT) * second / ranks,
        )
        shape = ((top + 1) ** 2, vocabulary.columns)
        self._credit_lookup = np.maximum(credit_certified, credit_declared).reshape(shape)
        steps = np.maximum(np.minimum(ranks, second) - first, 0) * self._step
        self._gap_lookup = steps.astype(np.float32).reshape(shape)
        self._level_step = (1.0 / np.diff(vocabulary.offsets)).astype(np.float32)
        self._column_range = np.arange(vocabulary.columns)

    # ------------------------------------------------------------ profile tables

    def _level_keys(
        self, profiles: Sequence[Profile]
    ) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float32]]:
        """Per profile × competence: the credit lookup's row (certified c, declared d), the gap
        lookup's row (held h, target t) and the gap's steps, max(0, t − h) / the levels."""
        vocabulary, top = self.vocabulary, self._top
        levels = np.zeros((3, len(profiles), len(vocabulary.codes)), dtype=np.intp)
        position = vocabulary.position
        for j, p in enumerate(profiles):
            for row, held in enumerate((p.certified, p.declared, p.target_levels)):
                line = levels[row, j]
                for code, level in held.items():
                    line[position(code)] = level
        np.minimum(levels, top, out=levels)
        np.maximum(levels, 0, out=levels)
        c, d, t = levels
        h = np.maximum(c, d)
        credit_key = c * (top + 1) + d
        gap_key = h * (top + 1) + t
        steps = np.maximum(t - h, 0).astype(np.float32) * self._level_step
        return credit_key, gap_key, steps

    def _level_parts(
        self, profiles: Sequence[Profile]
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """(credit, closed), profiles × competence-level columns.

        credit: 1 per column held certified at its rank or above, DECLARED_CREDIT when only
        declared, a PARTIAL_CREDIT share when held below. closed: the share of the person's gap
        (level steps missing between what they hold and what the targets ask, each step 1 / the
        framework's levels) that reaching this column's rank closes, within its competence."""
        credit_key, gap_key, steps = self._level_keys(profiles)
        competence, columns = self._level_competence, self._column_range
        credit = self._credit_lookup[credit_key[:, competence], columns]
        closed = self._gap_lookup[gap_key[:, competence], columns]
        total = steps.sum(axis=1, keepdims=True)
        if len(profiles) == 1:  # the same division, without numpy's masked machinery
            if total[0, 0] > 0:
                closed /= total
            else:
                closed[:] = 0.0
        else:
            closed = np.divide(closed, total, out=np.zeros_like(closed), where=total > 0)
        # A share: float32 sums may land a hair above 1 (1.00000003), which is still « all ».
        np.minimum(closed, np.float32(1.0), out=closed)
        return credit, closed

    def components_one(self, profile: Profile) -> Components:
        """`components([profile])`, computed with one-dimensional arrays: the same values (a
        test compares them), in about a third of the time, since one person's tables are small
        and the block version's cost is numpy's overhead per operation."""
        credit, closed = self._level_parts([profile])

        date_part, date_forbidden = self._date_tables(profile)

        nc = len(self.commune_ids)
        home = self.place.get(profile.commune, nc) if profile.commune is not None else nc
        minutes = self.minutes[MODES.index(profile.mode), home]
        limit = max(float(profile.max_minutes), 1e-9)
        # minutes ≥ 0, so the share is at most 1
        travel_by_commune = np.maximum(1.0 - minutes / limit, 0.0).astype(np.float32)
        beyond = minutes > profile.max_minutes
        if not profile.accepts_in_person:
            beyond[: self.remote_column] = True
        if not profile.accepts_remote:
            beyond[self.remote_column] = True

        occupation = np.zeros(self.occupation_sets.shape[0], dtype=np.float32)
        families = set()
        exact = []
        for code in profile.targets:
            i = self.rome_index.get(code)
            if i is not None:
                exact.append(self._sets_of_code[i])
            families.add(self.parents.get(code, code))
        for code in families:
            i = self.rome_index.get(code)
            if i is not None:
                occupation[self._sets_of_family[i]] = RELATED_OCCUPATION
        for sets in exact:
            occupation[sets] = 1.0

        return Components(
            credit=credit,
            closed=closed,
            occupation=occupation[:, None],
            travel_by_commune=travel_by_commune[None, :],
            beyond=beyond[None, :],
            situation=np.array([SITUATIONS.index(profile.situation)], dtype=np.intp),
            own=np.array([_bits(profile.fundings, FUNDINGS, "funding")], dtype=np.int64),
            needs=np.array([profile.needs_funding], dtype=bool),
            dates=date_part[None, :],
            date_forbidden=date_forbidden[None, :],
        )

    def components(self, profiles: Sequence[Profile]) -> Components:
        """Every profile-dependent value, unweighted, as small tables (see `Components`)."""
        b = len(profiles)
        credit, closed = self._level_parts(profiles)

        tables = [self._date_tables(p) for p in profiles]
        date_part = np.stack([part for part, _forbidden in tables])
        date_forbidden = np.stack([forbidden for _part, forbidden in tables])

        # Travel per commune column (the communes, remote, unknown), then per context.
        mode = np.array([MODES.index(p.mode) for p in profiles], dtype=np.intp)
        home = np.array(
            [
                self.place.get(p.commune, len(self.commune_ids))
                if p.commune is not None
                else len(self.commune_ids)
                for p in profiles
            ],
            dtype=np.intp,
        )
        minutes = self.minutes[mode, home]
        limit = np.array([p.max_minutes for p in profiles], dtype=np.float64)[:, None]
        # minutes ≥ 0, so the share is at most 1
        travel_by_commune = np.maximum(1.0 - minutes / np.maximum(limit, 1e-9), 0.0)
        beyond = minutes > limit
        beyond[:, : self.remote_column] |= ~np.array(
            [p.accepts_in_person for p in profiles], dtype=bool
        )[:, None]
        beyond[:, self.remote_column] |= ~np.array([p.accepts_remote for p in profiles], dtype=bool)
        situation = np.array([SITUATIONS.index(p.situation) for p in profiles], dtype=np.intp)
        own = np.array([_bits(p.fundings, FUNDINGS, "funding") for p in profiles], dtype=np.int64)
        needs = np.array([p.needs_funding for p in profiles], dtype=bool)

        r = self.occupation_sets.shape[1]
        exact = np.zeros((r, b), dtype=np.float32)
        related = np.zeros((r, b), dtype=np.float32)
        for j, profile in enumerate(profiles):
            families = set()
            for code in profile.targets:
                if code in self.rome_index:
                    exact[self.rome_index[code], j] = 1.0
                families.add(self.parents.get(code, code))
            for code in families:
                if code in self.rome_index:
                    related[self.rome_parent == self.rome_index[code], j] = 1.0
                    related[self.rome_index[code], j] = 1.0
        hits = _product(self.occupation_sets, exact)
        near = _product(self.occupation_sets, related)
        occupation = np.where(hits > 0, 1.0, np.where(near > 0, RELATED_OCCUPATION, 0.0))

        return Components(
            credit=credit,
            closed=closed,
            occupation=occupation.astype(np.float32),
            travel_by_commune=travel_by_commune.astype(np.float32),
            beyond=beyond,
            situation=situation,
            own=own,
            needs=needs,
            dates=date_part,
            date_forbidden=date_forbidden,
        )

    def scores(
        self,
        profiles: Sequence[Profile],
        weights: Mapping[str, float] | None = None,
        *,
        components: Components | None = None,
    ) -> NDArray[np.float32]:
        """Scores (opportunities × profiles); a removed pair scores below EXCLUDED."""
        w = _weights32(weights)
        c = components if components is not None else self.components(profiles)
        width = self.vocabulary.columns
        values = np.empty((self.columns, c.credit.shape[0]), dtype=np.float32)
        values[:width] = (w[0] * c.credit).T
        values[width : 2 * width] = (w[1] * c.closed).T
        trip = w[3] * c.travel_by_commune - np.float32(PENALTY) * c.beyond
        static = np.stack(
            [
                self._context_static(int(s), int(f), bool(n), w)
                for s, f, n in zip(c.situation, c.own, c.needs, strict=True)
            ]
        )
        context = trip[:, self.context_commune] + static
        dates = w[4] * c.dates - np.float32(PENALTY) * c.date_forbidden
        dates += self._date_static(w)
        values[self.date_offset : self.pair_offset] = dates.T
        occupation = w[2] * c.occupation
        values[self.pair_offset :] = context.T[self.pair_context] + occupation[self.pair_occupation]
        return _product(self.features, values)

    def _date_tables(self, profile: Profile) -> tuple[NDArray[np.float32], NDArray[np.bool_]]:
        """Per distinct start: the dates part and whether the dates forbid it, for the person's
        availability window. They depend on the window alone, and people share a few windows
        (most are available now, with no end), so they are remembered per window."""
        today = self.today.toordinal()
        avail = profile.available_from.toordinal() if profile.available_from else today
        until = profile.available_until.toordinal() if profile.available_until else None
        found = self._date_windows.get((avail, until))
        if found is not None:
            return found
        wait = self.date_start - avail
        part = np.where(wait >= 0, 1.0 - wait / DATE_HORIZON_DAYS, 1.0 + wait * self._late_share)
        np.maximum(part, 0.0, out=part)
        part[self._undated] = 1.0
        late = -wait > self.date_tolerance
        if until is not None:
            late |= self.date_start > until
        found = (part.astype(np.float32), self._dated & late)
        for array in found:
            array.flags.writeable = False
        if len(self._date_windows) >= 512:
            self._date_windows.clear()
        self._date_windows[(avail, until)] = found
        return found

    def _funded_of(self, own: int) -> NDArray[np.bool_]:
        """Per context: does it need no funding, or accept one of these (bits of FUNDINGS)?"""
        funded = self._funded.get(own)
        if funded is None:  # at most 2 ** len(FUNDINGS) of them
            funded = self._funded[own] = self._funding_free | ((self.context_funding & own) != 0)
        return funded

    def _context_static(
        self, situation: int, own: int, needs: bool, w: NDArray[np.float32]
    ) -> NDArray[np.float32]:
        """Per context, what does not depend on the trip: the audience and funding parts,
        weighted, minus the penalty when not meant for this situation or, for a person who needs
        funding, none they can use. At most 5 × 32 × 2 per set of weights, remembered."""
        key = (situation, own, needs, w.tobytes())
        found = self._context_statics.get(key)
        if found is None:
            if len(self._context_statics) > 2048:
                self._context_statics.clear()
            funded = self._funded_of(own)
            forbidden = self._audience_refused[situation]
            if needs:
                forbidden = forbidden | ~funded
            found = w[5] * self._meant[situation] + w[6] * funded
            found -= np.float32(PENALTY) * forbidden
            found.flags.writeable = False
            self._context_statics[key] = found
        return found

    def _date_static(self, w: NDArray[np.float32]) -> NDArray[np.float32]:
        """Per distinct start: the competence part's weight when nothing is asked, minus the
        penalty when closed or full."""
        key = w.tobytes()
        found = self._date_statics.get(key)
        if found is None:
            if len(self._date_statics) > 16:
                self._date_statics.clear()
            found = w[0] * self._date_nothing_asked - np.float32(PENALTY) * self._date_closed
            self._date_statics[key] = found
        return found

    def score_one(
        self,
        profile: Profile,
        weights: Mapping[str, float] | None = None,
        *,
        out: NDArray[np.float32] | None = None,
    ) -> tuple[NDArray[np.float32], Components]:
        """`scores([profile], weights)[:, 0]` and the person's components, for one person: the
        same values (a test compares them), without the block version's per-operation cost.

        `out` (float32, one per opportunity) receives the scores: a caller that reads them and
        lets them go (`rank`) reuses one buffer (`scratch`), which spares the allocator handing
        back fresh pages to fault in on every call."""
        w = _weights32(weights)
        c = self.components_one(profile)
        width = self.vocabulary.columns
        values = np.empty(self.columns, dtype=np.float32)
        np.multiply(c.credit[0], w[0], out=values[:width])
        np.multiply(c.closed[0], w[1], out=values[width : 2 * width])
        trip = w[3] * c.travel_by_commune[0] - np.float32(PENALTY) * c.beyond[0]
        context = trip.take(self.context_commune)
        context += self._context_static(int(c.situation[0]), int(c.own[0]), bool(c.needs[0]), w)
        dates = values[self.date_offset : self.pair_offset]
        np.multiply(c.dates[0], w[4], out=dates)
        dates -= np.float32(PENALTY) * c.date_forbidden[0]
        dates += self._date_static(w)
        occupation = w[2] * c.occupation[:, 0]
        np.add(
            context.take(self.pair_context),
            occupation.take(self.pair_occupation),
            out=values[self.pair_offset :],
        )
        if out is None:
            out = np.zeros(self.size, dtype=np.float32)
        else:
            out.fill(0.0)
        if _csr_matvec is not None:
            m = self.features
            _csr_matvec(*m.shape, m.indptr, m.indices, m.data, values, out)
        else:  # pragma: no cover - a scipy that moved its kernel
            out[:] = self.features @ values
        return out, c

    def scratch(self) -> NDArray[np.float32]:
        """This thread's buffer of one score per opportunity (see `score_one`)."""
        buffer = getattr(self._scratch, "scores", None)
        if buffer is None:
            buffer = self._scratch.scores = np.zeros(self.size, dtype=np.float32)
        return buffer

    def parts(
        self,
        profile: Profile,
        positions: Sequence[int] | NDArray[np.intp],
        *,
        components: Components | None = None,
    ) -> NDArray[np.float64]:
        """The parts (rows in PARTS order) of one person with the opportunities at `positions`,
        hard rules aside: a removed pair has its parts too."""
        where = np.asarray(positions, dtype=np.intp)
        c = components if components is not None else self.components([profile])
        width = self.vocabulary.columns
        indptr = self.features.indptr
        starts, lengths = indptr[where], indptr[where + 1] - indptr[where]
        row = np.repeat(np.arange(len(where)), lengths)
        nnz = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        nnz += np.repeat(starts, lengths)
        cols, data = self.features.indices[nnz], self.features.data[nnz]
        credit = np.zeros(2 * width + 1)  # the last slot: any other column
        credit[:width] = c.credit[0]
        closed = np.zeros(2 * width + 1)
        closed[width : 2 * width] = c.closed[0]
        inside = np.minimum(cols, 2 * width)
        out = np.zeros((len(PARTS), len(where)))
        out[0] = np.bincount(row, weights=data * credit[inside], minlength=len(where))
        out[0] += self._nothing_asked[where]
        out[1] = np.bincount(row, weights=data * closed[inside], minlength=len(where))
        context = self.context_key[where]
        out[2] = c.occupation[self.occupation_key[where], 0]
        out[3] = c.travel_by_commune[0, self.context_commune[context]]
        out[4] = c.dates[0, self.date_key[where]]
        out[5] = self._meant[c.situation[0], context]
        out[6] = self._funded_of(int(c.own[0]))[context]
        # Each part is a share: float32 weights may sum a hair above 1 (1.00000003).
        return np.clip(out, 0.0, 1.0, out=out)

    def rejections(self, profile: Profile, opportunity_id: int) -> tuple[str, ...]:
        """The hard rules that remove this opportunity for this person (empty: it is ranked)."""
        p = self.position[opportunity_id]
        o = self.opportunities[p]
        rules = []
        if not o.is_open or (
            o.enrolment_deadline is not None and o.enrolment_deadline < self.today
        ):
            rules.append("closed")
        elif o.seats_left is not None and o.seats_left <= 0:
            rules.append("full")
        situation = SITUATIONS.index(profile.situation)
        if self.audience_mask[p] and not (self.audience_mask[p] >> situation) & 1:
            rules.append("audience")
        if (o.remote and not profile.accepts_remote) or (
            not o.remote and not profile.accepts_in_person
        ):
            rules.append("format")
        elif self.travel_minutes(profile, p) > profile.max_minutes:
            rules.append("travel")
        if o.starts_on is not None:
            avail = profile.available_from or self.today
            tolerance = int(self.date_tolerance[self.date_key[p]])
            if (avail - o.starts_on).days > tolerance or (
                profile.available_until is not None and o.starts_on > profile.available_until
            ):
                rules.append("dates")
        fund = int(self.funding_mask[p])
        own = _bits(profile.fundings, FUNDINGS, "funding")
        if profile.needs_funding and fund and not fund & (_FREE | own):
            rules.append("funding")
        return tuple(rules)

    def travel_minutes(self, profile: Profile, position: int) -> float:
        """Minutes from the person's commune to the opportunity's (0 for remote, inf when out
        of reach of their mode)."""
        home = self.place.get(profile.commune, -1) if profile.commune is not None else -1
        row = home if home >= 0 else len(self.commune_ids)
        return float(self.minutes[MODES.index(profile.mode), row, self.commune_column[position]])


_WEIGHTS32: dict[tuple[tuple[str, float], ...], NDArray[np.float32]] = {}


def _weights32(weights: Mapping[str, float] | None) -> NDArray[np.float32]:
    """`weights_array(weights)` as float32, remembered (a page scores with the same weights)."""
    key = tuple(sorted((weights or {}).items()))
    found = _WEIGHTS32.get(key)
    if found is None:
        if len(_WEIGHTS32) > 64:
            _WEIGHTS32.clear()
        found = _WEIGHTS32[key] = weights_array(weights).astype(np.float32)
        found.flags.writeable = False
    return found


def _product(matrix: sparse.csr_matrix, dense: NDArray[np.float32]) -> NDArray[np.float32]:
    """`matrix @ dense` (float32); one column through scipy's kernel directly."""
    if dense.shape[1] == 1 and _csr_matvec is not None:
        out = np.zeros(matrix.shape[0], dtype=np.float32)
        _csr_matvec(*matrix.shape, matrix.indptr, matrix.indices, matrix.data, dense[:, 0], out)
        return out.reshape(-1, 1)
    return np.asarray(matrix @ dense, dtype=np.float32)


@dataclass
class Components:
    """One block of profiles (rows) against the table's small keyed tables, unweighted.

    credit, closed: per competence × level column (the sparse product's right-hand side);
    occupation: per distinct set of ROME codes (sets × profiles); travel_by_commune and beyond
    (too far, or a format refused): per commune column (the communes, remote, unknown); the
    person's situation, fundings (bits) and need of funding, which pick the audience and
    funding parts of every context (`_context_static`); dates, date_forbidden: per distinct
    start (with its tolerance, nothing asked, closed)."""

    credit: NDArray[np.float32]
    closed: NDArray[np.float32]
    occupation: NDArray[np.float32]
    travel_by_commune: NDArray[np.float32]
    beyond: NDArray[np.bool_]
    situation: NDArray[np.intp]
    own: NDArray[np.int64]
    needs: NDArray[np.bool_]
    dates: NDArray[np.float32]
    date_forbidden: NDArray[np.bool_]


# ---------------------------------------------------------------- ranking


def top_k(scores: NDArray[np.float32], k: int) -> NDArray[np.intp]:
    """Positions of the k best scores above EXCLUDED, best first; ties by position.

    Exact: the k-th best of a strided sample is a score that at least k scores reach, so only
    the scores at or above it (a few hundred) are sorted."""
    n = len(scores)
    if k <= 0 or n == 0:
        return np.zeros(0, dtype=np.intp)
    sample = scores[:: max(1, n // (32 * k))]
    floor = np.partition(sample, len(sample) - k)[len(sample) - k] if len(sample) > k else None
    if floor is not None and floor > EXCLUDED:
        chosen = np.flatnonzero(scores >= floor)
    else:
        chosen = np.flatnonzero(scores > EXCLUDED)
    values = scores[chosen]
    if len(chosen) > 4 * k:  # keep the k-th best and every score tied with it, then sort those
        kth = -np.partition(-values, k - 1)[k - 1]
        kept = values >= kth
        chosen, values = chosen[kept], values[kept]
    return chosen[np.lexsort((chosen, -values))][:k]


def rank(
    profile: Profile,
    table: OpportunityTable,
    *,
    k: int = 10,
    weights: Mapping[str, float] | None = None,
    exclude: Iterable[int] = (),
) -> list[Match]:
    """The k best opportunities for one person, with their parts and reasons. `exclude`: ids
    never to propose (already matched, declined)."""
    scores, components = table.score_one(profile, weights, out=table.scratch())
    excluded = [table.position[i] for i in exclude if i in table.position]
    if excluded:
        scores[excluded] = -PENALTY
    best = top_k(scores, k)
    parts = table.parts(profile, best, components=components)
    return [
        Match(
            opportunity_id=int(table.ids[p]),
            kind=KINDS[table.kinds[p]],
            score=float(scores[p]),
            parts={name: float(parts[i, j]) for i, name in enumerate(PARTS)},
            reasons=reasons(profile, table, int(p)),
        )
        for j, p in enumerate(best)
    ]


def rank_many(
    profiles: Sequence[Profile],
    table: OpportunityTable,
    *,
    k: int = 10,
    weights: Mapping[str, float] | None = None,
    chunk: int = 256,
) -> Iterator[tuple[NDArray[np.int64], NDArray[np.float32]]]:
    """For each block of `chunk` profiles: (opportunity ids, scores), both profiles × k, best
    first; -1 and -inf where fewer than k are within reach. No reasons (ask `rank` for them)."""
    for begin in range(0, len(profiles), chunk):
        block = profiles[begin : begin + chunk]
        yield top_k_columns(table.scores(block, weights), k, table.ids)


def top_k_columns(
    scores: NDArray[np.float32], k: int, ids: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """For each column of `scores` (opportunities × profiles): the ids and scores of its k best
    above EXCLUDED, best first, ties by position; padded with -1 and -inf. Exact, as `top_k`."""
    n, b = scores.shape
    out_ids = np.full((b, k), -1, dtype=np.int64)
    out_scores = np.full((b, k), -np.inf, dtype=np.float32)
    if n == 0 or k <= 0:
        return out_ids, out_scores
    sample = scores[:: max(1, n // (32 * k))]
    if len(sample) > k:
        floor = np.partition(sample, len(sample) - k, axis=0)[len(sample) - k]
        floor = np.maximum(floor, np.float32(EXCLUDED))
        rows, cols = np.nonzero(scores >= floor[None, :])
    else:
        rows, cols = np.nonzero(scores > EXCLUDED)
    values = scores[rows, cols]
    kept = values > EXCLUDED
    rows, cols, values = rows[kept], cols[kept], values[kept]
    order = np.lexsort((rows, -values, cols))
    rows, cols, values = rows[order], cols[order], values[order]
    first = np.searchsorted(cols, np.arange(b))
    rank_in = np.arange(len(cols)) - first[cols]
    keep = rank_in < k
    out_ids[cols[keep], rank_in[keep]] = ids[rows[keep]]
    out_scores[cols[keep], rank_in[keep]] = values[keep]
    return out_ids, out_scores


# ---------------------------------------------------------------- reasons


def reasons(profile: Profile, table: OpportunityTable, position: int) -> tuple[Reason, ...]:
    """Why this opportunity for this person: structured reasons in a fixed order (occupation,
    competences, gap, travel, dates, audience, funding)."""
    o = table.opportunities[position]
    out: list[Reason] = []
    targets = set(profile.targets)
    exact = sorted(targets & set(o.occupations))
    if exact:
        out.append(Reason("occupation", rome=exact[0], related=False))
    elif targets:
        families = {table.parents.get(t, t) for t in targets}
        near = sorted(c for c in o.occupations if table.parents.get(c, c) in families)
        if near:
            out.append(Reason("occupation", rome=near[0], related=True))
    matched = certified = partial = 0
    for code, level in o.requires.items():
        cert = profile.certified.get(code, 0)
        held = max(cert, profile.declared.get(code, 0))
        if held >= level:
            matched += 1
            certified += cert >= level
        elif held > 0:
            partial += 1
    if o.requires or o.kind in ("job", "internship"):
        out.append(
            Reason(
                "competences",
                matched=matched,
                required=len(o.requires),
                certified=certified,
                partial=partial,
            )
        )
    missing = closed = improved = 0
    for code, wanted in profile.target_levels.items():
        held = max(profile.certified.get(code, 0), profile.declared.get(code, 0))
        if held >= wanted:
            continue
        missing += 1
        taught = o.teaches.get(code, 0)
        if taught >= wanted:
            closed += 1
        elif taught > held:
            improved += 1
    if o.teaches and missing and (closed or improved):
        out.append(
            Reason(
                "gap",
                closed=closed,
                improved=improved,
                missing=missing,
                targets=len(profile.targets),
            )
        )
    if o.remote:
        out.append(Reason("remote"))
    else:
        minutes = table.travel_minutes(profile, position)
        if math.isfinite(minutes):
            out.append(
                Reason(
                    "travel",
                    minutes=round(minutes),
                    mode=profile.mode,
                    same_commune=o.commune == profile.commune,
                )
            )
    if o.starts_on is not None:
        avail = profile.available_from or table.today
        out.append(Reason("dates", starts_on=o.starts_on, wait_days=(o.starts_on - avail).days))
    if o.audiences and profile.situation in o.audiences:
        out.append(Reason("audience", situation=profile.situation))
    if o.fundings:
        usable = sorted(o.fundings & (profile.fundings | {"free"}), key=FUNDINGS.index)
        out.append(Reason("funding", usable=tuple(usable)))
    return tuple(out)


_MODE_WORDS = {"car": "en voiture", "bus": "en bus", "walk": "à pied", "none": "à pied"}
_SITUATION_WORDS = {
    "job_seeker": "aux demandeurs d'emploi",
    "employee": "aux salariés",
    "student": "aux étudiants",
    "senior": "aux seniors",
    "career_changer": "aux personnes en reconversion",
}
_FUNDING_WORDS = {
    "cpf": "votre CPF",
    "employer": "votre employeur",
    "france_travail": "France Travail",
    "region": "la Collectivité territoriale de Martinique",
}
_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _duration(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def _day(value: date) -> str:
    first = "1er" if value.day == 1 else str(value.day)
    return f"{first} {_MONTHS[value.month - 1]} {value.year}"


def _days(count: int) -> str:
    return "1 jour" if count == 1 else f"{count} jours"


def _competences(r: Reason) -> str:
    matched, required, certified, partial = (
        r["matched"],
        r["required"],
        r["certified"],
        r["partial"],
    )
    if required == 0:
        return "aucune compétence demandée"
    if required == 1:
        if matched:
            text = "la compétence demandée" + (", certifiée" if certified else "")
        else:
            text = "pas encore la compétence demandée"
            if partial:
                text += " (à un niveau plus bas que demandé)"
        return text
    if matched == 0:
        text = f"aucune des {required} compétences demandées"
    elif matched == required:
        text = f"les {required} compétences demandées"
    else:
        text = f"{matched} des {required} compétences demandées"
    if matched:
        if certified == matched and matched > 1:
            text += ", toutes certifiées"
        elif certified:
            text += f", dont {certified} certifiée" + ("s" if certified > 1 else "")
    if partial:
        if matched == 0:
            text += f" ; {partial} à un niveau plus bas que demandé"
        else:
            other = "1 autre" if partial == 1 else f"{partial} autres"
            text += f" ; {other} à un niveau plus bas que demandé"
    return text


def _gap(r: Reason) -> str:
    closed, improved, missing = r["closed"], r["improved"], r["missing"]
    goal = "votre métier visé" if r["targets"] <= 1 else "vos métiers visés"
    lacking = (
        f"la compétence qui vous manque pour {goal}"
        if missing == 1
        else f"{{}} des {missing} compétences qui vous manquent pour {goal}"
    )
    if closed:
        text = "apporte " + (lacking if missing == 1 else lacking.format(closed))
        if improved:
            text += f" et en fait progresser {improved} autre" + ("s" if improved > 1 else "")
        return text
    return "fait progresser " + (lacking if missing == 1 else lacking.format(improved))


def render_reason(reason: Reason, *, occupations: Mapping[str, str] | None = None) -> str:
    """One reason in plain French; `occupations` gives ROME labels by code (else the code)."""
    code = reason.code
    if code == "competences":
        return _competences(reason)
    if code == "gap":
        return _gap(reason)
    if code == "occupation":
        label = (occupations or {}).get(reason["rome"], reason["rome"])
        if reason["related"]:
            return f"métier proche de celui que vous visez : {label}"
        return f"correspond au métier que vous visez : {label}"
    if code == "remote":
        return "à distance, sans trajet"
    if code == "travel":
        duration, how = _duration(reason["minutes"]), _MODE_WORDS[reason["mode"]]
        if reason["same_commune"]:
            return f"dans votre commune, à {duration} {how}"
        return f"à {duration} de chez vous {how}"
    if code == "dates":
        wait = reason["wait_days"]
        text = f"commence le {_day(reason['starts_on'])}"
        if wait > 0:
            return f"{text}, {_days(wait)} après le début de vos disponibilités"
        if wait < 0:
            return f"{text}, {_days(-wait)} avant le début de vos disponibilités"
        return f"{text}, le jour où vous êtes disponible"
    if code == "audience":
        return f"s'adresse {_SITUATION_WORDS[reason['situation']]}"
    if code == "funding":
        usable = reason["usable"]
        if "free" in usable:
            return "gratuit pour vous"
        if usable:
            names = [_FUNDING_WORDS[f] for f in usable]
            joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " ou " + names[-1]
            return f"finançable par {joined}"
        return "aucun des financements que vous pouvez utiliser"
    raise ValueError(f"unknown reason {code!r}")


def render_reasons(
    reasons_: Iterable[Reason], *, occupations: Mapping[str, str] | None = None
) -> list[str]:
    """Every reason in plain French, in order."""
    return [render_reason(r, occupations=occupations) for r in reasons_]
