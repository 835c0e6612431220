"""Orientation advice from Lakou's own data, and saved plans (issue 13, « Orientation advice »).

Reads the database into the plain data of the pure `advice` and `pathways` modules:

- the competences an occupation requires: the data has no ROME → competence table, so they are
  derived from Lakou's own data — the competences of published offers (`Offer.competences`) and
  of published programmes (`ProgrammeCompetence`) linked to that ROME code, the most cited first
  (at most MAX_REQUIREMENTS), at the highest level a linked programme teaches (DEFAULT_LEVEL when
  only offers name it, or no level is given); docs/mise-en-relation/conseil.md, section 4;
- local demand: « recruit » needs of the diagnostics, open offers, placement agreements begun in
  the last DEMAND_MONTHS months, over Martinique;
- the sessions a pathway may use: open, not started, enrolment still possible, a seat left, in a
  published programme that teaches a competence of the gap; their cost per funding, their travel
  time from the person's commune by the person's mobility (`territory.travel`);
- the offers a pathway opens: published offers still open with the competences they name.

Writes: `plan_save`, `plan_set_sharing`, `plan_delete`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.diagnostics.models import NeedMode, SkillNeed
from lakou.matching import advice, pathways
from lakou.matching.models import Mobility, Profile, ProfileCompetence, SavedPlan
from lakou.matching.perms import advice as perms
from lakou.partnerships.models import Agreement, Offer, PlacementKind
from lakou.skills.models import Occupation
from lakou.territory.models import Commune
from lakou.territory.travel import commune_travel_minutes
from lakou.training.models import Enrolment, Programme, ProgrammeCompetence, Session

# The level required of a competence that only offers name (they give no level), and the level a
# programme brings when its row gives none.
DEFAULT_LEVEL = 2
# An occupation's derived requirements: the most cited competences, at most this many.
MAX_REQUIREMENTS = 8
# Placements and needs counted in the demand: those of the last twelve months.
DEMAND_MONTHS = 12
# Occupations shown on the advice page (the person's targets are added when not among them).
SHOWN_OCCUPATIONS = 6
MAX_OPENINGS = 10
# Place of the demand reasons: the whole island (see the module docstring).
DEMAND_PLACE = "de Martinique"

TRAVEL_MODE = {Mobility.CAR: "car", Mobility.BUS: "bus", Mobility.WALK: "walk"}
OPENING_KIND = {
    PlacementKind.INTERNSHIP: "internship",
    PlacementKind.APPRENTICESHIP: "apprenticeship",
    PlacementKind.PROFESSIONALISATION: "apprenticeship",
}


# ---------------------------------------------------------------- the person


def held_competences(profile: Profile) -> dict[str, advice.Held]:
    """Competence id → the best level held, verified when a certificate gives that level."""
    held: dict[str, advice.Held] = {}
    for row in ProfileCompetence.objects.filter(profile=profile).only(
        "competence_id", "level", "source"
    ):
        key = str(row.competence_id)
        known = held.get(key)
        if (
            known is None
            or row.level > known.level
            or (row.level == known.level and row.is_verified)
        ):
            held[key] = advice.Held(level=row.level, verified=row.is_verified)
    return held


def profile_constraints(profile: Profile) -> pathways.Constraints:
    """The person's formats, travel, dates and fundings as the pathway's constraints.

    Without mobility, only remote sessions; an empty list of formats accepts them all. A person
    who needs a funding does not pay themselves; a free session is always accepted."""
    formats = frozenset(profile.formats or pathways.FORMATS) & frozenset(pathways.FORMATS)
    if profile.mobility == Mobility.NONE:
        formats = frozenset({pathways.REMOTE})
    fundings = set(profile.fundings or ()) | {"free"}
    if not profile.needs_funding:
        fundings.add(pathways.SELF_FUNDED)
    return pathways.Constraints(
        allowed_formats=formats or frozenset(pathways.FORMATS),
        max_travel_minutes=float(profile.max_travel_minutes),
        available_from=profile.available_from,
        available_to=profile.available_until,
        accepted_fundings=frozenset(fundings),
        travel_mode=TRAVEL_MODE.get(Mobility(profile.mobility), "car"),
    )


# ---------------------------------------------------------------- occupations


@dataclass(frozen=True)
class _Cited:
    name: str
    code: str
    citations: int
    level: int | None


def occupation_requirements(
    occupation_ids: Iterable[int] | None = None,
) -> dict[int, tuple[advice.Requirement, ...]]:
    """Occupation id → the competences it requires, derived from published offers and
    programmes linked to it (module docstring). Two queries whatever the number."""
    cited: dict[int, dict[int, _Cited]] = defaultdict(dict)

    def cite(
        occupation_id: int, competence_id: int, name: str, code: str, level: int | None
    ) -> None:
        known = cited[occupation_id].get(competence_id)
        if known is None:
            cited[occupation_id][competence_id] = _Cited(name, code, 1, level)
            return
        best = max((x for x in (known.level, level) if x is not None), default=None)
        cited[occupation_id][competence_id] = _Cited(name, code, known.citations + 1, best)

    only = list(occupation_ids) if occupation_ids is not None else None
    programme_rows = ProgrammeCompetence.objects.filter(
        programme__is_published=True, programme__occupations__isnull=False
    )
    offer_rows = Offer.competences.through.objects.filter(
        offer__status=Offer.Status.PUBLISHED, offer__occupation__isnull=False
    )
    if only is not None:
        programme_rows = programme_rows.filter(programme__occupations__in=only)
        offer_rows = offer_rows.filter(offer__occupation__in=only)
    for occupation_id, competence_id, name, code, rank in programme_rows.values_list(
        "programme__occupations",
        "competence_id",
        "competence__name_fr",
        "competence__code",
        "level__rank",
    ).order_by("pk"):
        cite(occupation_id, competence_id, name, code, rank or DEFAULT_LEVEL)
    for occupation_id, competence_id, name, code in offer_rows.values_list(
        "offer__occupation_id", "competence_id", "competence__name_fr", "competence__code"
    ).order_by("pk"):
        cite(occupation_id, competence_id, name, code, None)
    result = {}
    for occupation_id, competences in cited.items():
        ranked = sorted(competences.items(), key=lambda item: (-item[1].citations, item[1].code))
        result[occupation_id] = tuple(
            advice.Requirement(
                competence=str(competence_id),
                level=c.level if c.level is not None else DEFAULT_LEVEL,
                name=c.name,
            )
            for competence_id, c in ranked[:MAX_REQUIREMENTS]
        )
    return result


def local_demand(*, today: date | None = None) -> dict[str, advice.Demand]:
    """ROME code → recruit needs, open offers and placements begun in the last twelve months."""
    today = today or timezone.localdate()
    since = today - timedelta(days=round(DEMAND_MONTHS * 30.44))
    needs = dict(
        SkillNeed.objects.filter(
            mode=NeedMode.RECRUIT, occupation__isnull=False, recorded_on__gte=since
        )
        .values_list("occupation__code_rome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    offers = dict(
        _open_offers(today)
        .filter(occupation__isnull=False)
        .values_list("occupation__code_rome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    placements = dict(
        Agreement.objects.binding()
        .filter(starts_on__gte=since, application__offer__occupation__isnull=False)
        .values_list("application__offer__occupation__code_rome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        code: advice.Demand(
            needs=needs.get(code, 0), offers=offers.get(code, 0), placements=placements.get(code, 0)
        )
        for code in {*needs, *offers, *placements}
    }


def _open_offers(today: date) -> Any:
    return Offer.objects.published().filter(
        Q(valid_through__isnull=True) | Q(valid_through__gte=today)
    )


@dataclass(frozen=True)
class OccupationAdvice:
    """One suggested occupation, its reasons and gap in French, for the page."""

    occupation: Occupation
    suggestion: advice.Suggestion
    is_target: bool
    reasons: tuple[str, ...]
    gap: tuple[str, ...]

    @property
    def has_requirements(self) -> bool:
        return bool(self.suggestion.occupation.requirements)


def advice_for(profile: Profile, *, today: date | None = None) -> list[OccupationAdvice]:
    """The occupations to aim for, best first: the SHOWN_OCCUPATIONS best of those with local
    demand or known requirements, then the person's targets not among them."""
    today = today or timezone.localdate()
    requirements = occupation_requirements()
    demand = local_demand(today=today)
    target_ids = set(profile.target_occupations.values_list("pk", flat=True))
    occupations = {
        o.pk: o
        for o in Occupation.objects.filter(
            Q(pk__in=[*requirements, *target_ids]) | Q(code_rome__in=list(demand))
        )
    }
    pure = [
        advice.Occupation(code=o.code_rome, label=o.label, requirements=requirements.get(o.pk, ()))
        for o in occupations.values()
    ]
    by_code = {o.code_rome: o for o in occupations.values()}
    ranked = advice.suggest_occupations(held_competences(profile), pure, demand, k=len(pure))
    shown = [
        s
        for position, s in enumerate(ranked)
        if position < SHOWN_OCCUPATIONS or by_code[s.occupation.code].pk in target_ids
    ]
    return [_occupation_advice(s, by_code[s.occupation.code], target_ids) for s in shown]


