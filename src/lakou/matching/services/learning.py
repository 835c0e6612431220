"""The engine's weights learnt from outcomes: the person's answers to the engine's proposals
refit the weights (`learning.fit_weights`, bounded around the defaults), stored in
`LearnedWeights`; the newest row is in force."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.cache import caches
from django.db import transaction

from lakou.core.audit import audit_record
from lakou.matching.engine import DEFAULT_WEIGHTS, PARTS
from lakou.matching.learning import fit_weights
from lakou.matching.models import LearnedWeights, Match, MatchStatus, Origin, Side

# The newest outcomes only: a refit stays quick and follows what people answer now.
MAX_OUTCOMES = 20_000
# Fewer outcomes than this: keep the defaults (a handful of answers says nothing).
MIN_OUTCOMES = 20
WEIGHTS_CACHE_KEY = "matching:weights"
WEIGHTS_SECONDS = 300

ACCEPTED = (MatchStatus.PERSON_ACCEPTED, MatchStatus.BOTH_ACCEPTED, MatchStatus.SUCCESSFUL)


def outcomes(*, limit: int = MAX_OUTCOMES) -> list[tuple[dict[str, float], bool]]:
    """(parts, accepted by the person) of the engine's answered proposals, newest first.

    Accepted: the person said yes (whatever the other side did next). Refused: the person
    declined. A match the other side declined after the person's yes still counts as a yes:
    the weights learn what people want."""
    rows = (
        Match.objects.filter(origin=Origin.ENGINE)
        .exclude(parts={})
        .exclude(status=MatchStatus.PROPOSED)
        .order_by("-created_at", "-pk")
        .values_list("parts", "status", "declined_by", "person_accepted_at")[:limit]
    )
    out = []
    for parts, status, declined_by, person_accepted_at in rows:
        if not isinstance(parts, dict) or any(name not in parts for name in PARTS):
            continue
        if status in ACCEPTED or person_accepted_at is not None:
            accepted = True
        elif status == MatchStatus.DECLINED and declined_by == Side.PERSON:
            accepted = False
        else:
            continue
        out.append(({name: float(parts[name]) for name in PARTS}, accepted))
    return out


def weights_refit(
    *, limit: int = MAX_OUTCOMES, minimum: int = MIN_OUTCOMES
) -> LearnedWeights | None:
    """Refit the weights from the newest `limit` outcomes and store them; None (nothing stored)
    below `minimum` outcomes."""
    answered = outcomes(limit=limit)
    if len(answered) < minimum:
        return None
    weights = fit_weights(answered, initial=DEFAULT_WEIGHTS)
    with transaction.atomic():
        row = LearnedWeights.objects.create(weights=weights, outcomes=len(answered))
        audit_record(
            actor=None,
            action="matching.weights_refit",
            obj=row,
            changes={"outcomes": len(answered)},
        )
    caches["local"].delete(WEIGHTS_CACHE_KEY)
    return row


def weights_in_force() -> Mapping[str, float]:
    """The newest learnt weights, else the engine's defaults (kept per process a few minutes)."""
    cache = caches["local"]
    cached = cache.get(WEIGHTS_CACHE_KEY)
    if cached is not None:
        return dict(cached)
    newest = (
        LearnedWeights.objects.order_by("-fitted_at", "-pk")
        .values_list("weights", flat=True)
        .first()
    )
    weights = dict(DEFAULT_WEIGHTS)
    if isinstance(newest, dict):
        weights.update({k: float(v) for k, v in newest.items() if k in PARTS})
    cache.set(WEIGHTS_CACHE_KEY, weights, timeout=WEIGHTS_SECONDS)
    return weights
