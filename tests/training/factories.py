"""Programmes and sessions, built through the services so that search text and audit are real."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.training.models import Programme, Session
from lakou.training.services.catalogue import (
    ProgrammeData,
    SessionData,
    programme_create,
    session_create,
)
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.territory.factories import CommuneFactory


def provider_actor(provider: Organisation | None = None) -> Actor:
    """A member acting for `provider` (a new training provider by default)."""
    provider = provider or OrganisationFactory(provider=True)
    membership = MembershipFactory(organisation=provider)
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def federation_actor() -> Actor:
    membership = MembershipFactory(organisation=OrganisationFactory(federation=True))
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def programme_data(**fields: Any) -> ProgrammeData:
    values: dict[str, Any] = {
        "title": "Développeur web",
        "objective": "Créer des applications web.",
        "domain": "web",
        "format": "in_person",
        "duration_hours": 400,
        "is_published": True,
        "audiences": ("job_seekers",),
        "fundings": ("cpf",),
    }
    values.update(fields)
    return ProgrammeData(**values)


def make_programme(
    *, provider: Organisation | None = None, actor: Actor | None = None, **fields: Any
) -> Programme:
    actor = actor or provider_actor(provider)
    return programme_create(actor=actor, data=programme_data(**fields))


def make_session(
    programme: Programme, *, starts_in_days: int = 30, length_days: int = 5, **fields: Any
) -> Session:
    starts_on: date = timezone.localdate() + timedelta(days=starts_in_days)
    values: dict[str, Any] = {
        "starts_on": starts_on,
        "ends_on": starts_on + timedelta(days=length_days),
        "seats": 12,
        "schedule": "9 h – 17 h",
    }
    if not fields.get("is_remote") and "commune" not in fields:
        values["commune"] = CommuneFactory()
    values.update(fields)
    membership = programme.provider.memberships.first()
    actor = (
        Actor(user=membership.user, membership=membership, memberships=(membership,))
        if membership
        else provider_actor(programme.provider)
    )
    return session_create(actor=actor, programme=programme, data=SessionData(**values))