def _occupation_advice(
    suggestion: advice.Suggestion, occupation: Occupation, target_ids: set[int]
) -> OccupationAdvice:
    return OccupationAdvice(
        occupation=occupation,
        suggestion=suggestion,
        is_target=occupation.pk in target_ids,
        reasons=tuple(advice.describe_reason(r, place=DEMAND_PLACE) for r in suggestion.reasons),
        gap=tuple(advice.describe_gap_item(item) for item in suggestion.gap),
    )


# ---------------------------------------------------------------- the pathway


def session_options(
    profile: Profile, gap: Sequence[advice.GapItem], *, today: date | None = None
) -> tuple[list[pathways.SessionOption], dict[int, Session]]:
    """The sessions that could close part of `gap` (module docstring), as the pathway's options,
    and the sessions by id."""
    today = today or timezone.localdate()
    competence_ids = [int(item.competence) for item in gap]
    if not competence_ids:
        return [], {}
    sessions = list(
        Session.objects.filter(
            status=Session.Status.OPEN,
            starts_on__gte=today,
            programme__is_published=True,
            programme__in=Programme.objects.filter(
                competence_rows__competence_id__in=competence_ids
            ).values("pk"),
        )
        .filter(Q(enrolment_deadline__isnull=True) | Q(enrolment_deadline__gte=today))
        .annotate(
            taken=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEAT_STATUSES))
        )
        .filter(taken__lt=F("seats"))
        .select_related("programme__provider", "commune")
        .defer("commune__boundary")
        .prefetch_related("programme__competence_rows__level", "programme__funding_rows")
        .order_by("starts_on", "pk")
    )
    mode = TRAVEL_MODE.get(Mobility(profile.mobility), "car")
    minutes = _travel_from(profile.commune_id, mode)
    options = []
    for session in sessions:
        programme = session.programme
        price = float(programme.price)
        costs: dict[str, float] = {pathways.SELF_FUNDED: price}
        for funding in programme.funding_codes():
            costs[funding] = 0.0
        if price == 0:
            costs["free"] = 0.0
        form = pathways.REMOTE if session.is_remote else programme.format
        options.append(
            pathways.SessionOption(
                id=session.pk,
                title=programme.title,
                starts_on=session.starts_on,
                ends_on=session.ends_on,
                brings={
                    str(row.competence_id): row.level.rank if row.level else DEFAULT_LEVEL
                    for row in programme.competence_rows.all()
                },
                costs=costs,
                hours=float(programme.duration_hours),
                format=form,
                travel_minutes=minutes.get(session.commune_id or 0, 0.0),
                place=session.commune.name if session.commune else "",
            )
        )
    return options, {s.pk: s for s in sessions}


