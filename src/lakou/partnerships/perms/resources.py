"""Who may do what with pooled resources and their bookings.

A resource or booking the actor cannot see (`Resource.objects.visible_to`,
`Booking.objects.visible_to`) answers 404 whatever the action, as a missing id does; 403 is left
for an action that is the other party's on an object the actor can see.
"""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.partnerships.models import Booking, Resource


def is_member(actor: Actor) -> bool:
    """Any member of an organisation (federation, EPCI, company, provider, auditor,
    association) browses the catalogue and shares or books resources."""
    return actor.user is not None and actor.organisation_id is not None


def can_share_resources(actor: Actor) -> bool:
    """Every member organisation may lend what it has."""
    return is_member(actor)


def can_edit_resource(actor: Actor, resource: Resource) -> bool:
    """Only a member of the owner organisation changes its resource."""
    return is_member(actor) and resource.owner_id == actor.organisation_id


def can_book(actor: Actor, resource: Resource) -> bool:
    """A member of another organisation books a shared resource; the owner does not book its
    own (it simply uses it)."""
    return is_member(actor) and resource.is_shared and resource.owner_id != actor.organisation_id


def can_decide_booking(actor: Actor, booking: Booking) -> bool:
    """The owner's members approve or refuse a request and note the return."""
    return is_member(actor) and booking.resource.owner_id == actor.organisation_id


def can_cancel_booking(actor: Actor, booking: Booking) -> bool:
    """The booker's members cancel their own booking (before it starts)."""
    return is_member(actor) and booking.booker_id == actor.organisation_id


def can_read_resource_report(actor: Actor, resource: Resource) -> bool:
    """The owner and the federation read a resource's utilisation report."""
    return actor.is_federation or can_edit_resource(actor, resource)


def can_read_member_report(actor: Actor, organisation_id: int) -> bool:
    """An organisation reads its own report (what it booked, what it lent); the federation
    every organisation's."""
    return actor.is_federation or (is_member(actor) and actor.organisation_id == organisation_id)
