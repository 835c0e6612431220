"""Ranking quality of the engine on a generated ground truth (issue 13): people with hidden
preferences, nDCG@10 of the engine against two baselines, and simulated outcomes for learning.

Pure module: the standard library and numpy; reads the reference files of data/ only.

The generator is deliberately not the engine's formula. What it knows and the engine does not:
every person's *true* competence levels (the engine sees declared levels, some inflated or
missing, and a few certified ones), and hidden tastes drawn per person. Its utility has other
shapes than the engine's parts:

    u = a_occ · (1 if a target occupation, 0.4 if the same parent fiche)
      + a_comp · mean over the asked competences of σ(1.6 · (true level − asked + 0.5))
      + a_gap · √(share of the true gap the opportunity teaches)
      + a_dist · exp(−minutes / τ)                 (τ: hidden, 12 to 45 min; remote: minutes 0)
      + a_date · exp(−(days waited / ρ)²)          (ρ: hidden, 30 to 120 days)
      + taste for the kind (N(0, 0.25) per person and kind)
      + 0.2 when meant for the person's situation − 0.4 when no usable funding (0.15 if not needed)
      + noise N(0, 0.3) per pair

with a_… drawn per person (log-normal). Pairs that a fact rules out (closed, full, not meant for
the person, beyond their travel time, starting before they are available) have relevance 0; the
others are graded by the person's own percentiles of u: top 1 % → 3, top 3 % → 2, top 10 % → 1.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from lakou.matching.engine import (
    EXCLUDED,
    FUNDINGS,
    KINDS,
    LATE_TOLERANCE_DAYS,
    MODES,
    PARTS,
    SITUATIONS,
    CompetenceVocabulary,
    Opportunity,
    OpportunityTable,
    Profile,
    reference_vocabulary,
    top_k,
)

DATA = Path(__file__).resolve().parents[3] / "data"
TODAY = date(2027, 1, 4)
GRADE_SHARES = ((0.01, 3), (0.03, 2), (0.10, 1))


def reference_centroids(data_dir: Path = DATA) -> dict[int, tuple[float, float]]:
    """(lat, lon) of the 34 communes' centroids, by INSEE code (data/communes.csv)."""
    with (data_dir / "communes.csv").open(encoding="utf-8") as handle:
        return {
            int(row["insee_code"]): (float(row["centroid_lat"]), float(row["centroid_lon"]))
            for row in csv.DictReader(handle)
        }


def reference_occupations(data_dir: Path = DATA) -> dict[str, str]:
    """The 170 digital ROME fiches: code → parent fiche code (data/digital_jobs.csv)."""
    with (data_dir / "digital_jobs.csv").open(encoding="utf-8") as handle:
        return {row["code_rome"]: row["code_rome_parent"] for row in csv.DictReader(handle)}


def _populations(data_dir: Path) -> dict[int, int]:
    with (data_dir / "communes.csv").open(encoding="utf-8") as handle:
        return {int(row["insee_code"]): int(row["population"]) for row in csv.DictReader(handle)}


# ---------------------------------------------------------------- nDCG


def dcg(gains: Sequence[float] | NDArray[np.float64], k: int = 10) -> float:
    """Discounted cumulative gain of the first k gains: Σ (2^g − 1) / log2(i + 1), i from 1."""
    g = np.asarray(gains, dtype=np.float64)[:k]
    return float(((2.0**g - 1.0) / np.log2(np.arange(2, len(g) + 2))).sum())


def ndcg(
    ranking: Sequence[int] | NDArray[np.intp],
    relevance: Sequence[float] | NDArray[np.float64],
    k: int = 10,
) -> float:
    """nDCG@k of a ranking (positions into `relevance`) against the ideal order of `relevance`;
    nan when nothing is relevant."""
    rel = np.asarray(relevance, dtype=np.float64)
    ideal = dcg(np.sort(rel)[::-1], k)
    if ideal == 0:
        return math.nan
    return dcg(rel[np.asarray(ranking, dtype=np.intp)], k) / ideal


# ---------------------------------------------------------------- the world


@dataclass
class Hidden:
    """What the generator knows of a person and the engine does not."""

    true_levels: dict[str, int]
    a_occ: float
    a_comp: float
    a_gap: float
    a_dist: float
    tau: float
    a_date: float
    rho: float
    kind_taste: NDArray[np.float64]


