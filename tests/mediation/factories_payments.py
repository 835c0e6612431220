"""Acts, rates and statements for the payment tests. Acts are written directly (the acts' own
services belong to their domain), logged an hour after they start so that none is late unless
a test says so."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.mediation.models import (
    Act,
    ActKind,
    Compensation,
    Mediator,
    MediatorKind,
    MediatorStatus,
    PlaceType,
    Rate,
    Statement,
)
from lakou.mediation.services.payments import month_start, previous_month, statements_prepare
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.mediation.factories_mediators import fort_de_france, make_mediator


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Martinique time."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def last_month() -> date:
    return previous_month(timezone.localdate())


def this_month() -> date:
    return month_start(timezone.localdate())


def federation() -> Organisation:
    """The federation organisation, the funder of mediators without an EPCI."""
    existing = Organisation.objects.filter(kind=Organisation.Kind.FEDERATION).order_by("pk").first()
    return existing or OrganisationFactory(federation=True)


def member_of(organisation: Organisation) -> Actor:
    membership = MembershipFactory(organisation=organisation)
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def federation_staff() -> Actor:
    return member_of(federation())


def epci_organisation(name: str = "CACEM") -> Organisation:
    return OrganisationFactory(epci=True, name=name)


def paid_mediator(*, funder: Organisation | None = None, **fields: Any) -> Mediator:
    values: dict[str, Any] = {
        "user": UserFactory(first_name="Rosette", last_name="Ursulet"),
        "kind": MediatorKind.FREELANCER,
        "compensation": Compensation.PER_ACT,
        "status": MediatorStatus.ACTIVE,
        "funder": funder,
    }
    values.update(fields)
    return make_mediator(**values)


def volunteer(**fields: Any) -> Mediator:
    values: dict[str, Any] = {
        "user": UserFactory(first_name="Joël", last_name="Sainte-Luce"),
        "kind": MediatorKind.RETIREE,
        "compensation": Compensation.VOLUNTEER,
        "status": MediatorStatus.ACTIVE,
    }
    values.update(fields)
    return make_mediator(**values)


def make_act(
    mediator: Mediator,
    starts_at: datetime,
    *,
    minutes: int = 45,
    kind: str = ActKind.INDIVIDUAL,
    logged_at: datetime | None = None,
    **fields: Any,
) -> Act:
    values: dict[str, Any] = {
        "mediator": mediator,
        "kind": kind,
        "starts_at": starts_at,
        "duration_minutes": minutes,
        "place_type": PlaceType.OTHER,
        "commune": fort_de_france(),
        "themes": ["NavigationSurInternet"],
        "participants": 1,
    }
    values.update(fields)
    act = Act.objects.create(**values)
    # `logged_at` is stamped at creation: set it where the test wants it.
    Act.objects.filter(pk=act.pk).update(logged_at=logged_at or starts_at + timedelta(hours=1))
    act.refresh_from_db()
    return act


def make_rate(
    kind: str = ActKind.INDIVIDUAL,
    min_minutes: int = 0,
    max_minutes: int | None = None,
    amount: str = "20.00",
    valid_from: date = date(2020, 1, 1),
) -> Rate:
    return Rate.objects.create(
        kind=kind,
        min_minutes=min_minutes,
        max_minutes=max_minutes,
        amount=Decimal(amount),
        valid_from=valid_from,
    )


def a_statement(
    mediator: Mediator | None = None, *, month: date | None = None, acts: int = 2
) -> Statement:
    """A draft statement of `acts` acts priced at one flat rate, for last month by default."""
    federation()
    mediator = mediator or paid_mediator()
    month = month or last_month()
    if not Rate.objects.filter(kind=ActKind.INDIVIDUAL, min_minutes=0).exists():
        make_rate()
    for n in range(acts):
        make_act(mediator, local(month + timedelta(days=n + 1)))
    statements_prepare(month=month)
    return Statement.objects.get(mediator=mediator, month=month)
