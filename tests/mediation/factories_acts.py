"""Acts, written through the services by an active mediator; lateness and dates set directly."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from lakou.accounts.models import User
from lakou.core.actor import Actor
from lakou.mediation.models import Act, Mediator, MediatorStatus, QualifyingProgramme
from lakou.mediation.services.acts import ActData, act_create
from tests.mediation.factories_mediators import fort_de_france, make_mediator
from tests.mediation.factories_venues import make_venue
from tests.training.factories_certificates import (
    certifying_programme,
    completed_enrolment,
    issued_certificate,
)


def active_mediator(user: User | None = None, **fields: Any) -> Mediator:
    """The user's mediator record, made active (created if need be)."""
    if user is not None:
        found = Mediator.objects.filter(user=user).first()
        if found is not None:
            if found.status != MediatorStatus.ACTIVE:
                found.status = MediatorStatus.ACTIVE
                found.save(update_fields=["status"])
            return found
    return make_mediator(user, status=MediatorStatus.ACTIVE, **fields)


def actor_of(mediator: Mediator) -> Actor:
    return Actor(user=mediator.user)


def train(mediator: Mediator) -> None:
    """A valid certificate of a qualifying programme: the mediator is « formé(e) »."""
    programme = certifying_programme(title="Médiateur numérique : accompagner les démarches")
    QualifyingProgramme.objects.get_or_create(programme=programme)
    issued_certificate(completed_enrolment(programme, learner=mediator.user))


def an_hour_ago(hours: float = 1) -> datetime:
    return (timezone.now() - timedelta(hours=hours)).replace(second=0, microsecond=0)


def act_data(**fields: Any) -> ActData:
    values: dict[str, Any] = {
        "starts_at": an_hour_ago(),
        "duration_minutes": 30,
        "themes": ("PrendreEnMainDuMateriel",),
    }
    if "venue" not in fields and fields.get("place_type", "venue") == "venue":
        values["venue"] = make_venue(commune=fort_de_france())
    values.update(fields)
    return ActData(**values)


def make_act(mediator: Mediator | None = None, *, late_days: int = 0, **fields: Any) -> Act:
    """An act logged by `mediator` (an active one by default); `late_days` moves its logging
    that many days after it."""
    mediator = mediator or active_mediator()
    act = act_create(actor=actor_of(mediator), data=act_data(**fields))
    if late_days:
        Act.objects.filter(pk=act.pk).update(logged_at=act.starts_at + timedelta(days=late_days))
        act.refresh_from_db()
    return act
