"""The territory in every menu and home."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lakou.core.actor import Actor
from lakou.core.navigation import HomePart, MenuEntry, NextStep, register_home, register_menu


@register_menu
def menu(actor: Actor) -> list[MenuEntry]:
    return [
        MenuEntry(_("Territoire"), reverse("territory:overview"), order=80, views=("territory:*",))
    ]


@register_home
def home(actor: Actor) -> HomePart:
    return HomePart(
        steps=[
            NextStep(
                _("Explorer le territoire"),
                _(
                    "La carte des 34 communes et des 3 communautés d'agglomération, avec leur "
                    "population."
                ),
                reverse("territory:overview"),
                order=80,
            )
        ]
    )
