"""Certificates and six-month answers written as plain rows, for indicator fixtures.

Indicator tests need certificates at chosen past dates, which the issuing service (dated today)
cannot make; the rows here have the same shape as the service's.
"""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from lakou.accounts.models import User
from lakou.territory.models import Commune
from lakou.training.models import Certificate, Enrolment, FollowUp, Programme, Session
from lakou.training.services.followup import follow_up_create
from tests.accounts.factories import UserFactory

MARTINIQUE = ZoneInfo("America/Martinique")


def learner(name: str) -> User:
    return UserFactory(email=f"{name.lower()}@exemple.mq", first_name=name)


def certify(
    person: User,
    programme: Programme,
    *,
    issued_on: dt.date,
    commune: Commune | None,
    revoked: bool = False,
) -> Certificate:
    """A completed enrolment in a session held in `commune`, its certificate and its follow-up."""
    session = Session.objects.create(
        programme=programme,
        starts_on=issued_on - dt.timedelta(days=30),
        ends_on=issued_on - dt.timedelta(days=1),
        commune=commune,
        is_remote=commune is None,
        seats=12,
        status=Session.Status.DONE,
    )
    enrolment = Enrolment.objects.create(
        session=session,
        learner=person,
        status=Enrolment.Status.COMPLETED,
        completed_on=session.ends_on,
    )
    certificate = Certificate.objects.create(
        uid=uuid.uuid4(),
        enrolment=enrolment,
        learner=person,
        programme=programme,
        provider=programme.provider,
        commune=commune,
        learner_name=person.get_full_name() or person.email,
        achievement=programme.title,
        issued_on=issued_on,
        token="test.token.unsigned",
        kid="test-key",
        revoked_at=dt.datetime.combine(issued_on, dt.time(12), tzinfo=MARTINIQUE)
        if revoked
        else None,
        revocation_reason="Erreur de saisie." if revoked else "",
    )
    follow_up_create(certificate)
    return certificate


def answer(certificate: Certificate, situation: str, *, on: dt.date) -> FollowUp:
    """The learner's answer to the six-month questionnaire, given on `on` at 10 h local time."""
    follow_up = certificate.follow_up
    follow_up.state = FollowUp.State.ANSWERED
    follow_up.situation = situation
    follow_up.answered_at = dt.datetime.combine(on, dt.time(10), tzinfo=MARTINIQUE)
    follow_up.channel = FollowUp.Channel.EMAIL
    follow_up.save()
    return follow_up


def unreachable(certificate: Certificate) -> FollowUp:
    follow_up = certificate.follow_up
    follow_up.state = FollowUp.State.UNREACHABLE
    follow_up.unreachable_at = dt.datetime.combine(
        follow_up.due_on + dt.timedelta(days=21), dt.time(10), tzinfo=MARTINIQUE
    )
    follow_up.save()
    return follow_up
