"""Solution 3 (partnerships) in the menus and on the homes of each role, one function per area."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
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
from lakou.partnerships.models import Action

# ---------------------------------------------------------------- actions

ACTION_VIEWS = (
    "partnerships:action_create",
    "partnerships:action_detail",
    "partnerships:action_edit",
    "partnerships:action_held",
    "partnerships:action_cancel",
    "partnerships:partner_add",
    "partnerships:partner_remove",
    "partnerships:contribution_add",
    "partnerships:contribution_remove",
    "partnerships:statements",
    "partnerships:statement",
)
NEXT_ACTIONS_SHOWN = 3


@register_menu
def actions_menu(actor: Actor) -> list[MenuEntry]:
    indicators = MenuEntry(
        _("Indicateurs partenariats"), reverse("partnerships:indicators"), order=62
    )
    if actor.organisation_id is not None:
        entries = [
            MenuEntry(
                _("Actions de partenariat"),
                reverse("partnerships:action_list"),
                order=30,
                views=ACTION_VIEWS,
            )
        ]
        if actor.is_federation or actor.is_epci:
            entries.append(indicators)
        return entries
    return [
        MenuEntry(
            _("Agenda des partenariats"),
            reverse("partnerships:calendar"),
            order=45,
            views=("partnerships:action_detail",),
        )
    ]


@register_home
def actions_home(actor: Actor) -> HomePart:
    if actor.organisation_id is None:
        return HomePart(
            steps=[
                NextStep(
                    _("Agenda des partenariats"),
                    _(
                        "Concours, hackathons, job datings et interventions d'experts près de chez vous."
                    ),
                    reverse("partnerships:calendar"),
                    order=45,
                )
            ]
        )
    now = timezone.now()
    actions = Action.objects.all()
    if not actor.is_federation:
        actions = actions.filter(organisers=actor.organisation_id)
    counts = actions.aggregate(
        to_close=Count("pk", filter=Q(status=Action.Status.PLANNED, ends_at__lt=now)),
        upcoming=Count("pk", filter=Q(status=Action.Status.PLANNED, starts_at__gte=now)),
    )
    upcoming = list(
        actions.planned()
        .filter(starts_at__gte=now)
        .order_by("starts_at", "pk")[:NEXT_ACTIONS_SHOWN]
    )
    list_url = reverse("partnerships:action_list")
    mine = not actor.is_federation
    items = [
        LiveItem(
            label=ngettext("action à clôturer", "actions à clôturer", counts["to_close"]),
            url=list_url
            + "?"
            + urlencode({"status": "to_close", **({"mine": "on"} if mine else {})}),
            count=counts["to_close"],
            detail=_(
                "Terminées mais encore « prévues » : marquez-les réalisées, avec le bilan, ou annulées."
            ),
            order=30,
        ),
        LiveItem(
            label=ngettext("action prévue", "actions prévues", counts["upcoming"]),
            url=list_url
            + "?"
            + urlencode({"status": "planned", **({"mine": "on"} if mine else {})}),
            count=counts["upcoming"],
            detail=_("Les prochaines :") if upcoming else "",
            links=tuple(
                (
                    _("%(title)s, le %(date)s")
                    % {
                        "title": action.title,
                        "date": date_format(timezone.localtime(action.starts_at), "j F Y"),
                    },
                    action.get_absolute_url(),
                )
                for action in upcoming
            ),
            empty=_("Aucune action de partenariat prévue."),
            empty_link=_("Voir les actions de partenariat"),
            order=31,
        ),
    ]
    steps = [
        NextStep(
            _("Actions de partenariat"),
            _(
                "Proposer une action, ajouter ses partenaires et leurs apports, enregistrer son bilan."
            ),
            list_url,
            order=30,
        ),
        NextStep(
            _("Relevés annuels des apports"),
            _("Ce que chaque partenaire a apporté dans l'année, en PDF et en tableur."),
            reverse("partnerships:statements"),
            order=31,
        ),
    ]
    return HomePart(items=items, steps=steps)
