"""Solution 3 (partnerships) in the menus and on the homes of each role, one function per area."""

from __future__ import annotations

from django.db.models import Count, Q
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
from lakou.partnerships.models import Action, Event, Juror, Participant

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
    """No query: pages count their queries exactly. Organisers other than the federation reach
    their events from each event's page ("Gérer l'événement")."""
    entries = [
        MenuEntry(
            _("Concours et hackathons"),
            reverse("partnerships:event_list"),
            order=56,
            views=EVENT_PAGES,
        )
    ]
    if actor.user is not None:
        # A person takes part; a member of an organisation may sit on a jury.
        entries.append(
            MenuEntry(
                _("Mes hackathons"),
                reverse("partnerships:event_mine"),
                order=25 if actor.is_person else 57,
                views=PARTICIPANT_PAGES,
            )
        )
    if actor.is_federation:
        entries.append(
            MenuEntry(
                _("Hackathons organisés"),
                reverse("partnerships:event_manage_list"),
                order=35,
                views=ORGANISER_PAGES,
            )
        )
    return entries


@register_home
def events_home(actor: Actor) -> HomePart:
    """A person's ongoing events and juries, or an invitation to take part: one query."""
    if not actor.is_person or actor.user is None:
        return HomePart()
    now = timezone.now()
    ongoing = Q(results_published_at__isnull=True)
    counts = Event.objects.aggregate(
        taking_part=Count(
            "pk",
            filter=ongoing
            & Q(pk__in=Participant.objects.filter(user_id=actor.user.pk).values("event_id")),
        ),
        judging=Count(
            "pk",
            filter=ongoing
            & Q(submission_deadline__lte=now)
            & Q(pk__in=Juror.objects.filter(user_id=actor.user.pk).values("event_id")),
        ),
        open=Count(
            "pk",
            filter=Q(registration_opens_at__lte=now, registration_closes_at__gt=now)
            & Q(action__is_public=True)
            & ~Q(action__status=Action.Status.CANCELLED),
        ),
    )
    items: list[LiveItem] = []
    steps: list[NextStep] = []
    if counts["taking_part"]:
        items.append(
            LiveItem(
                label=ngettext(
                    "%(count)s hackathon ou concours en cours",
                    "%(count)s hackathons ou concours en cours",
                    counts["taking_part"],
                )
                % {"count": counts["taking_part"]},
                url=reverse("partnerships:event_mine"),
                count=counts["taking_part"],
                order=45,
            )
        )
    elif counts["open"]:
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
    if counts["judging"]:
        items.append(
            LiveItem(
                label=ngettext(
                    "%(count)s jury à tenir", "%(count)s jurys à tenir", counts["judging"]
                )
                % {"count": counts["judging"]},
                url=reverse("partnerships:event_mine"),
                count=counts["judging"],
                order=46,
            )
        )
    return HomePart(items=items, steps=steps)
