"""Solution 5 (orientation and matching) in the menus and on the homes. No query in the menus."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lakou.core.actor import Actor
from lakou.core.navigation import HomePart, MenuEntry, NextStep, register_home, register_menu

PROFILE_PAGES = (
    "matching:profile_edit",
    "matching:profile_self_assessment",
    "matching:profile_import_questionnaire",
    "matching:profile_visibility",
)
SUGGESTION_PAGES = ("matching:suggestion_interest", "matching:companies_for_occupation")
ADVICE_PAGES = ("matching:advice_occupation", "matching:plan_save")
PLAN_PAGES = (
    "matching:plan_detail",
    "matching:plan_share",
    "matching:plan_delete",
)
MATCH_PAGES = ("matching:match_accept", "matching:match_decline", "matching:contact_answer")
CANDIDATE_PAGES = (
    "matching:candidates",
    "matching:contact_create",
    "matching:contacts_sent",
    "matching:match_incoming",
)


@register_menu
def orientation_menu(actor: Actor) -> list[MenuEntry]:
    """A person builds a profile, gets suggestions and advice and follows their matches; a
    company or a provider finds candidates for its offers and sessions; an active mediator and
    the federation read the plans people shared with advisers."""
    group = _("Orientation")
    if actor.is_person:
        return [
            MenuEntry(
                _("Mon profil d'orientation"),
                reverse("matching:profile"),
                order=40,
                views=PROFILE_PAGES,
                group=group,
            ),
            MenuEntry(
                _("Propositions pour moi"),
                reverse("matching:suggestions"),
                order=40,
                views=SUGGESTION_PAGES,
                group=group,
            ),
            MenuEntry(
                _("Conseils d'orientation"),
                reverse("matching:advice"),
                order=40,
                views=ADVICE_PAGES,
                group=group,
            ),
            MenuEntry(
                _("Mes plans"),
                reverse("matching:plan_mine"),
                order=40,
                views=PLAN_PAGES,
                group=group,
            ),
            MenuEntry(
                _("Mes mises en relation"),
                reverse("matching:match_mine"),
                order=40,
                views=MATCH_PAGES,
                group=group,
            ),
        ]
    if actor.is_company or actor.is_provider:
        return [
            MenuEntry(
                _("Candidats"),
                reverse("matching:opportunities_mine"),
                order=41,
                views=CANDIDATE_PAGES,
            )
        ]
    if actor.is_federation or (actor.is_association and _is_active_mediator(actor)):
        return [
            MenuEntry(
                _("Plans d'orientation partagés"),
                reverse("matching:plan_shared"),
                order=61,
                views=("matching:plan_adviser", "matching:plan_propose"),
                group=_("Médiation numérique"),
            )
        ]
    return []


def _is_active_mediator(actor: Actor) -> bool:
    """Read from the user's reverse one-to-one, which the mediation menu has already fetched for
    an association's member (cached on the instance): no second query."""
    mediator = getattr(actor.user, "mediator", None) if actor.user is not None else None
    return mediator is not None and mediator.status == "active"


@register_menu
def indicators_menu(actor: Actor) -> list[MenuEntry]:
    if not (actor.is_federation or actor.is_epci):
        return []
    return [
        MenuEntry(
            _("Indicateurs orientation"),
            reverse("matching:indicators"),
            order=64,
            group=_("Indicateurs"),
        )
    ]


@register_home
def orientation_home(actor: Actor) -> HomePart:
    """A person's next step: build the profile, then see what Lakou suggests. No query."""
    if not actor.is_person:
        return HomePart()
    return HomePart(
        steps=[
            NextStep(
                title=_("Trouver une formation, un stage ou un emploi"),
                description=_(
                    "Remplissez votre profil d'orientation : Lakou vous propose des formations, "
                    "des stages et des emplois près de chez vous, et vous dit pourquoi."
                ),
                url=reverse("matching:suggestions"),
                order=15,
            )
        ]
    )