def _travel_from(commune_id: int, mode: str) -> dict[int, float]:
    """Minutes from the commune to every commune with a known centre (an unknown one: absent,
    counted as no travel — the approximation cannot say)."""
    centroids: dict[int, tuple[float, float]] = {
        pk: (float(lat or 0.0), float(lon or 0.0))
        for pk, lat, lon in Commune.objects.filter(
            centroid_lat__isnull=False, centroid_lon__isnull=False
        ).values_list("pk", "centroid_lat", "centroid_lon")
    }
    if commune_id not in centroids:
        return {commune_id: 0.0}
    ids, matrix = commune_travel_minutes(centroids, mode=mode)
    row = matrix[ids.index(commune_id)]
    return {pk: float(row[i]) for i, pk in enumerate(ids)}


@dataclass(frozen=True)
class StepView:
    step: pathways.Step
    session: Session
    text: str


@dataclass(frozen=True)
class OpeningView:
    opening: pathways.Opening
    offer: Offer
    text: str


@dataclass(frozen=True)
class OccupationPlan:
    """Everything the page of one occupation shows."""

    occupation: Occupation
    advice: OccupationAdvice
    pathway: pathways.Pathway
    summary: str
    steps: tuple[StepView, ...]
    uncovered: tuple[str, ...]
    openings: tuple[OpeningView, ...]


