"""« Propositions pour moi »: the engine's best opportunities for one person, by kind, with its
reasons in French; « Cela m'intéresse » turns one into a match proposed by the engine and
accepted by the person at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from lakou.core.actor import Actor
from lakou.matching import engine
from lakou.matching.models import (
    Match,
    OpportunityKind,
    Origin,
    Profile,
)
from lakou.matching.services.learning import weights_in_force
from lakou.matching.services.matches import Accepted, MatchError, match_accept, match_propose
from lakou.matching.services.opportunities import (
    MATCH_KIND,
    CachedTable,
    OpportunityRef,
    opportunity_table,
)
from lakou.matching.services.profiles import engine_profile
from lakou.mediation.models import Workshop
from lakou.partnerships.models import MentorProfile, Offer
from lakou.training.models import Session

# How many of each kind the page shows, and how deep the engine looks to fill them.
PER_KIND = 5
DEPTH = 400
KIND_ORDER = (
    OpportunityKind.TRAINING,
    OpportunityKind.INTERNSHIP,
    OpportunityKind.JOB,
    OpportunityKind.MENTORING,
    OpportunityKind.WORKSHOP,
)
# The match's field for each kind of opportunity.
FIELD: dict[str, str] = {
    OpportunityKind.TRAINING: "session",
    OpportunityKind.INTERNSHIP: "offer",
    OpportunityKind.JOB: "offer",
    OpportunityKind.MENTORING: "mentor",
    OpportunityKind.WORKSHOP: "workshop",
}


class SuggestionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Suggestion:
    """One opportunity for the person: its object, score, parts and reasons (structured and in
    French)."""

    ref: OpportunityRef
    obj: models.Model
    score: float
    parts: Mapping[str, float]
    reasons: tuple[engine.Reason, ...]
    texts: tuple[str, ...]


# ---------------------------------------------------------------- the person as the engine sees them


def engine_profile_of(profile: Profile, cached: CachedTable) -> engine.Profile:
    """The profile as the engine sees it, with the keys and occupations' levels of the table."""
    return engine_profile(
        profile,
        competence_keys=cached.competence_keys,
        occupation_levels=cached.occupation_levels,
    )


def profile_with_details(pk: int) -> Profile | None:
    """A profile with what the engine reads, in three queries."""
    return (
        Profile.objects.select_related("commune", "user")
        .defer("commune__boundary")
        .prefetch_related("competences", "target_occupations")
        .filter(pk=pk)
        .first()
    )


# ---------------------------------------------------------------- reasons stored with a match


def reason_json(reason: engine.Reason, text: str) -> dict[str, Any]:
    values = {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in reason.values.items()
    }
    return {"code": reason.code, **values, "text": text}


# ---------------------------------------------------------------- ranking


def _excluded(profile: Profile, cached: CachedTable) -> list[int]:
    """The rows of opportunities this person already has a match on (live or declined)."""
    rows: list[int] = []
    for session, offer, mentor, workshop in Match.objects.filter(profile=profile).values_list(
        "session_id", "offer_id", "mentor_id", "workshop_id"
    ):
        for kind, pk in (
            (OpportunityKind.TRAINING, session),
            (OpportunityKind.INTERNSHIP, offer),
            (OpportunityKind.JOB, offer),
            (OpportunityKind.MENTORING, mentor),
            (OpportunityKind.WORKSHOP, workshop),
        ):
            if pk is not None:
                rows += cached.rows_of.get(OpportunityRef(kind, pk), [])
    return rows


def _objects(refs: Sequence[OpportunityRef]) -> dict[OpportunityRef, models.Model]:
    """The objects of these rows, one query per table present."""
    querysets: dict[str, models.QuerySet[Any]] = {
        "session": Session.objects.select_related("programme__provider", "commune").defer(
            "commune__boundary"
        ),
        "offer": Offer.objects.with_place(),
        "mentor": MentorProfile.objects.select_related("user", "organisation"),
        "workshop": Workshop.objects.select_related("venue__commune").defer(
            "venue__commune__boundary"
        ),
    }
    wanted: dict[str, set[int]] = {}
    for ref in refs:
        wanted.setdefault(FIELD[ref.kind], set()).add(ref.pk)
    loaded = {field: querysets[field].in_bulk(sorted(pks)) for field, pks in wanted.items()}
    found: dict[OpportunityRef, models.Model] = {}
    for ref in refs:
        obj = loaded[FIELD[ref.kind]].get(ref.pk)
        if obj is not None:
            found[ref] = obj
    return found


