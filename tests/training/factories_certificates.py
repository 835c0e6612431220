"""Certifying programmes, completed enrolments and issued certificates for the certificate tests.

Enrolments are created directly (status "completed"): the certificate tests do not depend on
the enrolment workflow.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from lakou.accounts.models import Organisation, User
from lakou.core.actor import Actor
from lakou.training.models import Certificate, Enrolment, Programme
from lakou.training.services.certificates import certificate_issue
from tests.accounts.factories import UserFactory
from tests.training.factories import make_programme, make_session, provider_actor


def actor_of(provider: Organisation) -> Actor:
    """A member acting for `provider` (its first member, or a new one)."""
    membership = provider.memberships.first()
    if membership is None:
        return provider_actor(provider)
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def certifying_programme(*, actor: Actor | None = None, **fields: Any) -> Programme:
    values: dict[str, Any] = {
        "title": "Développeur web et web mobile",
        "certification_kind": "rncp",
        "certification_code": "RNCP37674",
        "certifier": "Ministère du Travail",
        "expected_results": "Développer une application web sécurisée, de la maquette à la mise en ligne.",
    }
    values.update(fields)
    return make_programme(actor=actor, **values)


def completed_enrolment(
    programme: Programme | None = None,
    *,
    learner: User | None = None,
    status: str = Enrolment.Status.COMPLETED,
) -> Enrolment:
    programme = programme or certifying_programme()
    session = make_session(programme, starts_in_days=-60, length_days=30)
    learner = learner or UserFactory(first_name="Mélissa", last_name="Théodore")
    return Enrolment.objects.create(
        session=session,
        learner=learner,
        status=status,
        completed_on=session.ends_on if status == Enrolment.Status.COMPLETED else None,
    )


def issued_certificate(
    enrolment: Enrolment | None = None,
    *,
    actor: Actor | None = None,
    valid_until: date | None = None,
) -> Certificate:
    enrolment = enrolment or completed_enrolment()
    provider = enrolment.session.programme.provider
    return certificate_issue(
        actor=actor or actor_of(provider), enrolment=enrolment, valid_until=valid_until
    )


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)
