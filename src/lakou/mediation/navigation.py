"""Solution 4 (mediation) in the menus and on the homes, one function per area."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lakou.core.actor import Actor
from lakou.core.navigation import (
    HomePart,
    LiveItem,
    MenuEntry,
    NextStep,
    register_home,
    register_menu,
)
from lakou.mediation.models import Act, MediatorStatus, Workshop
from lakou.mediation.perms import planning as planning_perms
from lakou.mediation.perms import venues as venue_perms
from lakou.mediation.perms import workshops as workshop_perms

VENUE_PAGES = ("mediation:venue_list", "mediation:venue_detail")
KEEPER_PAGES = ("mediation:venue_create", "mediation:venue_edit")


@register_menu
def venues_menu(actor: Actor) -> list[MenuEntry]:
    """Everyone finds where to get help; the organisations that keep venues, their own. No query."""
    entries = [
        MenuEntry(
            _("Lieux d'aide au numérique"),
            reverse("mediation:venue_list"),
            order=58,
            views=VENUE_PAGES,
            group=_("Médiation numérique"),
        )
    ]
    if venue_perms.can_keep_venues(actor):
        entries.append(
            MenuEntry(
                _("Mes lieux de médiation"),
                reverse("mediation:venue_mine"),
                order=58,
                views=KEEPER_PAGES,
                group=_("Médiation numérique"),
            )
        )
    return entries


WORKSHOP_PAGES = ("mediation:workshop_detail", "mediation:registration_cancel")
ORGANISER_PAGES = (
    "mediation:workshop_create",
    "mediation:workshop_edit",
    "mediation:workshop_cancel",
    "mediation:workshop_roster",
)


@register_menu
def workshops_menu(actor: Actor) -> list[MenuEntry]:
    """Everyone finds the coming workshops; the organisations that plan them, theirs. No query:
    a mediator reaches the workshops they lead from their home and each workshop's page."""
    group = _("Médiation numérique")
    entries = [
        MenuEntry(
            _("Ateliers numériques"),
            reverse("mediation:workshop_list"),
            order=58,
            views=WORKSHOP_PAGES,
            group=group,
        )
    ]
    if workshop_perms.can_organise(actor):
        entries.append(
            MenuEntry(
                _("Mes ateliers"),
                reverse("mediation:workshop_mine"),
                order=58,
                views=ORGANISER_PAGES,
                group=group,
            )
        )
    return entries


MEDIATOR_PAGES = ("mediation:mediator_detail", "mediation:mediator_move")


@register_menu
def mediators_menu(actor: Actor) -> list[MenuEntry]:
    """The public application for visitors and persons; the network's list for the federation
    and the EPCI (theirs: the mediators serving their communes). No query."""
    group = _("Médiation numérique")
    if actor.is_federation or actor.is_epci:
        return [
            MenuEntry(
                _("Médiateurs"),
                reverse("mediation:mediator_list"),
                order=59,
                views=MEDIATOR_PAGES,
                group=group,
            )
        ]
    if actor.user is None or actor.is_person:
        return [
            MenuEntry(
                _("Devenir médiateur ou médiatrice"),
                reverse("mediation:mediator_apply"),
                order=59,
                views=("mediation:mediator_apply_done",),
                group=group,
            )
        ]
    return []


@register_home
def workshops_home(actor: Actor) -> HomePart:
    """The coming workshops the actor's organisation plans and those they lead: one query. A
    person sees the item only if they lead one (a mediator without an organisation)."""
    if actor.user is None:
        return HomePart()
    organises = workshop_perms.can_organise(actor) and actor.organisation_id is not None
    mine = Q(mediators__user_id=actor.user.pk)
    if organises and not actor.is_federation:
        mine |= Q(organiser_id=actor.organisation_id)
    coming = Workshop.objects.exclude(status=Workshop.Status.CANCELLED).filter(
        starts_at__gte=timezone.now()
    )
    if not actor.is_federation:
        coming = coming.filter(mine)
    count = coming.values("pk").distinct().count()
    if not count and not organises:
        return HomePart()
    return HomePart(
        items=[
            LiveItem(
                label=ngettext("atelier à venir", "ateliers à venir", count),
                url=reverse("mediation:workshop_mine"),
                count=count,
                detail=_("Inscrits, liste d'attente, feuille d'émargement et présence du jour."),
                empty=_("Aucun atelier prévu pour l'instant."),
                empty_link=_("Prévoir un atelier"),
                order=30,
            )
        ]
    )


