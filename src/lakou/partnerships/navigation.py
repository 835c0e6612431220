"""Solution 3 (partnerships) in the menus and on the homes of each role, one function per area."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
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
from lakou.partnerships.models import MenteeRequest, MentoringPair

# ---------------------------------------------------------------- mentoring

MENTORING_MINE_VIEWS = (
    "partnerships:mentoring_mentor_profile",
    "partnerships:mentoring_request",
    "partnerships:mentoring_request_withdraw",
    "partnerships:mentoring_pair",
    "partnerships:mentoring_pair_end",
)
MENTORING_FEDERATION_VIEWS = (
    "partnerships:mentoring_pairs",
    "partnerships:mentoring_pair_create",
    "partnerships:mentoring_pair",
    "partnerships:mentoring_pair_end",
)


@register_menu
def mentoring_menu(actor: Actor) -> list[MenuEntry]:
    if actor.is_federation:
        return [
            MenuEntry(
                _("Mentorat"),
                reverse("partnerships:mentoring_suggestions"),
                order=30,
                views=MENTORING_FEDERATION_VIEWS,
            )
        ]
    if actor.is_company or actor.is_person:
        return [
            MenuEntry(
                _("Mentorat"),
                reverse("partnerships:mentoring_mine"),
                order=30,
                views=MENTORING_MINE_VIEWS,
            )
        ]
    return []


@register_home
def mentoring_home(actor: Actor) -> HomePart:
    if actor.is_federation:
        counts = MenteeRequest.objects.aggregate(
            waiting=Count("pk", filter=Q(status=MenteeRequest.Status.OPEN))
        )
        waiting = counts["waiting"]
        return HomePart(
            items=[
                LiveItem(
                    label=ngettext(
                        "demande de mentorat en attente", "demandes de mentorat en attente", waiting
                    ),
                    url=reverse("partnerships:mentoring_suggestions"),
                    count=waiting,
                    detail=_("Lakou vous suggère un mentor pour chacune, avec ses raisons."),
                    empty=_("Aucune demande de mentorat n'attend de mentor."),
                    empty_link=_("Voir les binômes"),
                    order=30,
                )
            ],
            steps=[
                NextStep(
                    _("Mentorat"),
                    _("Former les binômes mentor – mentoré à partir des suggestions."),
                    reverse("partnerships:mentoring_suggestions"),
                    order=30,
                )
            ],
        )
    if actor.user is None or not (actor.is_company or actor.is_person):
        return HomePart()
    mine = Q(mentee__learner_id=actor.user.pk)
    if actor.is_company:
        mine = Q(mentor__user_id=actor.user.pk, mentor__organisation_id=actor.organisation_id)
    active = MentoringPair.objects.active().filter(mine).count()
    return HomePart(
        items=[
            LiveItem(
                label=ngettext(
                    "binôme de mentorat en cours", "binômes de mentorat en cours", active
                ),
                url=reverse("partnerships:mentoring_mine"),
                count=active,
                detail=_("Vos rencontres se notent sur la page du binôme."),
                order=30,
            )
        ],
        steps=[
            NextStep(
                _("Mentorat"),
                _("Devenir mentor d'un apprenant du territoire.")
                if actor.is_company
                else _("Être accompagné par un mentor d'une entreprise de Martinique."),
                reverse("partnerships:mentoring_mine"),
                order=30,
            )
        ],
    )
