"""Who may do what with the mediators: anyone applies, the federation runs the network, an EPCI
reads the mediators who serve its communes.

A mediator the actor cannot see answers 404 (`visible_mediators`); 403 is for a role that has no
mediator pages at all, or may read them but not act (an EPCI on a status change).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lakou.mediation.models import Mediator, MediatorQuerySet, MediatorStatus

if TYPE_CHECKING:
    from lakou.core.actor import Actor

# What an EPCI sees of the network: the people the federation took on and who have not left.
# Applicants are not vetted yet; their details stay with the federation.
EPCI_STATUSES = (MediatorStatus.IN_TRAINING, MediatorStatus.ACTIVE, MediatorStatus.PAUSED)


def can_manage_mediators(actor: Actor) -> bool:
    """The federation reads every application and moves the statuses."""
    return actor.is_federation


def can_read_mediators(actor: Actor) -> bool:
    """The federation, and an EPCI's staff for the mediators serving its communes."""
    return actor.is_federation or (actor.is_epci and _epci_id(actor) is not None)


def visible_statuses(actor: Actor) -> tuple[str, ...]:
    """The statuses the actor's list may show, in the order of the statuses."""
    if actor.is_federation:
        return tuple(MediatorStatus.values)
    return tuple(EPCI_STATUSES) if can_read_mediators(actor) else ()


def visible_mediators(actor: Actor) -> MediatorQuerySet:
    """Every mediator for the federation; for an EPCI, those of the network who serve at least
    one of its communes; nobody for anyone else."""
    if actor.is_federation:
        return Mediator.objects.all()
    epci_id = _epci_id(actor) if actor.is_epci else None
    if epci_id is None:
        return Mediator.objects.none()
    serving = Mediator.communes_served.through.objects.filter(commune__epci_id=epci_id)
    return Mediator.objects.filter(pk__in=serving.values("mediator_id"), status__in=EPCI_STATUSES)


def _epci_id(actor: Actor) -> int | None:
    organisation = actor.organisation
    return organisation.epci_id if organisation is not None else None
