"""The offline ROME classifier of offer titles (issue 13: top-3 accuracy ≥ 90 % on ≥ 150 written
offer titles; build well under a second or two, a title in a few ms).

Pure: no database. References: the 1,016 appellations of data/digital_job_appellations.csv and the
170 labels of data/digital_jobs.csv. Offer titles: tests/matching/data/offer_titles.csv (written
before the classifier, a hit when any listed code is in the top k). Also measured: the same
accuracy with the other aggregation (mean of a code's two best titles), leave-one-out on the ROME
titles themselves (the set the settings were chosen on), and how the confidence threshold splits
right answers from titles with nothing known.
"""

from __future__ import annotations

import csv
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from lakou.skills.rome_classifier import CONFIDENCE_THRESHOLD, RomeClassifier

ROOT = Path(__file__).resolve().parent.parent
BUILDS = 7
ROUNDS = 5
# Titles with nothing of a digital occupation in them, for the confidence threshold.
NOTHING_KNOWN = (
    "Super poste !!!",
    "Rejoignez notre équipe dynamique",
    "Opportunité à saisir en Martinique",
    "lorem ipsum",
    "xxxxx",
    "Aide-soignant de nuit",
    "Chauffeur poids lourd",
    "Maçon",
    "Infirmier",
    "Cuisinier",
    "Caissière",
    "Boulanger",
)


def reference_titles() -> list[tuple[str, str]]:
    with (ROOT / "data" / "digital_job_appellations.csv").open(encoding="utf-8") as handle:
        pairs = [(r["libelle_appellation_long"], r["code_rome"]) for r in csv.DictReader(handle)]
    with (ROOT / "data" / "digital_jobs.csv").open(encoding="utf-8") as handle:
        pairs += [(r["libelle"], r["code_rome"]) for r in csv.DictReader(handle)]
    return pairs


def offer_titles() -> list[dict[str, str]]:
    path = ROOT / "tests" / "matching" / "data" / "offer_titles.csv"
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def accuracy(classifier: RomeClassifier, rows: list[dict[str, str]]) -> dict[str, Any]:
    results = classifier.classify_many([row["title"] for row in rows], k=3)
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    top1 = top3 = 0
    for row, candidates in zip(rows, results, strict=True):
        expected = set(row["expected"].split("|"))
        codes = [c.code for c in candidates]
        first, any3 = bool(codes) and codes[0] in expected, bool(expected & set(codes))
        top1, top3 = top1 + first, top3 + any3
        counts = by_kind[row["kind"]]
        counts[0], counts[1], counts[2] = counts[0] + 1, counts[1] + first, counts[2] + any3
        if not any3:
            misses.append(f"{row['title']} ({row['expected']}) → {', '.join(codes)}")
    return {
        "top1": round(top1 / len(rows), 3),
        "top3": round(top3 / len(rows), 3),
        "by_kind": {
            kind: {"titles": n, "top1": round(a / n, 3), "top3": round(b / n, 3)}
            for kind, (n, a, b) in sorted(by_kind.items())
        },
        "misses_top3": misses,
    }


def leave_one_out(classifier: RomeClassifier) -> dict[str, Any]:
    """Each ROME title classified against all the others (codes with two titles or more)."""
    vectors = classifier.vectoriser.matrix(classifier.normalised)
    similarities = np.asarray((vectors @ classifier.reference).toarray())
    np.fill_diagonal(similarities, -1.0)
    scores, _rows = classifier.code_scores(similarities)
    codes = np.asarray(classifier.codes)
    truth = np.asarray(classifier.row_codes)
    sizes = dict(zip(*np.unique(truth, return_counts=True), strict=True))
    kept = np.asarray([sizes[code] >= 2 for code in truth])
    order = np.lexsort((np.broadcast_to(np.arange(len(codes)), scores.shape), -scores), axis=1)
    top = codes[order[:, :3]]
    return {
        "titles": int(kept.sum()),
        "top1": round(float((top[:, 0] == truth)[kept].mean()), 3),
        "top3": round(float((top == truth[:, None]).any(axis=1)[kept].mean()), 3),
    }


def run() -> dict[str, Any]:
    references = reference_titles()
    rows = offer_titles()
    titles = [row["title"] for row in rows]
    builds = []
    for _build in range(BUILDS):
        start = time.perf_counter()
        classifier = RomeClassifier.build(references)
        builds.append(time.perf_counter() - start)
    per_title = []
    batches = []
    for _round in range(ROUNDS):
        for title in titles:
            start = time.perf_counter()
            classifier.classify(title)
            per_title.append(time.perf_counter() - start)
        start = time.perf_counter()
        classifier.classify_many(titles)
        batches.append(time.perf_counter() - start)
    best = accuracy(classifier, rows)
    top2 = accuracy(RomeClassifier.build(references, aggregate="top2"), rows)
    right = [
        c[0].score
        for row, c in zip(rows, classifier.classify_many(titles), strict=True)
        if c and c[0].code in row["expected"].split("|")
    ]
    nothing = [c[0].score if c else 0.0 for c in classifier.classify_many(list(NOTHING_KNOWN))]
    return {
        "data": f"{len(references)} reference titles ({len(classifier.titles)} after merging "
        f"repeats, {len(classifier.codes)} codes); {len(rows)} offer titles, "
        f"{sum('|' in row['expected'] for row in rows)} with two or more right codes",
        "target": "top-3 ≥ 0.90; build well under 1–2 s; a title in a few ms",
        "build_median_s": round(statistics.median(builds), 4),
        "build_max_s": round(max(builds), 4),
        "classify_one_median_ms": round(statistics.median(per_title) * 1000, 3),
        "classify_one_p95_ms": round(float(np.percentile(per_title, 95)) * 1000, 3),
        "classify_many_all_titles_median_ms": round(statistics.median(batches) * 1000, 2),
        "aggregate": classifier.aggregate,
        "top1": best["top1"],
        "top3": best["top3"],
        "by_kind": best["by_kind"],
        "misses_top3": best["misses_top3"],
        "top2_mean_aggregate": {"top1": top2["top1"], "top3": top2["top3"]},
        "leave_one_out_rome_titles": {
            "max": leave_one_out(classifier),
            "top2_mean": leave_one_out(RomeClassifier.build(references, aggregate="top2")),
        },
        "confidence_threshold": CONFIDENCE_THRESHOLD,
        "right_top1_at_or_above_threshold": round(
            sum(s >= CONFIDENCE_THRESHOLD for s in right) / len(right), 3
        ),
        "nothing_known_below_threshold": f"{sum(s < CONFIDENCE_THRESHOLD for s in nothing)} of {len(nothing)}",
        "nothing_known_best_score": round(max(nothing), 3),
    }
