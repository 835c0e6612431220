"""The checks an act passes before it can be paid, asked in bulk (a month of a mediator's acts, a
statement) in a fixed number of queries:

- no two live acts of one mediator overlap in time (a workshop's act included);
- a collective act in a venue is not above the venue's capacity;
- an act logged more than `MEDIATION_ACT_LATE_DAYS` days after its (Martinique) date waits for a
  coordinator's approval.

Each problem is a French sentence, shown where the act is listed and on the statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.mediation.models import ACT_MAX_MINUTES, Act, ActKind, PlaceType


def late_days(act: Act) -> int:
    """How many days after the act's day it was logged (Martinique dates)."""
    logged = timezone.localdate(act.logged_at) if act.logged_at else timezone.localdate()
    return (logged - timezone.localdate(act.starts_at)).days


def is_late(act: Act) -> bool:
    return late_days(act) > settings.MEDIATION_ACT_LATE_DAYS


def act_problems_many(acts: Sequence[Act]) -> dict[int, list[str]]:
    """For each act (by pk), what stops it from being paid; an empty list when nothing does.
    One query for the neighbours of all the acts, whatever their number; `venue` should be
    selected with the acts."""
    problems: dict[int, list[str]] = {act.pk: [] for act in acts}
    if not acts:
        return problems
    mediator_ids = {act.mediator_id for act in acts}
    earliest = min(act.starts_at for act in acts) - timedelta(minutes=ACT_MAX_MINUTES)
    latest = max(act.ends_at for act in acts)
    neighbours = defaultdict(list)
    for other in (
        Act.objects.live()
        .filter(mediator_id__in=mediator_ids, starts_at__gte=earliest, starts_at__lt=latest)
        .only("pk", "mediator_id", "starts_at", "duration_minutes")
    ):
        neighbours[other.mediator_id].append(other)
    for act in acts:
        found = problems[act.pk]
        clashes = [
            other
            for other in neighbours[act.mediator_id]
            if other.pk != act.pk
            and other.starts_at < act.ends_at
            and act.starts_at < other.ends_at
        ]
        if clashes:
            first = timezone.localtime(min(clashes, key=lambda o: o.starts_at).starts_at)
            found.append(
                _("Chevauche un autre acte du même médiateur (le %(date)s à %(time)s).")
                % {"date": first.strftime("%d/%m/%Y"), "time": first.strftime("%H:%M")}
            )
        if (
            act.kind == ActKind.COLLECTIVE
            and act.place_type == PlaceType.VENUE
            and act.venue is not None
            and act.participants > act.venue.capacity
        ):
            found.append(
                _("%(count)s participants, plus que les %(capacity)s places du lieu.")
                % {"count": act.participants, "capacity": act.venue.capacity}
            )
        if act.late_approved_at is None and is_late(act):
            found.append(
                _(
                    "Saisi %(days)s jours après l'acte : un coordinateur doit accepter ce retard "
                    "(au-delà de %(limit)s jours)."
                )
                % {"days": late_days(act), "limit": settings.MEDIATION_ACT_LATE_DAYS}
            )
    return problems


def act_problems(act: Act) -> list[str]:
    return act_problems_many([act])[act.pk]
