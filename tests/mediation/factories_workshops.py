"""Workshops and registrations, written through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.mediation.models import Registration, Venue, Workshop
from lakou.mediation.services.workshops import (
    WorkshopData,
    registration_create,
    workshop_create,
    workshop_publish,
)
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.mediation.factories_venues import make_venue


def organiser_actor(organisation: Organisation | None = None) -> Actor:
    organisation = organisation or OrganisationFactory(association=True)
    membership = MembershipFactory(organisation=organisation)
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def make_workshop(
    actor: Actor | None = None,
    *,
    venue: Venue | None = None,
    publish: bool = True,
    days: float = 3,
    **fields: Any,
) -> Workshop:
    actor = actor or organiser_actor()
    values: dict[str, Any] = {
        "title": "Mon smartphone pas à pas",
        "level": "beginner",
        "audience": "seniors",
        "venue": venue or make_venue(),
        "starts_at": timezone.now() + timedelta(days=days),
        "duration_minutes": 90,
        "capacity": 3,
    }
    values.update(fields)
    workshop = workshop_create(actor=actor, data=WorkshopData(**values))
    if publish:
        workshop = workshop_publish(actor=actor, workshop=workshop)
    return workshop


_phones = iter(range(10**5, 10**6))


def register(workshop: Workshop, name: str = "", **fields: Any) -> Registration:
    phone = fields.pop("phone", f"0696{next(_phones)}")
    return registration_create(
        workshop=workshop, name=name or "Léonce Marie-Sainte", phone=phone, **fields
    )


def move_start(workshop: Workshop, *, days: float) -> Workshop:
    """The workshop's start moved (past, for attendance), bypassing the service's date check."""
    Workshop.objects.filter(pk=workshop.pk).update(starts_at=timezone.now() + timedelta(days=days))
    workshop.refresh_from_db()
    return workshop