def occupation_plan(
    profile: Profile, occupation: Occupation, *, today: date | None = None
) -> OccupationPlan:
    """The gap of this occupation for the person, the pathway that closes it within their
    constraints, and the offers it opens."""
    today = today or timezone.localdate()
    requirements = occupation_requirements([occupation.pk])
    demand = local_demand(today=today)
    pure = advice.Occupation(
        code=occupation.code_rome,
        label=occupation.label,
        requirements=requirements.get(occupation.pk, ()),
    )
    held = held_competences(profile)
    suggestion = advice.suggest_occupations(held, [pure], demand, k=1)[0]
    is_target = profile.target_occupations.filter(pk=occupation.pk).exists()
    summary_advice = _occupation_advice(
        suggestion, occupation, {occupation.pk} if is_target else set()
    )
    options, sessions = session_options(profile, suggestion.gap, today=today)
    levels = {key: h.level for key, h in held.items()}
    pathway = pathways.plan_pathway(
        suggestion.gap, options, profile_constraints(profile), held=levels
    )
    steps = tuple(
        StepView(step, sessions[step.session.id], pathways.describe_step(step))
        for step in pathway.steps
    )
    openings = _openings(pathway, occupation, levels, today)
    return OccupationPlan(
        occupation=occupation,
        advice=summary_advice,
        pathway=pathway,
        summary=pathways.describe_pathway(pathway),
        steps=steps,
        uncovered=tuple(pathways.describe_uncovered(u) for u in pathway.uncovered),
        openings=openings,
    )


def _openings(
    pathway: pathways.Pathway, occupation: Occupation, levels: Mapping[str, int], today: date
) -> tuple[OpeningView, ...]:
    """Offers of this occupation the person can take after the pathway, and offers of other
    occupations that the pathway opens."""
    offers = list(
        _open_offers(today)
        .filter(competences__isnull=False)
        .distinct()
        .select_related("company", "commune", "occupation")
        .defer("commune__boundary")
        .prefetch_related("competences")
        .order_by("pk")
    )
    required = occupation_requirements({o.occupation_id for o in offers if o.occupation_id})
    levels_by_occupation = {
        occupation_id: {r.competence: r.level for r in requirements}
        for occupation_id, requirements in required.items()
    }
    opportunities = []
    for offer in offers:
        known = levels_by_occupation.get(offer.occupation_id or 0, {})
        opportunities.append(
            pathways.Opportunity(
                id=offer.pk,
                kind=OPENING_KIND.get(PlacementKind(offer.kind), "job")
                if offer.kind in PlacementKind.values
                else "job",
                title=offer.title,
                requirements=tuple(
                    advice.Requirement(
                        competence=str(c.pk),
                        level=known.get(str(c.pk), DEFAULT_LEVEL),
                        name=c.name_fr,
                    )
                    for c in offer.competences.all()
                ),
            )
        )
    by_id = {offer.pk: offer for offer in offers}
    shown = [
        o
        for o in pathways.opens(pathway, opportunities, held=levels)
        if o.thanks_to_pathway or by_id[o.opportunity.id].occupation_id == occupation.pk
    ]
    return tuple(
        OpeningView(o, by_id[o.opportunity.id], pathways.describe_opening(o))
        for o in shown[:MAX_OPENINGS]
    )


