"""Who organises workshops, runs them, and registers someone on their behalf."""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.mediation.models import Mediator, MediatorStatus, Workshop


def can_organise(actor: Actor) -> bool:
    """The federation, the EPCI, the town halls and the associations plan workshops in the
    venues."""
    return actor.is_federation or actor.is_epci or actor.is_town_hall or actor.is_association


def can_manage(actor: Actor, workshop: Workshop) -> bool:
    """The federation, and the members of the organisation that organises it."""
    if actor.is_federation:
        return True
    return actor.organisation_id is not None and workshop.organiser_id == actor.organisation_id


def active_mediator(actor: Actor) -> Mediator | None:
    if actor.user is None:
        return None
    return Mediator.objects.filter(user_id=actor.user.pk, status=MediatorStatus.ACTIVE).first()


def can_run(actor: Actor, workshop: Workshop) -> bool:
    """Its managers, and the mediators who lead it (they mark attendance on their phone)."""
    if can_manage(actor, workshop):
        return True
    return actor.user is not None and workshop.mediators.filter(user_id=actor.user.pk).exists()


def can_register_for_others(actor: Actor) -> bool:
    """Town hall and EPCI staff, associations, the federation and active mediators register a
    person who has no e-mail or no computer, on their behalf."""
    return can_organise(actor) or active_mediator(actor) is not None
