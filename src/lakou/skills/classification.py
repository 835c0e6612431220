"""The ROME classifier of offer titles, built once per process from the shipped ROME files.

Built from `data/` (the same CSV files the reference loader reads) rather than from the tables, so
that it never depends on what a database holds at the moment of the first call; the proposals are
then joined to the `Occupation` rows present (a code missing from the table is left out).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from lakou.skills.loaders import OCCUPATIONS_FILE, TITLES_FILE
from lakou.skills.models import Occupation
from lakou.skills.rome_classifier import Candidate, RomeClassifier, describe

PROPOSALS = 3


def reference_titles(data_dir: Path) -> list[tuple[str, str]]:
    """(title, ROME code): the appellations' long labels, then the occupations' labels."""
    with (data_dir / TITLES_FILE).open(encoding="utf-8") as handle:
        pairs = [(r["libelle_appellation_long"], r["code_rome"]) for r in csv.DictReader(handle)]
    with (data_dir / OCCUPATIONS_FILE).open(encoding="utf-8") as handle:
        pairs += [(r["libelle"], r["code_rome"]) for r in csv.DictReader(handle)]
    return pairs


@cache
def rome_classifier() -> RomeClassifier:
    """The classifier of this process (about 0.15 s to build, then a fraction of a ms a title)."""
    return RomeClassifier.build(reference_titles(Path(settings.DATA_DIR)))


@dataclass(frozen=True)
class OccupationProposal:
    """An occupation proposed for an offer title, with the plain-French reason."""

    occupation: Occupation
    candidate: Candidate
    reason: str


def propose_occupations(title: str, *, k: int = PROPOSALS) -> list[OccupationProposal]:
    """The k occupations closest to an offer title, best first (one query; none for an empty or
    meaningless title)."""
    candidates = rome_classifier().classify(title, k=k) if title.strip() else []
    if not candidates:
        return []
    occupations = Occupation.objects.in_bulk(
        [candidate.code for candidate in candidates], field_name="code_rome"
    )
    return [
        OccupationProposal(
            occupation=occupations[candidate.code], candidate=candidate, reason=describe(candidate)
        )
        for candidate in candidates
        if candidate.code in occupations
    ]
