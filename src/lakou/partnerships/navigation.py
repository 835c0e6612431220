"""Solution 3 (partnerships) in the menus and on the homes of each role."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lakou.core.actor import Actor
from lakou.core.navigation import HomePart, LiveItem, MenuEntry, register_home, register_menu
from lakou.partnerships.services.agreements import (
    accepted_without_agreement,
    waiting_for_signature,
)

AGREEMENT_VIEWS = (
    "partnerships:agreement_detail",
    "partnerships:agreement_create",
    "partnerships:agreement_edit",
    "partnerships:agreement_submit",
    "partnerships:agreement_sign",
    "partnerships:agreement_back_to_draft",
    "partnerships:agreement_break_off",
)


@register_menu
def agreements(actor: Actor) -> list[MenuEntry]:
    if not (actor.is_company or actor.is_provider or actor.is_federation or actor.is_person):
        return []
    entries = [
        MenuEntry(
            _("Conventions"),
            reverse("partnerships:agreement_list"),
            order=46,
            views=AGREEMENT_VIEWS,
        )
    ]
    if actor.is_company:
        entries.append(
            MenuEntry(
                _("Mes stagiaires et apprentis"),
                reverse("partnerships:agreement_placements"),
                order=47,
            )
        )
    elif actor.is_provider:
        entries.append(
            MenuEntry(
                _("Stages de mes apprenants"),
                reverse("partnerships:agreement_placements"),
                order=47,
            )
        )
    return entries


@register_home
def agreements_home(actor: Actor) -> HomePart:
    if not (actor.is_company or actor.is_provider or actor.is_person):
        return HomePart()
    url = reverse("partnerships:agreement_list")
    waiting = waiting_for_signature(actor).count()
    items = [
        LiveItem(
            label=ngettext(
                "convention attend votre signature",
                "conventions attendent votre signature",
                waiting,
            ),
            url=url,
            count=waiting,
            detail=_("Le stagiaire ou l'apprenti, l'entreprise et l'école signent chacun."),
            order=30,
        )
    ]
    if actor.is_company:
        to_establish = accepted_without_agreement(actor).count()
        items.append(
            LiveItem(
                label=ngettext(
                    "candidature acceptée sans convention",
                    "candidatures acceptées sans convention",
                    to_establish,
                ),
                url=url,
                count=to_establish,
                detail=_("Établissez la convention à partir de la candidature acceptée."),
                order=31,
            )
        )
    return HomePart(items=items)
