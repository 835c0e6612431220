"""Solution 4 (mediation) in the menus and on the homes, one function per area."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lakou.core.actor import Actor
from lakou.core.navigation import MenuEntry, register_menu

VENUE_PAGES = ("mediation:venue_list", "mediation:venue_detail")


@register_menu
def venues_menu(actor: Actor) -> list[MenuEntry]:
    """Everyone finds where to get help; no query."""
    return [
        MenuEntry(
            _("Lieux d'aide au numérique"),
            reverse("mediation:venue_list"),
            order=58,
            views=VENUE_PAGES,
            group=_("Médiation numérique"),
        )
    ]


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
