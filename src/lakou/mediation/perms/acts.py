"""Who logs, corrects, withdraws and reviews mediation acts.

A mediator logs and corrects their own acts. The coordinators review them: the federation all
acts, an EPCI's staff the acts of the mediators whose `funder` is their EPCI organisation (the
same organisation validates those mediators' statements; docs/mediation/actes.md)."""

from __future__ import annotations

from django.db.models import Q

from lakou.core.actor import Actor
from lakou.mediation.models import Act, Mediator, MediatorStatus


def own_mediator(actor: Actor) -> Mediator | None:
    """The actor's mediator record, whatever its status (a paused mediator still reads their acts)."""
    if actor.user is None:
        return None
    return Mediator.objects.filter(user_id=actor.user.pk).first()


def can_log(mediator: Mediator | None) -> bool:
    return mediator is not None and mediator.status == MediatorStatus.ACTIVE


def can_coordinate(actor: Actor) -> bool:
    """The federation and the EPCI staff review acts and approve late ones."""
    return actor.is_federation or (actor.is_epci and actor.organisation_id is not None)


def coordinated(actor: Actor) -> Q:
    """The acts a coordinator reviews, as a filter on `Act`; nothing for anyone else."""
    if actor.is_federation:
        return Q()
    if actor.is_epci and actor.organisation_id is not None:
        return Q(mediator__funder_id=actor.organisation_id)
    return Q(pk__in=[])


def can_review(actor: Actor, act: Act) -> bool:
    if actor.is_federation:
        return True
    return (
        actor.is_epci
        and actor.organisation_id is not None
        and act.mediator.funder_id == actor.organisation_id
    )


def is_own(actor: Actor, act: Act) -> bool:
    return actor.user is not None and act.mediator.user_id == actor.user.pk


def can_withdraw(actor: Actor, act: Act) -> bool:
    """The mediator who logged it, or a coordinator fixing an overlap or a capacity."""
    return is_own(actor, act) or can_review(actor, act)
