"""The skill frameworks in every menu and home."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lakou.core.actor import Actor
from lakou.core.navigation import HomePart, MenuEntry, NextStep, register_home, register_menu


@register_menu
def menu(actor: Actor) -> list[MenuEntry]:
    return [MenuEntry(_("Compétences"), reverse("skills:index"), order=85, views=("skills:*",))]


@register_home
def home(actor: Actor) -> HomePart:
    return HomePart(
        steps=[
            NextStep(
                _("Consulter les référentiels de compétences"),
                _("DigComp 2.2, e-CF et les métiers du numérique du ROME 4.0."),
                reverse("skills:index"),
                order=85,
            )
        ]
    )