# ---------------------------------------------------------------- saved plans


class PlanError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def plan_content(plan: OccupationPlan) -> dict[str, list[dict[str, Any]]]:
    """The JSON kept in a SavedPlan: the gap (each item covered or why not), the steps with
    their French, the offers opened — as explained when saved."""
    uncovered = {
        u.item.competence: text
        for u, text in zip(plan.pathway.uncovered, plan.uncovered, strict=True)
    }
    gap = [
        {
            "competence": item.competence,
            "name": item.name,
            "held_level": item.held_level,
            "required_level": item.required_level,
            "held_verified": item.held_verified,
            "text": advice.describe_gap_item(item),
            "covered": item.competence not in uncovered,
            "uncovered": uncovered.get(item.competence, ""),
        }
        for item in plan.advice.suggestion.gap
    ]
    steps = [
        {
            "session": view.session.pk,
            "title": view.step.session.title,
            "provider": view.session.programme.provider.name,
            "starts_on": view.step.session.starts_on.isoformat(),
            "ends_on": view.step.session.ends_on.isoformat(),
            "hours": view.step.session.hours,
            "funding": view.step.funding,
            "cost": view.step.cost,
            "covers": [item.name for item in view.step.covers],
            "text": view.text,
        }
        for view in plan.steps
    ]
    opens = [
        {
            "offer": view.offer.pk,
            "kind": view.opening.opportunity.kind,
            "title": view.offer.title,
            "company": view.offer.company.name,
            "text": view.text,
        }
        for view in plan.openings
    ]
    return {"gap": gap, "steps": steps, "opens": opens}


def plan_save(*, actor: Actor, occupation: Occupation, today: date | None = None) -> SavedPlan:
    """The person saves the advice for one occupation as a plan (not shared: they choose)."""
    profile = perms.own_profile(actor)
    if profile is None:
        raise PlanError(_("Créez d'abord votre profil d'orientation : le plan en dépend."))
    content = plan_content(occupation_plan(profile, occupation, today=today))
    with transaction.atomic():
        plan = SavedPlan.objects.create(profile=profile, occupation=occupation, **content)
        audit_record(
            actor=actor,
            action="matching.plan.save",
            obj=plan,
            changes={"steps": [s["session"] for s in content["steps"]]},
        )
    return plan


def plan_set_sharing(*, actor: Actor, plan: SavedPlan, shared: bool) -> SavedPlan:
    """The owner shares the plan with advisers or withdraws it; it takes effect at once."""
    if actor.user is None or plan.profile.user_id != actor.user.pk:
        raise PermissionDenied(_("Seule la personne du plan décide qui le voit."))
    with transaction.atomic():
        updated = SavedPlan.objects.filter(pk=plan.pk).update(
            shared_with_advisers=shared, updated_at=timezone.now()
        )
        if updated:
            plan.shared_with_advisers = shared
            audit_record(
                actor=actor,
                action="matching.plan.share" if shared else "matching.plan.unshare",
                obj=plan,
            )
    return plan


def plan_delete(*, actor: Actor, plan: SavedPlan) -> None:
    if actor.user is None or plan.profile.user_id != actor.user.pk:
        raise PermissionDenied(_("Seule la personne du plan peut le supprimer."))
    with transaction.atomic():
        audit_record(actor=actor, action="matching.plan.delete", obj=plan)
        plan.delete()


def plan_summary(plan: SavedPlan) -> dict[str, Any]:
    """Figures of a saved plan for its page: sessions, cost, hours, competences covered."""
    steps = plan.steps or []
    gap = plan.gap or []
    return {
        "sessions": len(steps),
        "cost": advice.format_euros(sum(float(s.get("cost", 0)) for s in steps)),
        "free": sum(float(s.get("cost", 0)) for s in steps) <= pathways.COST_TOLERANCE,
        "hours": advice.format_number(sum(float(s.get("hours", 0)) for s in steps)),
        "covered": sum(bool(item.get("covered")) for item in gap),
        "gap": len(gap),
    }
