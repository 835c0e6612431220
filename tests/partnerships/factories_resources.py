"""Pooled resources and bookings, built through the services so that the audit and checks are real."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.partnerships.models import Booking, Resource
from lakou.partnerships.services.resources import (
    ResourceData,
    booking_approve,
    booking_cancel,
    booking_refuse,
    booking_request,
    booking_return,
    resource_create,
)
from tests.accounts.factories import MembershipFactory, OrganisationFactory


def member(organisation: Organisation | None = None, **traits: Any) -> Actor:
    """A member acting for `organisation` (a new company by default)."""
    organisation = organisation or OrganisationFactory(**(traits or {"company": True}))
    membership = MembershipFactory(organisation=organisation)
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def make_resource(
    owner: Actor | None = None, *, quantity: int | None = 3, kind: str = "equipment", **fields: Any
) -> Resource:
    owner = owner or member(provider=True)
    values: dict[str, Any] = {
        "kind": kind,
        "title": "Tablettes pour ateliers",
        "description": "Dix tablettes Android avec housse.",
        "quantity": quantity,
    }
    values.update(fields)
    return resource_create(actor=owner, data=ResourceData(**values))


def day(offset: int) -> date:
    """Today in Martinique plus `offset` days."""
    return timezone.localdate() + timedelta(days=offset)


def booked(
    resource: Resource,
    start: int,
    end: int,
    quantity: int = 1,
    *,
    booker: Actor | None = None,
    status: str = Booking.Status.REQUESTED,
) -> Booking:
    """A booking from today+`start` to today+`end`, brought to `status` through the services."""
    booker = booker or member()
    owner = owner_of(resource)
    booking = booking_request(
        actor=booker,
        resource=resource,
        starts_on=day(start),
        ends_on=day(end),
        quantity=quantity,
        purpose="Atelier de découverte",
    )
    if status == Booking.Status.REQUESTED:
        return booking
    if status == Booking.Status.REFUSED:
        return booking_refuse(actor=owner, booking=booking, reason="Déjà prêtée.")
    if status == Booking.Status.CANCELLED:
        return booking_cancel(actor=booker, booking=booking)
    booking_approve(actor=owner, booking=booking)
    if status == Booking.Status.RETURNED:
        booking_return(actor=owner, booking=booking, today=max(day(start), day(0)))
    return booking


def owner_of(resource: Resource) -> Actor:
    from lakou.accounts.models import Membership

    membership = (
        Membership.objects.active().filter(organisation_id=resource.owner_id).order_by("pk").first()
    )
    assert membership is not None
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def past_booking(
    resource: Resource,
    start: int,
    end: int,
    quantity: int = 1,
    *,
    booker: Actor | None = None,
    status: str = Booking.Status.APPROVED,
) -> Booking:
    """A booking whose dates are past (`start` < 0), written as the services stood back then."""
    booker = booker or member()
    owner = owner_of(resource)
    then = day(start)
    booking = booking_request(
        actor=booker,
        resource=resource,
        starts_on=day(start),
        ends_on=day(end),
        quantity=quantity,
        purpose="Formation passée",
        today=then,
    )
    if status == Booking.Status.REQUESTED:
        return booking
    if status == Booking.Status.REFUSED:
        return booking_refuse(actor=owner, booking=booking, reason="Indisponible.")
    booking_approve(actor=owner, booking=booking, today=then)
    if status == Booking.Status.RETURNED:
        booking_return(
            actor=owner, booking=booking, returned_on=day(end), damage_notes="", today=day(end)
        )
    return booking
