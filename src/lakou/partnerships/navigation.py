"""Solution 3 (partnerships) in the menus and on the homes of each role, one function per area."""

from __future__ import annotations

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
from lakou.partnerships.models import Event, Juror, Participant

# ---------------------------------------------------------------- events

EVENT_PAGES = ("partnerships:event_detail", "partnerships:event_register")
PARTICIPANT_PAGES = (
    "partnerships:event_my_team",
    "partnerships:event_submission",
    "partnerships:event_team_leave",
    "partnerships:event_jury",
    "partnerships:event_jury_score",
)
ORGANISER_PAGES = ("partnerships:event_manage", "partnerships:event_results_publish")


@register_menu
def events_menu(actor: Actor) -> list[MenuEntry]:
    public = MenuEntry(
        _("Concours et hackathons"), reverse("partnerships:event_list"), order=56, views=EVENT_PAGES
    )
    if actor.user is None:
        return [public]
    if actor.is_person:
        return [
            MenuEntry(
                _("Mes hackathons"),
                reverse("partnerships:event_mine"),
                order=25,
                views=PARTICIPANT_PAGES,
            ),
            public,
        ]
    if actor.is_federation or Event.objects.managed_by(actor).exists():
        return [
            MenuEntry(
                _("Hackathons organisés"),
                reverse("partnerships:event_manage_list"),
                order=35,
                views=ORGANISER_PAGES,
            ),
            public,
        ]
    return [public]


@register_home
def events_home(actor: Actor) -> HomePart:
    if actor.user is None:
        return HomePart()
    items: list[LiveItem] = []
    steps: list[NextStep] = []
    if actor.is_person:
        ongoing = (
            Participant.objects.of_user(actor.user.pk)
            .filter(event__results_published_at__isnull=True)
            .count()
        )
        if ongoing:
            items.append(
                LiveItem(
                    label=ngettext(
                        "%(count)s hackathon ou concours en cours",
                        "%(count)s hackathons ou concours en cours",
                        ongoing,
                    )
                    % {"count": ongoing},
                    url=reverse("partnerships:event_mine"),
                    count=ongoing,
                    order=45,
                )
            )
        elif Event.objects.public().filter(registration_closes_at__gt=timezone.now()).exists():
            steps.append(
                NextStep(
                    title=_("Relever un défi en équipe"),
                    description=_(
                        "Des concours et hackathons ouverts à tous : inscrivez-vous, formez une "
                        "équipe, présentez votre projet au jury."
                    ),
                    url=reverse("partnerships:event_list"),
                    order=60,
                )
            )
    juries = (
        Juror.objects.filter(user_id=actor.user.pk)
        .filter(Q(event__results_published_at__isnull=True))
        .filter(event__submission_deadline__lte=timezone.now())
        .count()
    )
    if juries:
        items.append(
            LiveItem(
                label=ngettext("%(count)s jury à tenir", "%(count)s jurys à tenir", juries)
                % {"count": juries},
                url=reverse("partnerships:event_mine"),
                count=juries,
                order=46,
            )
        )
    return HomePart(items=items, steps=steps)
