"""Partnership actions, partners, contributions and placement agreements for the tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lakou.accounts.models import Organisation, User
from lakou.core.actor import Actor
from lakou.partnerships.models import (
    Action,
    ActionPartner,
    Agreement,
    Application,
    Contribution,
    Offer,
    PlacementKind,
)
from lakou.partnerships.services.actions import (
    ActionData,
    ContributionData,
    action_create,
    contribution_add,
    partner_add,
)
from lakou.territory.models import Commune
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.territory.factories import CommuneFactory


def member_actor(organisation: Organisation | None = None, **traits: bool) -> Actor:
    organisation = organisation or OrganisationFactory(**(traits or {"company": True}))
    membership = MembershipFactory(organisation=organisation)
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def federation_actor() -> Actor:
    federation = Organisation.objects.filter(kind=Organisation.Kind.FEDERATION).first()
    return member_actor(federation or OrganisationFactory(federation=True))


def action_data(**fields: Any) -> ActionData:
    starts_at = timezone.now() + timedelta(days=10)
    values: dict[str, Any] = {
        "kind": "job_dating",
        "title": "Job dating du numérique",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=3),
    }
    values.update(fields)
    if not values.get("is_online") and "commune" not in values:
        values["commune"] = CommuneFactory()
    return ActionData(**values)


def make_action(*, actor: Actor | None = None, **fields: Any) -> Action:
    return action_create(actor=actor or federation_actor(), data=action_data(**fields))


def held_action(*, ends_at: datetime, starts_at: datetime | None = None, **fields: Any) -> Action:
    """An action already held (status written directly: the fixture's dates may be any)."""
    action = make_action(
        starts_at=starts_at or ends_at - timedelta(hours=2), ends_at=ends_at, **fields
    )
    Action.objects.filter(pk=action.pk).update(status=Action.Status.HELD)
    action.refresh_from_db()
    return action


def make_partner(
    action: Action, organisation: Organisation | None = None, *, actor: Actor | None = None
) -> ActionPartner:
    return partner_add(
        actor=actor or federation_actor(),
        action=action,
        organisation=organisation or OrganisationFactory(company=True),
    )


def make_contribution(
    partner: ActionPartner, *, actor: Actor | None = None, **fields: Any
) -> Contribution:
    values: dict[str, Any] = {
        "kind": "money",
        "date": timezone.localdate(),
        "description": "Mécénat financier",
        "amount": Decimal("1000"),
    }
    values.update(fields)
    return contribution_add(
        actor=actor or federation_actor(), partner=partner, data=ContributionData(**values)
    )


def make_agreement(
    *,
    company: Organisation,
    starts_on: date,
    status: str = Agreement.Status.ACTIVE,
    kind: str = PlacementKind.INTERNSHIP,
    learner: User | None = None,
) -> Agreement:
    """An agreement written directly (the placements area owns its services)."""
    learner = learner or UserFactory()
    commune: Commune = company.commune or CommuneFactory()
    offer = Offer.objects.create(
        company=company,
        kind=kind,
        title="Stage développeur web",
        description="Développer des pages web.",
        commune=commune,
        starts_on=starts_on,
        duration_weeks=8,
        weekly_hours=Decimal(35),
        status=Offer.Status.PUBLISHED,
    )
    application = Application.objects.create(
        offer=offer, learner=learner, message="Bonjour", status=Application.Status.ACCEPTED
    )
    return Agreement.objects.create(
        application=application,
        kind=kind,
        learner=learner,
        company=company,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=8),
        status=status,
    )
