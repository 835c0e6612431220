"""The workshop planner's runs: gather a quarter's figures from the database, solve the integer
program (`lakou.mediation.planner`), keep the proposals with their reasons in French; a proposal
accepted becomes draft workshops of the actor's organisation, led by the mediator proposed.

What the plan weighs, per commune:
- seniors: people of 60 and over from the commune's own age structure (latest year), else the
  region's share of 60+ times the commune's population (the plan's notes say for which communes),
  else nothing — never an invented figure;
- needs: people who answered the public questionnaire from the commune in the last 12 months and
  rated themselves on one of its skills at one of its two lowest points (« Je ne sais pas faire »,
  « Je fais avec de l'aide »);
- what it already had: workshops held (published, past) and individual acts in the last 12
  months, and the quarter's workshops already planned (never proposed again).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop
from django.utils.translation import ngettext

from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.validators import LONG_TEXT_MAX_LENGTH
from lakou.diagnostics.models import Answer, Question, Response
from lakou.diagnostics.models import Audience as QuestionnaireAudience
from lakou.mediation import planner
from lakou.mediation.models import (
    Act,
    Audience,
    Compensation,
    Level,
    Mediator,
    PlanProposal,
    PlanRun,
    ProposalStatus,
    Venue,
    Workshop,
)
from lakou.mediation.perms import planning as perms
from lakou.mediation.services.workshops import WorkshopData, WorkshopError, workshop_create
from lakou.territory import travel
from lakou.territory.map import polygons_of
from lakou.territory.models import SENIOR_AGE_GROUPS, AgeGroup, AgeGroupPopulation, Commune, Epci

PAST_DAYS = 365
WORKSHOP_MINUTES = 120
WORKSHOP_SEATS = 12
WORKSHOP_TITLE = _noop("Atelier numérique pour les seniors")


class PlanningError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# ---------------------------------------------------------------- quarters and weeks


def quarter_of(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter(start: date) -> date:
    month = start.month + 3
    return date(start.year + 1, month - 12, 1) if month > 12 else date(start.year, month, 1)


def french_ordinal(number: int) -> str:
    """« 1er », « 2e », « 3e »… as French writes a rank before a masculine noun (trimestre)."""
    return "1er" if number == 1 else f"{number}e"


def quarter_name(start: date) -> str:
    """« 1er trimestre 2027 », « 4e trimestre 2026 »."""
    return _("%(rank)s trimestre %(year)s") % {
        "rank": french_ordinal((start.month - 1) // 3 + 1),
        "year": start.year,
    }


def quarter_label(start: date) -> str:
    """« 1er trimestre 2027 (janvier à mars) »."""
    names = {
        1: _("1er trimestre %(year)s (janvier à mars)"),
        4: _("2e trimestre %(year)s (avril à juin)"),
        7: _("3e trimestre %(year)s (juillet à septembre)"),
        10: _("4e trimestre %(year)s (octobre à décembre)"),
    }
    return names[start.month] % {"year": start.year}


def quarter_weeks(start: date, *, today: date) -> list[date]:
    """The Mondays of the quarter still to come (a workshop needs a future date)."""
    end = next_quarter(start)
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    weeks = []
    while monday < end:
        if monday > today:
            weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def plannable_quarters(*, today: date) -> list[date]:
    """The current quarter while weeks remain, and the next three."""
    start = quarter_of(today)
    quarters = [start] if quarter_weeks(start, today=today) else []
    while len(quarters) < 4:
        start = next_quarter(start)
        quarters.append(start)
    return quarters


# ---------------------------------------------------------------- the figures of the communes


@dataclass(frozen=True)
class Seniors:
    count: float | None
    regional: bool  # estimated with the region's share


def regional_senior_share() -> tuple[float, int] | None:
    """(share of 60 and over, year) in the region's latest complete age structure."""
    rows = AgeGroupPopulation.objects.regional().values_list("year", "age_group", "population")
    by_year: dict[int, dict[str, int]] = defaultdict(dict)
    for year, group, population in rows:
        by_year[year][group] = population
    for year in sorted(by_year, reverse=True):
        groups = by_year[year]
        if all(g in groups for g in SENIOR_AGE_GROUPS):
            total = groups.get(AgeGroup.TOTAL) or sum(
                v for g, v in groups.items() if g != AgeGroup.TOTAL
            )
            if total:
                return sum(groups[g] for g in SENIOR_AGE_GROUPS) / total, year
    return None


