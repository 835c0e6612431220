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
