"""Sessions with a few seats, learners and enrolments for the enrolment tests."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from lakou.accounts.models import User
from lakou.core.actor import Actor
from lakou.training.models import Enrolment, Session
from lakou.training.services.enrolment import enrolment_request
from tests.accounts.factories import UserFactory
from tests.training.factories import make_programme, make_session, provider_actor


def person(user: User | None = None, **fields: Any) -> Actor:
    """A signed-in person acting for themself (a learner)."""
    return Actor(user=user or UserFactory(**fields))


def session_with_seats(
    seats: int = 3, *, provider: Actor | None = None, **fields: Any
) -> tuple[Session, Actor]:
    """An open session of a new programme, and a member of its provider."""
    provider = provider or provider_actor()
    programme = make_programme(actor=provider, title=fields.pop("title", "Développeur web"))
    return make_session(programme, seats=seats, **fields), provider


def asked(session: Session, learner: Actor | None = None, **fields: Any) -> Enrolment:
    """A request made through the service, as the enrol button makes it."""
    return enrolment_request(actor=learner or person(), session=session, **fields)


def enrolment_in(session: Session, status: str, learner: User | None = None) -> Enrolment:
    """An enrolment already in `status`, written directly to set up a situation."""
    now = timezone.now()
    return Enrolment.objects.create(
        session=session,
        learner=learner or UserFactory(),
        status=status,
        waitlisted_at=now if status == Enrolment.Status.WAITLISTED else None,
        decided_at=None if status == Enrolment.Status.REQUESTED else now,
    )
