"""Demo payments: a rate table with two validity periods (example figures chosen for the demo,
not official ones), and the monthly statements priced from the demo acts — the older months
paid, last month validated, the current month a draft — with hours statements for volunteers.

Most mediators paid per act are funded by the EPCI of their home commune, the others by the
federation. Statements are prepared and validated through the services; their validation and
payment dates are then set back to the days after each month, which no service accepts. With no
acts, only the rates are written.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from lakou.accounts.models import Membership, Organisation
from lakou.core.actor import Actor
from lakou.core.demo import Scale
from lakou.mediation.models import (
    Act,
    ActKind,
    Compensation,
    Mediator,
    Rate,
    Statement,
    StatementKind,
    StatementStatus,
)
from lakou.mediation.services.payments import (
    PaymentError,
    RateData,
    month_start,
    next_month,
    previous_month,
    rate_create,
    statement_mark_paid,
    statement_validate,
    statements_prepare,
)

# (kind, from, to (excluded), first period's amount, second period's): example figures.
RATES = (
    (ActKind.INDIVIDUAL, 0, 30, "12.00", "13.00"),
    (ActKind.INDIVIDUAL, 30, 60, "18.00", "20.00"),
    (ActKind.INDIVIDUAL, 60, None, "25.00", "28.00"),
    (ActKind.COLLECTIVE, 0, 60, "30.00", "32.00"),
    (ActKind.COLLECTIVE, 60, 120, "45.00", "48.00"),
    (ActKind.COLLECTIVE, 120, None, "60.00", "65.00"),
)
# The second period starts this many months before the current one.
SECOND_PERIOD_MONTHS = 4
# Share of the mediators paid per act whose EPCI funds them (the others: the federation).
EPCI_FUNDED_SHARE = 0.6


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Rate.objects.exists() or Statement.objects.exists():
        return _counts()
    staff = _member(Organisation.Kind.FEDERATION)
    if staff is None:
        return _counts()
    this_month = month_start(timezone.localdate())
    first_act = Act.objects.live().order_by("starts_at").values_list("starts_at", flat=True).first()
    first_month = month_start(timezone.localdate(first_act)) if first_act else this_month
    first_period = min(first_month, _months_before(this_month, 12))
    _rates(staff, first_period, _months_before(this_month, SECOND_PERIOD_MONTHS))
    if first_act is None:
        return _counts()
    _funders(rng)
    month = first_month
    while month <= this_month:
        statements_prepare(month=month, actor=staff)
        if month < this_month:
            _lock(month, staff, paid=month < previous_month(this_month))
        month = next_month(month)
    return _counts()


def _counts() -> dict[str, int]:
    statements = Statement.objects.all()
    return {
        "tarifs des actes": Rate.objects.count(),
        "relevés payés": statements.filter(status=StatementStatus.PAID).count(),
        "relevés validés": statements.filter(status=StatementStatus.VALIDATED).count(),
        "relevés en brouillon": statements.filter(status=StatementStatus.DRAFT).count(),
        "relevés d'heures de bénévolat": statements.filter(kind=StatementKind.HOURS).count(),
    }


def _months_before(month: date, count: int) -> date:
    for _n in range(count):
        month = previous_month(month)
    return month


def _member(kind: str, organisation: Organisation | None = None) -> Actor | None:
    memberships = Membership.objects.active().select_related("user", "organisation")
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    else:
        memberships = memberships.filter(organisation__kind=kind)
    membership = memberships.order_by("pk").first()
    if membership is None:
        return None
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def _rates(staff: Actor, first: date, second: date) -> None:
    for kind, low, high, before, after in RATES:
        for amount, valid_from in ((before, first), (after, second)):
            rate_create(
                actor=staff,
                data=RateData(
                    kind=kind,
                    min_minutes=low,
                    max_minutes=high,
                    amount=Decimal(amount),
                    valid_from=valid_from,
                ),
            )


def _funders(rng: random.Random) -> None:
    """Most mediators paid per act are funded by their home commune's EPCI. The mediators'
    seeder leaves the funder empty (the federation); the demo sets it in one update per EPCI."""
    if Mediator.objects.exclude(funder=None).exists():
        return
    epci_organisations = {
        organisation.epci_id: organisation
        for organisation in Organisation.objects.filter(
            kind=Organisation.Kind.EPCI, epci__isnull=False
        ).order_by("pk")
    }
    chosen: dict[int, list[int]] = {}
    for pk, epci_id in Mediator.objects.filter(compensation=Compensation.PER_ACT).values_list(
        "pk", "home_commune__epci_id"
    ):
        organisation = epci_organisations.get(epci_id)
        if organisation is not None and rng.random() < EPCI_FUNDED_SHARE:
            chosen.setdefault(organisation.pk, []).append(pk)
    for organisation_pk, mediator_pks in chosen.items():
        Mediator.objects.filter(pk__in=mediator_pks).update(funder_id=organisation_pk)


def _lock(month: date, staff: Actor, *, paid: bool) -> None:
    """Validate the month's statements (and pay them, for the older months) by their funder, then
    date it a few days after the month."""
    validated_on = _moment(next_month(month) + timedelta(days=4), 10)
    paid_on = _moment(next_month(month) + timedelta(days=19), 15)
    funders: dict[int, Actor] = {}
    for statement in Statement.objects.filter(month=month, status=StatementStatus.DRAFT):
        if not statement.total_minutes:
            continue
        actor = funders.get(statement.funder_id)
        if actor is None:
            actor = _member("", statement.funder) or staff
            funders[statement.funder_id] = actor
        try:
            statement = statement_validate(actor=actor, statement=statement)
            if paid and statement.kind == StatementKind.PAYMENT:
                statement_mark_paid(actor=actor, statement=statement)
        except PaymentError:
            continue
    done = Statement.objects.filter(month=month).exclude(status=StatementStatus.DRAFT)
    done.update(validated_at=validated_on)
    done.filter(status=StatementStatus.PAID).update(paid_at=paid_on)


def _moment(day: date, hour: int) -> datetime:
    return min(timezone.make_aware(datetime.combine(day, time(hour))), timezone.now())
