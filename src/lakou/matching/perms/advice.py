"""Who sees orientation advice and saved plans.

A person reads their own advice and plans. An adviser — federation staff or an active mediator —
sees a person's plan only while the person shares it (`shared_with_advisers`); withdrawing the
consent hides it at once, since every read filters on it. Anyone else: 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lakou.matching.models import Profile, SavedPlan
from lakou.mediation.models import Mediator, MediatorStatus

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from lakou.core.actor import Actor


def own_profile(actor: Actor) -> Profile | None:
    """The actor's own orientation profile, when they act for themselves."""
    if actor.user is None:
        return None
    return (
        Profile.objects.filter(user_id=actor.user.pk)
        .select_related("commune")
        .defer("commune__boundary")
        .first()
    )


def is_adviser(actor: Actor) -> bool:
    """Federation staff, or an active mediator (whatever organisation they act for)."""
    if actor.user is None:
        return False
    if actor.is_federation:
        return True
    return Mediator.objects.filter(user_id=actor.user.pk, status=MediatorStatus.ACTIVE).exists()


def own_plans(actor: Actor) -> QuerySet[SavedPlan]:
    if actor.user is None:
        return SavedPlan.objects.none()
    return SavedPlan.objects.filter(profile__user_id=actor.user.pk)


def shared_plans(actor: Actor) -> QuerySet[SavedPlan]:
    """The plans an adviser may read: those their owners share now; nothing for anyone else."""
    if not is_adviser(actor):
        return SavedPlan.objects.none()
    return SavedPlan.objects.filter(shared_with_advisers=True)