def suggestions_for(
    *,
    profile: Profile,
    kind: str = "",
    per_kind: int = PER_KIND,
    cached: CachedTable | None = None,
    weights: Mapping[str, float] | None = None,
) -> dict[str, list[Suggestion]]:
    """The best opportunities for this person, by kind (only `kind` when given), best first;
    none they already have a match on."""
    cached = cached or opportunity_table()
    table = cached.table
    person = engine_profile_of(profile, cached)
    exclude = _excluded(profile, cached)
    if kind:
        engine_kind = engine.KINDS.index({v: k for k, v in MATCH_KIND.items()}[kind])
        exclude += [int(i) for i in table.ids[table.kinds != engine_kind]]
    ranked = engine.rank(
        person,
        table,
        k=DEPTH if not kind else per_kind * 4,
        weights=weights if weights is not None else weights_in_force(),
        exclude=exclude,
    )
    chosen: dict[str, list[engine.Match]] = {}
    seen: set[OpportunityRef] = set()
    for result in ranked:
        ref = cached.ref(result.opportunity_id)
        if ref in seen:  # a mentor met in several places: its best row
            continue
        seen.add(ref)
        rows = chosen.setdefault(ref.kind, [])
        if len(rows) < per_kind:
            rows.append(result)
    objects = _objects([cached.ref(r.opportunity_id) for rows in chosen.values() for r in rows])
    out: dict[str, list[Suggestion]] = {}
    for match_kind in KIND_ORDER:
        for result in chosen.get(match_kind, []):
            ref = cached.ref(result.opportunity_id)
            obj = objects.get(ref)
            if obj is None:  # gone since the table was built
                continue
            texts = engine.render_reasons(result.reasons, occupations=cached.occupation_labels)
            out.setdefault(match_kind, []).append(
                Suggestion(
                    ref=ref,
                    obj=obj,
                    score=result.score,
                    parts=result.parts,
                    reasons=result.reasons,
                    texts=tuple(texts),
                )
            )
    return out


def suggestion_for(
    *, profile: Profile, ref: OpportunityRef, cached: CachedTable | None = None
) -> Suggestion:
    """The engine's view of one opportunity for this person; refused when a hard rule removes
    it (full, closed, too far, not for them)."""
    cached = cached or opportunity_table()
    rows = cached.rows_of.get(ref, [])
    if not rows:
        raise SuggestionError(_("Cette proposition n'est plus ouverte."))
    table = cached.table
    person = engine_profile_of(profile, cached)
    allowed = [row for row in rows if not table.rejections(person, row)]
    if not allowed:
        raise SuggestionError(
            _(
                "Cette proposition ne vous correspond plus : elle est complète, close ou hors de votre portée."
            )
        )
    weights = weights_in_force()
    scores, _components = table.score_one(person, weights)
    best = max(allowed, key=lambda row: float(scores[row]))
    parts = table.parts(person, [best])
    reasons = engine.reasons(person, table, best)
    obj = _objects([ref]).get(ref)
    if obj is None:
        raise SuggestionError(_("Cette proposition n'est plus ouverte."))
    return Suggestion(
        ref=ref,
        obj=obj,
        score=float(scores[best]),
        parts={name: float(parts[i, 0]) for i, name in enumerate(engine.PARTS)},
        reasons=reasons,
        texts=tuple(engine.render_reasons(reasons, occupations=cached.occupation_labels)),
    )


def suggestion_accept(*, actor: Actor, profile: Profile, ref: OpportunityRef) -> Accepted:
    """« Cela m'intéresse »: a match proposed by the engine (with its score, parts and reasons),
    accepted by the person at once."""
    suggestion = suggestion_for(profile=profile, ref=ref)
    try:
        with transaction.atomic():
            match = match_propose(
                actor=actor,
                profile=profile,
                kind=ref.kind,
                origin=Origin.ENGINE,
                score=suggestion.score,
                parts=dict(suggestion.parts),
                reasons=[
                    reason_json(r, t)
                    for r, t in zip(suggestion.reasons, suggestion.texts, strict=True)
                ],
                **{FIELD[ref.kind]: suggestion.obj},  # type: ignore[arg-type]
            )
            return match_accept(actor=actor, match=match)
    except MatchError as error:
        raise SuggestionError(error.message) from error