def seniors_by_commune(communes: Sequence[Commune]) -> dict[int, Seniors]:
    """People of 60 and over: the commune's own latest figures, else the regional share of its
    population, else unknown."""
    own: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for commune_id, year, group, population in AgeGroupPopulation.objects.filter(
        commune__in=communes, age_group__in=SENIOR_AGE_GROUPS
    ).values_list("commune_id", "year", "age_group", "population"):
        own[commune_id][year][group] = population
    share = regional_senior_share()
    result = {}
    for commune in communes:
        years = [y for y, groups in own[commune.pk].items() if len(groups) == 2]
        if years:
            result[commune.pk] = Seniors(float(sum(own[commune.pk][max(years)].values())), False)
        elif share is not None and commune.population:
            result[commune.pk] = Seniors(float(round(share[0] * commune.population)), True)
        else:
            result[commune.pk] = Seniors(None, False)
    return result


@dataclass(frozen=True)
class Needs:
    people: int
    most_asked: str  # the skill most people asked help with


def needs_by_commune(communes: Sequence[Commune], *, since: datetime) -> dict[int, Needs]:
    """Respondents of the public questionnaire who rate themselves at one of a skill's two lowest
    points, per commune, and the skill most of them named."""
    rows = Answer.objects.filter(
        response__status=Response.Status.SUBMITTED,
        response__campaign__audience=QuestionnaireAudience.PUBLIC,
        response__submitted_at__gte=since,
        response__commune__in=communes,
        question__kind=Question.Kind.SCALE,
    ).values_list(
        "response__commune_id", "response_id", "question__label", "question__min_value", "value"
    )
    people: dict[int, set[int]] = defaultdict(set)
    asked: dict[int, Counter[str]] = defaultdict(Counter)
    for commune_id, response_id, label, low, value in rows:
        if isinstance(value, int) and not isinstance(value, bool) and value <= (low or 0) + 1:
            people[commune_id].add(response_id)
            asked[commune_id][label] += 1
    return {
        commune_id: Needs(
            len(ids), min(asked[commune_id].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        )
        for commune_id, ids in people.items()
    }


def _centroid(commune: Commune) -> tuple[float, float] | None:
    if commune.centroid_lat is not None and commune.centroid_lon is not None:
        return commune.centroid_lat, commune.centroid_lon
    if commune.boundary:
        return travel.polygon_centroid(polygons_of(commune.boundary))
    return None


def travel_limit_minutes() -> float:
    return float(settings.MEDIATION_PLANNER_TRAVEL_MINUTES)


# ---------------------------------------------------------------- the inputs


@dataclass
class Inputs:
    problem: planner.Problem
    weeks: list[date]
    communes: dict[int, Commune]
    seniors: dict[int, Seniors]
    needs: dict[int, Needs]
    mediators: dict[int, Mediator]
    venues: dict[int, Venue]
    regional_share: tuple[float, int] | None


def _week_index(weeks: Sequence[date], moment: datetime) -> int | None:
    day = timezone.localdate(moment)
    for index, monday in enumerate(weeks):
        if monday <= day < monday + timedelta(days=7):
            return index
    return None


def plan_inputs(*, quarter_start: date, epci: Epci | None, now: datetime) -> Inputs:
    """Everything the planner weighs for the quarter, in a fixed number of queries."""
    weeks = quarter_weeks(quarter_start, today=timezone.localdate(now))
    every_commune = list(Commune.objects.all())
    communes = [c for c in every_commune if epci is None or c.epci_id == epci.pk]
    ids = {c.pk for c in communes}
    since = now - timedelta(days=PAST_DAYS)
    seniors = seniors_by_commune(communes)
    needs = needs_by_commune(communes, since=since)
    held = dict(
        Workshop.objects.published()
        .filter(starts_at__gte=since, starts_at__lt=now, venue__commune__in=ids)
        .values_list("venue__commune_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    acts = dict(
        Act.objects.live()
        .filter(workshop__isnull=True, starts_at__gte=since, starts_at__lt=now, commune__in=ids)
        .values_list("commune_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    centroids = {c.pk: p for c in every_commune if (p := _centroid(c)) is not None}
    matrix_ids, minutes = travel.commune_travel_minutes(centroids)
    trips = planner.Travel(
        ids=matrix_ids, minutes=minutes, same_commune_minutes=travel.SAME_COMMUNE_MINUTES
    )
    mediators = {
        m.pk: m
        for m in Mediator.objects.active()
        .select_related("user", "home_commune")
        .prefetch_related("communes_served")
        .order_by("pk")
    }
    serving = {
        pk: tuple(sorted(c.pk for c in m.communes_served.all() if c.pk in ids))
        for pk, m in mediators.items()
    }
    if epci is not None:
        mediators = {pk: m for pk, m in mediators.items() if serving[pk]}
    venues = {
        v.pk: v
        for v in Venue.objects.published()
        .filter(capacity__gt=0, commune__in=ids)
        .select_related("commune")
        .order_by("pk")
    }
    # The quarter's workshops already there: live ones, and those of accepted proposals even if
    # cancelled since (an accepted proposal is never proposed again).
    quarter_end = next_quarter(quarter_start)
    start = timezone.make_aware(datetime.combine(quarter_start, time.min))
    end = timezone.make_aware(datetime.combine(quarter_end, time.min))
    taken = (
        Workshop.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .filter(
            ~Q(status=Workshop.Status.CANCELLED) | Q(plan_proposals__status=ProposalStatus.ACCEPTED)
        )
        .distinct()
        .select_related("venue")
        .prefetch_related("mediators")
    )
    planned: Counter[int] = Counter()
    booked: dict[int, Counter[int]] = defaultdict(Counter)
    busy: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for workshop in taken:
        planned[workshop.venue.commune_id] += 1
        week = _week_index(weeks, workshop.starts_at)
        if week is None:
            continue
        booked[workshop.venue_id][week] += 1
        for mediator in workshop.mediators.all():
            minutes_there = trips.between(mediator.home_commune_id, workshop.venue.commune_id)
            busy[mediator.pk][week] += (
                workshop.duration_minutes / 60 + 2 * (minutes_there or 0) / 60
            )
    problem = planner.Problem(
        communes=[
            planner.Commune(
                id=c.pk,
                seniors=seniors[c.pk].count or 0.0,
                needs=needs[c.pk].people if c.pk in needs else 0,
                held_workshops=held.get(c.pk, 0),
                acts=acts.get(c.pk, 0),
                planned=planned.get(c.pk, 0),
            )
            for c in communes
        ],
        venues=[
            planner.Venue(
                id=v.pk, commune_id=v.commune_id, capacity=v.capacity, booked=dict(booked[v.pk])
            )
            for v in venues.values()
        ],
        mediators=[
            planner.Mediator(
                id=m.pk,
                home_commune_id=m.home_commune_id,
                weekly_hours=float(m.weekly_hours),
                volunteer=m.compensation == Compensation.VOLUNTEER,
                communes=serving[m.pk]
                or ((m.home_commune_id,) if m.home_commune_id in ids else ()),
                busy_hours=dict(busy[m.pk]),
            )
            for m in mediators.values()
        ],
        weeks=len(weeks),
        travel=trips,
        travel_limit_minutes=travel_limit_minutes(),
        workshop_hours=WORKSHOP_MINUTES / 60,
    )
    return Inputs(
        problem=problem,
        weeks=weeks,
        communes={c.pk: c for c in every_commune},
        seniors=seniors,
        needs=needs,
        mediators=mediators,
        venues=venues,
        regional_share=regional_senior_share(),
    )


# ---------------------------------------------------------------- reasons and notes, in French


def _n(value: float) -> str:
    return number_format(round(value), force_grouping=True)


def _names(ids: Iterable[int], communes: dict[int, Commune]) -> str:
    return ", ".join(sorted(communes[i].name for i in ids))


def commune_reasons(inputs: Inputs, outcome: planner.CommuneOutcome) -> list[str]:
    """Why this commune gets its workshops: seniors, declared needs, what it already had."""
    reasons = []
    seniors = inputs.seniors.get(outcome.commune_id)
    if seniors is not None and seniors.count is not None:
        text = _("%(n)s personnes de 60 ans et plus") % {"n": _n(seniors.count)}
        if seniors.regional:
            text += " " + _("(estimation : part régionale appliquée à la population)")
        reasons.append(text)
    else:
        reasons.append(_("Nombre de personnes de 60 ans et plus inconnu"))
    needs = inputs.needs.get(outcome.commune_id)
    if needs is not None:
        reasons.append(
            ngettext(
                "%(n)s demande d'aide dans le questionnaire public, surtout : « %(skill)s »",
                "%(n)s demandes d'aide dans le questionnaire public, surtout : « %(skill)s »",
                needs.people,
            )
            % {"n": _n(needs.people), "skill": needs.most_asked}
        )
    if outcome.held_workshops or outcome.acts:
        reasons.append(
            ngettext(
                "%(n)s atelier tenu",
                "%(n)s ateliers tenus",
                outcome.held_workshops,
            )
            % {"n": _n(outcome.held_workshops)}
            + ngettext(
                " et %(n)s accompagnement individuel ces 12 derniers mois",
                " et %(n)s accompagnements individuels ces 12 derniers mois",
                outcome.acts,
            )
            % {"n": _n(outcome.acts)}
        )
    else:
        reasons.append(_("Aucun atelier ni accompagnement ces 12 derniers mois"))
    if outcome.planned:
        reasons.append(
            ngettext(
                "%(n)s atelier déjà prévu ce trimestre",
                "%(n)s ateliers déjà prévus ce trimestre",
                outcome.planned,
            )
            % {"n": _n(outcome.planned)}
        )
    reasons.append(
        ngettext(
            "%(n)s atelier proposé ce trimestre dans la commune",
            "%(n)s ateliers proposés ce trimestre dans la commune",
            outcome.proposed,
        )
        % {"n": _n(outcome.proposed)}
    )
    return reasons


def trip_reason(inputs: Inputs, assignment: planner.Assignment) -> str:
    mediator = inputs.mediators[assignment.mediator_id]
    return _("%(minutes)s minutes de trajet environ depuis %(home)s, où habite %(name)s") % {
        "minutes": _n(assignment.travel_minutes),
        "home": inputs.communes[mediator.home_commune_id].name,
        "name": mediator.user.display_name,
    }


def plan_notes(inputs: Inputs, plan: planner.Plan) -> list[str]:
    notes = []
    communes = inputs.communes
    regional = [pk for pk, s in inputs.seniors.items() if s.regional]
    if regional and inputs.regional_share is not None:
        share, year = inputs.regional_share
        notes.append(
            ngettext(
                "%(n)s commune n'a pas de chiffres par âge importés (%(names)s) : ses personnes de "
                "60 ans et plus sont estimées avec la part régionale (%(share)s %% en %(year)s) "
                "appliquée à sa population.",
                "%(n)s communes n'ont pas de chiffres par âge importés (%(names)s) : leurs "
                "personnes de 60 ans et plus sont estimées avec la part régionale (%(share)s %% en "
                "%(year)s) appliquée à leur population.",
                len(regional),
            )
            % {
                "n": len(regional),
                "names": _names(regional, communes),
                "share": number_format(round(share * 100, 1), 1),
                "year": year,
            }
        )
    unknown = [pk for pk, s in inputs.seniors.items() if s.count is None]
    if unknown:
        notes.append(
            _(
                "Nombre de personnes de 60 ans et plus inconnu (ni chiffres par âge, ni "
                "population) pour : %(names)s. Seules les demandes et l'activité passée y pèsent."
            )
            % {"names": _names(unknown, communes)}
        )
    if plan.without_venue:
        notes.append(
            _(
                "Aucun lieu publié n'accueille d'atelier collectif (places indiquées) à : "
                "%(names)s. Aucune proposition n'y est possible."
            )
            % {"names": _names(plan.without_venue, communes)}
        )
    limit = _n(inputs.problem.travel_limit_minutes)
    if plan.out_of_reach:
        notes.append(
            _(
                "Aucun médiateur actif qui y intervient n'habite à moins de %(limit)s minutes de : "
                "%(names)s."
            )
            % {"limit": limit, "names": _names(plan.out_of_reach, communes)}
        )
    if not inputs.mediators:
        notes.append(_("Aucun médiateur actif n'intervient sur ce territoire."))
    elif plan.idle_mediators:
        notes.append(
            ngettext(
                "%(n)s médiateur actif n'a pas de proposition : aucune commune avec un lieu à "
                "moins de %(limit)s minutes de chez lui, ou plus d'heures libres.",
                "%(n)s médiateurs actifs n'ont pas de proposition : aucune commune avec un lieu "
                "à moins de %(limit)s minutes de chez eux, ou plus d'heures libres.",
                len(plan.idle_mediators),
            )
            % {"n": len(plan.idle_mediators), "limit": limit}
        )
    if plan.status != "optimal":
        notes.append(
            _(
                "Le calcul s'est arrêté avant de prouver que ce plan est le meilleur : il respecte "
                "toutes les limites, mais un autre pourrait servir un peu mieux."
            )
        )
    notes.append(
        _(
            "Les trajets sont estimés en voiture depuis la commune où habite chaque médiateur, à "
            "vol d'oiseau entre les centres des communes allongé pour la route, avec une limite "
            "de %(limit)s minutes."
        )
        % {"limit": limit}
    )
    return notes


# ---------------------------------------------------------------- runs and decisions


def plan_run(
    *, actor: Actor, quarter_start: date, epci: Epci | None = None, now: datetime | None = None
) -> PlanRun:
    """Compute and keep the plan of the quarter, for all Martinique or one EPCI; an EPCI's staff
    plan their own territory. Runs in the request: a few seconds at Martinique's scale."""
    organisation = actor.organisation
    if not perms.can_plan(actor) or organisation is None:
        raise PermissionDenied(_("Seuls la fédération et les EPCI planifient les ateliers."))
    own = perms.own_epci_id(actor)
    if own is not None and not actor.is_federation:
        if epci is not None and epci.pk != own:
            raise PermissionDenied(_("Un EPCI planifie ses propres communes."))
        epci = Epci.objects.get(pk=own)
    now = now or timezone.now()
    if quarter_start != quarter_of(quarter_start):
        raise PlanningError(_("Choisissez un trimestre."), field="quarter")
    inputs = plan_inputs(quarter_start=quarter_start, epci=epci, now=now)
    if not inputs.weeks:
        raise PlanningError(
            _("Ce trimestre est terminé : choisissez-en un autre."), field="quarter"
        )
    plan = planner.solve(inputs.problem)
    reasons = {c: commune_reasons(inputs, o) for c, o in plan.communes.items() if o.proposed}
    with transaction.atomic():
        run = PlanRun.objects.create(
            quarter_start=quarter_start,
            epci=epci,
            requested_by=organisation,
            created_by=actor.user,
            solve_seconds=round(plan.build_seconds + plan.solve_seconds, 3),
            notes=plan_notes(inputs, plan),
        )
        PlanProposal.objects.bulk_create(
            PlanProposal(
                run=run,
                commune_id=a.commune_id,
                venue_id=a.venue_id,
                mediator_id=a.mediator_id,
                week_start=inputs.weeks[a.week],
                workshops=a.workshops,
                reasons=[*reasons[a.commune_id], trip_reason(inputs, a)],
            )
            for a in plan.assignments
        )
        audit_record(
            actor=actor,
            action="mediation.plan.run",
            obj=run,
            changes={"proposals": len(plan.assignments), "status": plan.status},
        )
    return run


def _locked(proposal: PlanProposal) -> PlanProposal:
    locked = (
        PlanProposal.objects.select_for_update()
        .select_related("venue__commune", "mediator__user", "run")
        .get(pk=proposal.pk)
    )
    if locked.status != ProposalStatus.PROPOSED:
        raise PlanningError(_("Cette proposition a déjà été traitée."))
    return locked


def proposal_times(proposal: PlanProposal, *, now: datetime) -> list[datetime]:
    """When its workshops would be: the venue's next free times that week (its opening hours if
    simple, else Tuesday 9:00 onwards), Martinique time, after now."""
    monday = proposal.week_start
    start = timezone.make_aware(datetime.combine(monday, time.min))
    there = Workshop.objects.filter(
        venue_id=proposal.venue_id,
        starts_at__gte=start,
        starts_at__lt=start + timedelta(days=7),
    ).exclude(status=Workshop.Status.CANCELLED)
    taken = {timezone.localtime(w.starts_at).replace(second=0, microsecond=0) for w in there}
    times = []
    for weekday, hour, minute in planner.week_slots(proposal.venue.opening_hours, WORKSHOP_MINUTES):
        moment = timezone.make_aware(
            datetime.combine(monday + timedelta(days=weekday), time(hour, minute))
        )
        if moment > now and moment not in taken:
            times.append(moment)
    if len(times) < proposal.workshops:
        raise PlanningError(
            _("Il ne reste pas assez d'horaires libres cette semaine dans ce lieu.")
        )
    return times[: proposal.workshops]


def proposal_accept(
    *, actor: Actor, proposal: PlanProposal, now: datetime | None = None
) -> list[Workshop]:
    """The proposal's workshops, as drafts of the actor's organisation, 2 hours each, with the
    mediator proposed; the organiser publishes them once the venue and the mediator agree."""
    if not perms.can_decide(actor, proposal):
        raise PermissionDenied(
            _("Seule l'organisation qui voit ce plan décide de ses propositions.")
        )
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(proposal)
        venue = locked.venue
        description = _("Proposé par le planificateur : %(reasons)s.") % {
            "reasons": " ; ".join(locked.reasons)
        }
        workshops = []
        try:
            for moment in proposal_times(locked, now=now):
                workshops.append(
                    workshop_create(
                        actor=actor,
                        data=WorkshopData(
                            title=_(WORKSHOP_TITLE),
                            level=Level.BEGINNER,
                            audience=Audience.SENIORS,
                            venue=venue,
                            starts_at=moment,
                            duration_minutes=WORKSHOP_MINUTES,
                            capacity=min(venue.capacity, WORKSHOP_SEATS),
                            description=description[:LONG_TEXT_MAX_LENGTH],
                            mediators=(locked.mediator,),
                        ),
                    )
                )
        except WorkshopError as error:
            raise PlanningError(error.message) from error
        locked.status = ProposalStatus.ACCEPTED
        locked.decided_at = now
        locked.decided_by = actor.user
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        locked.accepted_workshops.set(workshops)
        audit_record(
            actor=actor,
            action="mediation.plan.accept",
            obj=locked,
            changes={"workshops": [w.pk for w in workshops]},
        )
    return workshops


def proposal_dismiss(*, actor: Actor, proposal: PlanProposal) -> PlanProposal:
    if not perms.can_decide(actor, proposal):
        raise PermissionDenied(
            _("Seule l'organisation qui voit ce plan décide de ses propositions.")
        )
    with transaction.atomic():
        locked = _locked(proposal)
        locked.status = ProposalStatus.DISMISSED
        locked.decided_at = timezone.now()
        locked.decided_by = actor.user
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        audit_record(actor=actor, action="mediation.plan.dismiss", obj=locked)
    return locked