ACT_PAGES = (
    "mediation:act_create",
    "mediation:act_saved",
    "mediation:act_edit",
    "mediation:act_withdraw",
)
REVIEW_PAGES = ("mediation:act_late_approve",)
STATEMENT_PAGES = (
    "mediation:statement_prepare",
    "mediation:statement_detail",
    "mediation:statement_refresh",
    "mediation:statement_validate",
    "mediation:statement_pay",
    "mediation:rate_list",
    "mediation:rate_create",
)
PLANNER_PAGES = (
    "mediation:plan_detail",
    "mediation:plan_proposal_accept",
    "mediation:plan_proposal_dismiss",
)


def _is_mediator(actor: Actor) -> bool:
    """Whether the actor has a mediator record. Asked only of a person acting for themselves
    and of an association's member — where mediators work — so that the other roles' pages
    pay nothing; one query, cached on the user for the request (Django keeps a reverse
    one-to-one, or its absence, on the instance)."""
    if actor.user is None or not (actor.is_person or actor.is_association):
        return False
    return getattr(actor.user, "mediator", None) is not None


@register_menu
def network_menu(actor: Actor) -> list[MenuEntry]:
    """A mediator's own acts and statements; the coordinators' review, statements (the rate
    table is reached from them) and planner."""
    group = _("Médiation numérique")
    entries: list[MenuEntry] = []
    coordinates = actor.is_federation or (actor.is_epci and actor.organisation_id is not None)
    if coordinates:
        entries.append(
            MenuEntry(
                _("Actes à vérifier"),
                reverse("mediation:act_review"),
                order=60,
                views=REVIEW_PAGES,
                group=group,
            )
        )
        entries.append(
            MenuEntry(
                _("Relevés mensuels"),
                reverse("mediation:statement_list"),
                order=60,
                views=STATEMENT_PAGES,
                group=group,
            )
        )
    if planning_perms.can_plan(actor):
        entries.append(
            MenuEntry(
                _("Planificateur d'ateliers"),
                reverse("mediation:plan_list"),
                order=60,
                views=PLANNER_PAGES,
                group=group,
            )
        )
    if _is_mediator(actor):
        entries.append(
            MenuEntry(
                _("Mes actes"),
                reverse("mediation:act_mine"),
                order=60,
                views=ACT_PAGES,
                group=group,
            )
        )
        if not coordinates:
            entries.append(
                MenuEntry(
                    _("Mes relevés"),
                    reverse("mediation:statement_list"),
                    order=60,
                    views=STATEMENT_PAGES,
                    group=group,
                )
            )
    return entries


@register_menu
def indicators_menu(actor: Actor) -> list[MenuEntry]:
    """Indicator 4 with the other indicators, for the federation and the EPCI; the public reaches
    it from the workshops list. No query."""
    if not (actor.is_federation or actor.is_epci):
        return []
    return [
        MenuEntry(
            _("Indicateurs médiation"),
            reverse("mediation:indicators"),
            order=63,
            group=_("Indicateurs"),
        )
    ]


@register_home
def acts_home(actor: Actor) -> HomePart:
    """A mediator's acts of the current month (one query, the mediator's own record being cached
    by the menu), and for an active one the next step: log an act."""
    if not _is_mediator(actor):
        return HomePart()
    assert actor.user is not None
    mediator = actor.user.mediator
    today = timezone.localdate()
    month_start = timezone.make_aware(datetime.combine(today.replace(day=1), time.min))
    count = Act.objects.live().filter(mediator=mediator, starts_at__gte=month_start).count()
    steps = []
    if mediator.status == MediatorStatus.ACTIVE:
        steps.append(
            NextStep(
                title=_("Noter un acte"),
                description=_("Une aide, une démarche, un rendez-vous : moins d'une minute."),
                url=reverse("mediation:act_create"),
                order=20,
            )
        )
    return HomePart(
        items=[
            LiveItem(
                label=ngettext("acte noté ce mois-ci", "actes notés ce mois-ci", count),
                url=reverse("mediation:act_mine"),
                count=count,
                detail=_("Ce qui empêche un acte d'être payé est dit à côté de lui."),
                empty=_("Aucun acte noté ce mois-ci."),
                empty_link=_("Mes actes"),
                order=31,
            )
        ],
        steps=steps,
    )
