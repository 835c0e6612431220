"""The enrolment box of the session page and the roster's action buttons."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lakou.core.actor import ANONYMOUS, Actor
from lakou.training.forms.enrolment import EnrolmentRequestForm
from lakou.training.models import Enrolment, Session
from lakou.training.perms import enrolment as perms
from lakou.training.services.enrolment import (
    ACTIONS,
    can_move,
    latest_enrolment,
    open_for_requests,
    roster_counts,
)

register = template.Library()

# Sessions ended less than this many days ago still show on the provider's list (to complete).
RECENT_DAYS = 90

# The roster's one-click buttons; refusing (with a reason) and cancelling have their own forms.
BUTTONS: dict[str, Any] = {
    "accept": _("Accepter"),
    "waitlist": _("Liste d'attente"),
    "attend": _("En formation"),
    "complete": _("Formation terminée"),
    "drop": _("Abandon"),
}


@register.inclusion_tag("training/enrolment/box.html", takes_context=True)
def enrolment_box(context: template.Context, session: Session) -> dict[str, Any]:
    """What the session page shows about enrolling: the form, the person's status, the roster."""
    request = context.get("request")
    actor: Actor = getattr(request, "actor", ANONYMOUS)
    user_id = actor.user.pk if actor.user is not None else None
    enrolment = latest_enrolment(session, user_id)
    live = enrolment is not None and enrolment.status not in Enrolment.CLOSED_STATUSES
    manages = perms.can_manage_enrolments(actor, session)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "session": session,
        "actor": actor,
        "enrolment": enrolment,
        "can_request": open_for_requests(session) and not live,
        "can_cancel": enrolment is not None and can_move(enrolment, Enrolment.Status.CANCELLED),
        "form": EnrolmentRequestForm(
            auto_id="enrol_%s",
            initial={"first_name": actor.user.first_name, "last_name": actor.user.last_name}
            if actor.user is not None
            else {},
        ),
        "manages": manages,
        "counts": roster_counts(session) if manages else None,
    }


@register.simple_tag
def enrolment_buttons(enrolment: Enrolment) -> list[tuple[str, Any]]:
    """The one-click actions the enrolment's status allows, as (action, label)."""
    return [
        (action, label) for action, label in BUTTONS.items() if can_move(enrolment, ACTIONS[action])
    ]


@register.filter
def can_become(enrolment: Enrolment, status: str) -> bool:
    return can_move(enrolment, status)


@register.simple_tag
def sessions_with_rosters(programmes: Any) -> dict[int, list[Session]]:
    """Recent and upcoming sessions of the listed programmes, by programme, in one query."""
    ids = [programme.pk for programme in programmes]
    since = timezone.localdate() - timedelta(days=RECENT_DAYS)
    by_programme: dict[int, list[Session]] = {pk: [] for pk in ids}
    sessions = (
        Session.objects.filter(programme_id__in=ids, ends_on__gte=since)
        .not_cancelled()
        .annotate(
            taken=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEAT_STATUSES)),
            pending=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.REQUESTED)),
        )
        .order_by("starts_on", "pk")
    )
    for session in sessions:
        by_programme[session.programme_id].append(session)
    return by_programme


@register.filter
def sessions_of(by_programme: dict[int, list[Session]], programme_id: int) -> list[Session]:
    return by_programme.get(programme_id, [])