@dataclass
class World:
    table: OpportunityTable
    profiles: list[Profile]
    hidden: list[Hidden]
    utility: NDArray[np.float64]  # people × opportunities (−inf where ruled out)
    relevance: NDArray[np.float64]  # people × opportunities, grades 0 to 3
    occupation_levels: dict[str, dict[str, int]] = field(default_factory=dict)


def generate_world(
    *,
    seed: int = 13,
    people: int = 300,
    opportunities: int = 4_000,
    data_dir: Path = DATA,
    vocabulary: CompetenceVocabulary | None = None,
) -> World:
    """A seeded world: opportunities of every kind, people with hidden tastes, and their graded
    relevance (see the module docstring)."""
    rng = random.Random(seed)  # noqa: S311 — seeded synthetic data, nothing secret
    noise = np.random.default_rng(seed)
    vocabulary = vocabulary or reference_vocabulary(data_dir)
    centroids = reference_centroids(data_dir)
    parents = reference_occupations(data_dir)
    populations = _populations(data_dir)
    communes = sorted(centroids)
    weights_by_population = [populations.get(c, 1) for c in communes]
    digcomp = [c for c in vocabulary.codes if c.startswith("digcomp:")]
    ecf = [c for c in vocabulary.codes if c.startswith("ecf:")]
    top = vocabulary.top_levels
    romes = sorted(parents)
    # Each occupation asks 3 to 6 competences at a level (hidden from the engine's tables, but
    # given to it as a person's target levels, as the Django layer will from the ROME data).
    occupation_levels = {
        code: {
            c: rng.randint(max(1, top[c] // 3), top[c] - 1 if top[c] > 5 else top[c])
            for c in rng.sample(digcomp, rng.randint(1, 3)) + rng.sample(ecf, rng.randint(2, 3))
        }
        for code in romes
    }
    family: dict[str, list[str]] = {}
    for code in romes:
        family.setdefault(parents[code], []).append(code)

    opps: list[Opportunity] = []
    kinds_weights = (0.35, 0.15, 0.30, 0.10, 0.10)
    for i in range(opportunities):
        kind = rng.choices(KINDS, kinds_weights)[0]
        codes: tuple[str, ...] = ()
        if kind != "senior_workshop" and rng.random() < 0.92:
            first = rng.choice(romes)
            codes = (first,)
            if rng.random() < 0.2:
                codes = tuple(sorted({first, rng.choice(family[parents[first]])}))
        asked = occupation_levels[codes[0]] if codes else {}
        requires: dict[str, int] = {}
        teaches: dict[str, int] = {}
        audiences: frozenset[str] = frozenset()
        fundings: frozenset[str] = frozenset()
        seats: int | None = None
        remote = False
        start: date | None
        if kind in ("job", "internship"):
            chosen = rng.sample(sorted(asked), min(len(asked), rng.randint(2, 5)))
            shift = -1 if kind == "internship" else 0
            requires = {
                c: min(top[c], max(1, asked[c] + shift + rng.choice((-1, 0, 0, 1)))) for c in chosen
            }
            remote = rng.random() < 0.08
            start = TODAY + timedelta(days=rng.randint(0, 120))
            if kind == "internship" and rng.random() < 0.3:
                audiences = frozenset({rng.choice(("student", "job_seeker", "career_changer"))})
        elif kind == "training":
            chosen = rng.sample(sorted(asked), min(len(asked), rng.randint(1, 4))) if asked else []
            teaches = {c: min(top[c], asked[c] + rng.choice((-1, 0, 0, 1))) for c in chosen}
            if rng.random() < 0.5 and teaches:
                c = rng.choice(sorted(teaches))
                requires = {c: max(1, teaches[c] - rng.randint(2, 3))}
            remote = rng.random() < 0.25
            start = TODAY + timedelta(days=rng.randint(-30, 150))
            seats = 0 if rng.random() < 0.1 else rng.randint(1, 12)
            if rng.random() < 0.25:
                audiences = frozenset({rng.choice(("job_seeker", "employee", "career_changer"))})
            fundings = frozenset(rng.sample(FUNDINGS, rng.randint(1, 3)))
        elif kind == "mentoring":
            chosen = rng.sample(sorted(asked), min(len(asked), 2)) if asked else []
            teaches = {c: asked[c] for c in chosen}
            remote = rng.random() < 0.4
            start = None
            seats = rng.randint(0, 3)
        else:
            teaches = {c: rng.randint(2, 3) for c in rng.sample(digcomp, rng.randint(1, 3))}
            audiences = frozenset({"senior"})
            start = TODAY + timedelta(days=rng.randint(-10, 60))
            seats = rng.randint(0, 15)
            fundings = frozenset({"free"})
        opps.append(
            Opportunity(
                id=i + 1,
                kind=kind,
                commune=None if remote else rng.choices(communes, weights_by_population)[0],
                remote=remote,
                starts_on=start,
                requires=requires,
                teaches=teaches,
                occupations=codes,
                audiences=audiences,
                fundings=fundings,
                seats_left=seats,
                is_open=rng.random() > 0.03,
            )
        )
    table = OpportunityTable(
        opps, vocabulary=vocabulary, centroids=centroids, today=TODAY, occupation_parents=parents
    )

    profiles: list[Profile] = []
    hidden: list[Hidden] = []
    for profile, secret in generate_people(
        people,
        rng=rng,
        noise=noise,
        vocabulary=vocabulary,
        data_dir=data_dir,
        occupation_levels=occupation_levels,
    ):
        profiles.append(profile)
        hidden.append(secret)
    utility = np.zeros((0, table.size))
    if profiles:
        utility = np.stack(
            [
                _utility(table, p, h, noise, occupation_levels)
                for p, h in zip(profiles, hidden, strict=True)
            ]
        )
    relevance = np.array([_grades(row) for row in utility]).reshape(utility.shape)
    return World(table, profiles, hidden, utility, relevance, occupation_levels)


def generate_people(
    count: int,
    *,
    rng: random.Random,
    noise: np.random.Generator,
    vocabulary: CompetenceVocabulary,
    occupation_levels: Mapping[str, Mapping[str, int]],
    data_dir: Path = DATA,
) -> Iterator[tuple[Profile, Hidden]]:
    """`count` people, one at a time: what the engine sees and what only the generator knows."""
    centroids = reference_centroids(data_dir)
    populations = _populations(data_dir)
    communes = sorted(centroids)
    weights_by_population = [populations.get(c, 1) for c in communes]
    digcomp = [c for c in vocabulary.codes if c.startswith("digcomp:")]
    top = vocabulary.top_levels
    romes = sorted(occupation_levels)
    for _person in range(count):
        situation = rng.choices(SITUATIONS, (0.35, 0.2, 0.15, 0.15, 0.15))[0]
        mode = rng.choices(MODES, (0.6, 0.25, 0.1, 0.05))[0]
        limit = {"car": (30, 60), "bus": (40, 75), "walk": (20, 40), "none": (15, 30)}[mode]
        targets: tuple[str, ...] = ()
        if situation != "senior" or rng.random() < 0.3:
            targets = tuple(sorted(set(rng.sample(romes, rng.randint(1, 2)))))
        target_levels: dict[str, int] = {}
        for code in targets:
            for c, level in occupation_levels[code].items():
                target_levels[c] = max(target_levels.get(c, 0), level)
        true_levels = {
            c: rng.randint(1, top[c] - 2) for c in rng.sample(digcomp, rng.randint(3, 9))
        }
        for c, level in target_levels.items():
            if rng.random() < 0.5:
                true_levels[c] = max(1, level - rng.randint(-1, 3))
        declared: dict[str, int] = {}
        certified: dict[str, int] = {}
        for c, level in true_levels.items():
            draw = rng.random()
            if draw < 0.25:
                certified[c] = level
            elif draw < 0.4:
                continue  # not declared
            else:
                bias = rng.choices((-1, 0, 1, 2), (0.1, 0.5, 0.3, 0.1))[0]
                declared[c] = min(top[c], max(1, level + bias))
        profile = Profile(
            commune=rng.choices(communes, weights_by_population)[0],
            mode=mode,
            max_minutes=float(rng.randint(*limit)),
            available_from=TODAY + timedelta(days=rng.randint(0, 45)),
            situation=situation,
            declared=declared,
            certified=certified,
            targets=targets,
            target_levels=target_levels,
            fundings=frozenset(rng.sample(FUNDINGS[:4], rng.randint(0, 2))),
            needs_funding=rng.random() < 0.3,
        )
        yield (
            profile,
            Hidden(
                true_levels=true_levels,
                a_occ=float(noise.lognormal(0.0, 0.4)),
                a_comp=float(noise.lognormal(-0.2, 0.4)),
                a_gap=float(noise.lognormal(-0.4, 0.5)),
                a_dist=float(noise.lognormal(-0.3, 0.4)),
                tau=rng.uniform(12.0, 45.0),
                a_date=float(noise.lognormal(-0.7, 0.4)),
                rho=rng.uniform(30.0, 120.0),
                kind_taste=noise.normal(0.0, 0.25, len(KINDS)),
            ),
        )


def _utility(
    table: OpportunityTable,
    profile: Profile,
    hidden: Hidden,
    noise: np.random.Generator,
    occupation_levels: Mapping[str, Mapping[str, int]],
) -> NDArray[np.float64]:
    n = table.size
    out = np.zeros(n)
    today = table.today
    avail = profile.available_from or today
    targets = set(profile.targets)
    families = {table.parents.get(t, t) for t in targets}
    home = table.place.get(profile.commune, -1) if profile.commune is not None else -1
    row = home if home >= 0 else len(table.commune_ids)
    true_gap = {
        c: wanted - hidden.true_levels.get(c, 0)
        for c, wanted in profile.target_levels.items()
        if hidden.true_levels.get(c, 0) < wanted
    }
    total_gap = sum(true_gap.values())
    own = profile.fundings | {"free"}
    for p, o in enumerate(table.opportunities):
        minutes = float(table.minutes[MODES.index(profile.mode), row, table.commune_column[p]])
        tolerance = LATE_TOLERANCE_DAYS[o.kind]
        late = (avail - o.starts_on).days if o.starts_on else 0
        if (
            not o.is_open
            or (o.seats_left is not None and o.seats_left <= 0)
            or (o.audiences and profile.situation not in o.audiences)
            or minutes > profile.max_minutes
            or late > tolerance
        ):
            out[p] = -np.inf
            continue
        u = 0.0
        if targets & set(o.occupations):
            u += hidden.a_occ
        elif any(table.parents.get(c, c) in families for c in o.occupations):
            u += 0.4 * hidden.a_occ
        if o.requires:
            fit = [
                1.0 / (1.0 + math.exp(-1.6 * (hidden.true_levels.get(c, 0) - level + 0.5)))
                for c, level in o.requires.items()
            ]
            u += hidden.a_comp * sum(fit) / len(fit)
        else:
            u += hidden.a_comp * 0.6
        if total_gap and o.teaches:
            closed = sum(
                min(gap, max(0, o.teaches.get(c, 0) - hidden.true_levels.get(c, 0)))
                for c, gap in true_gap.items()
            )
            u += hidden.a_gap * math.sqrt(closed / total_gap)
        u += hidden.a_dist * math.exp(-minutes / hidden.tau)
        if o.starts_on is not None:
            wait = max(0, (o.starts_on - avail).days)
            u += hidden.a_date * math.exp(-((wait / hidden.rho) ** 2))
            if late > 0:
                u -= 0.3 * (late / (tolerance + 1))
        else:
            u += hidden.a_date * 0.8
        u += hidden.kind_taste[KINDS.index(o.kind)]
        if o.audiences:
            u += 0.2
        if o.fundings and not (o.fundings & own):
            u -= 0.4 if profile.needs_funding else 0.15
        out[p] = u
    return out + noise.normal(0.0, 0.3, n)


def _grades(utility: NDArray[np.float64]) -> NDArray[np.float64]:
    grades = np.zeros(len(utility))
    feasible = np.flatnonzero(np.isfinite(utility))
    if len(feasible) == 0:
        return grades
    order = feasible[np.argsort(-utility[feasible], kind="stable")]
    for share, grade in reversed(GRADE_SHARES):
        grades[order[: max(1, round(share * len(feasible)))]] = grade
    return grades


# ---------------------------------------------------------------- rankings and their quality


def engine_rankings(
    world: World, weights: Mapping[str, float] | None = None, k: int = 10
) -> list[NDArray[np.intp]]:
    """The engine's top k (positions) for every person of the world."""
    scores = world.table.scores(world.profiles, weights)
    return [top_k(scores[:, j], k) for j in range(len(world.profiles))]


def baseline_rankings(
    world: World, kind: str, *, seed: int = 0, k: int = 10
) -> list[NDArray[np.intp]]:
    """A baseline's top k, among the opportunities the engine's hard rules keep (so that both
    rank the same candidates): "same_rome" (a target occupation first, then a seeded random
    order) or "nearest" (fewest minutes first, ties in a seeded random order)."""
    rng = np.random.default_rng(seed)
    allowed = world.table.scores(world.profiles) > EXCLUDED
    rankings = []
    for j, profile in enumerate(world.profiles):
        kept = np.flatnonzero(allowed[:, j])
        tie = rng.random(len(kept))
        if kind == "same_rome":
            targets = set(profile.targets)
            key = np.array(
                [bool(targets & set(world.table.opportunities[p].occupations)) for p in kept],
                dtype=np.float64,
            )
        elif kind == "nearest":
            key = -np.array([world.table.travel_minutes(profile, int(p)) for p in kept])
        else:
            raise ValueError(f"unknown baseline {kind!r}")
        order = np.lexsort((tie, -key))
        rankings.append(kept[order][:k])
    return rankings


def mean_ndcg(world: World, rankings: Sequence[NDArray[np.intp]], k: int = 10) -> float:
    """Mean nDCG@k over the people with something relevant."""
    values = [ndcg(r, world.relevance[j], k) for j, r in enumerate(rankings)]
    return float(np.nanmean(values))


def quality_report(world: World, weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """nDCG@10 of the engine and of both baselines, and the engine's gain over the best."""
    engine = mean_ndcg(world, engine_rankings(world, weights))
    same_rome = mean_ndcg(world, baseline_rankings(world, "same_rome"))
    nearest = mean_ndcg(world, baseline_rankings(world, "nearest"))
    best = max(same_rome, nearest)
    return {
        "engine": round(engine, 4),
        "same_rome": round(same_rome, 4),
        "nearest": round(nearest, 4),
        "gain_over_best_baseline": round(engine / best - 1.0, 4),
    }


# ---------------------------------------------------------------- simulated outcomes


def simulate_outcomes(
    world: World,
    count: int,
    *,
    seed: int = 7,
    weights: Mapping[str, float] | None = None,
    shortlist: int = 30,
) -> list[tuple[NDArray[np.float64], bool]]:
    """`count` proposals and their answers: a random person, one of the engine's `shortlist`
    best for them (so that learning sees more than the top), accepted with probability
    σ(3 · z), z the proposal's hidden utility standardised over that shortlist (a person takes
    the better of what they are shown). Each outcome: (parts in PARTS order, accepted)."""
    rng = np.random.default_rng(seed)
    scores = world.table.scores(world.profiles, weights)
    outcomes: list[tuple[NDArray[np.float64], bool]] = []
    lists = [top_k(scores[:, j], shortlist) for j in range(len(world.profiles))]
    stats = []
    for j, row in enumerate(world.utility):
        shown = row[lists[j]]
        shown = shown[np.isfinite(shown)]
        stats.append((shown.mean(), shown.std() or 1.0) if len(shown) else (0.0, 1.0))
    while len(outcomes) < count:
        j = int(rng.integers(len(world.profiles)))
        if len(lists[j]) == 0:
            continue
        p = int(rng.choice(lists[j]))
        mean, std = stats[j]
        z = (world.utility[j, p] - mean) / std
        accepted = bool(rng.random() < 1.0 / (1.0 + math.exp(-3.0 * z)))
        parts = world.table.parts(world.profiles[j], [p])[:, 0]
        outcomes.append((parts, accepted))
    return outcomes


__all__ = [
    "PARTS",
    "World",
    "baseline_rankings",
    "dcg",
    "engine_rankings",
    "generate_world",
    "mean_ndcg",
    "ndcg",
    "quality_report",
    "reference_centroids",
    "reference_occupations",
    "simulate_outcomes",
]
