"""The demo payments: two periods of example rates, and statements paid, validated and in draft
priced from whatever acts exist (none: rates only)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from lakou.mediation.demo import payments
from lakou.mediation.models import Rate, Statement, StatementKind, StatementStatus
from lakou.mediation.services.payments import previous_month
from tests.demo import SMALL, demo_seeded
from tests.mediation.factories_payments import (
    federation_staff,
    last_month,
    local,
    make_act,
    paid_mediator,
    this_month,
    volunteer,
)


@pytest.mark.django_db
def test_without_acts_the_demo_writes_only_the_rates() -> None:
    federation_staff()
    counts = payments.seed(scale=SMALL, rng=random.Random(1))
    assert counts["tarifs des actes"] == 12
    assert counts["relevés payés"] == counts["relevés en brouillon"] == 0
    assert len(set(Rate.objects.values_list("valid_from", flat=True))) == 2


@pytest.mark.django_db
def test_older_months_are_paid_last_month_validated_this_month_a_draft() -> None:
    federation_staff()
    paid, giving = paid_mediator(), volunteer()
    three_months_ago = previous_month(previous_month(last_month()))
    for month in (three_months_ago, last_month(), this_month()):
        for mediator in (paid, giving):
            make_act(mediator, local(month, 9))

    counts = payments.seed(scale=SMALL, rng=random.Random(1))

    status = dict(
        Statement.objects.filter(kind=StatementKind.PAYMENT).values_list("month", "status")
    )
    assert status == {
        three_months_ago: StatementStatus.PAID,
        last_month(): StatementStatus.VALIDATED,
        this_month(): StatementStatus.DRAFT,
    }
    old = Statement.objects.get(month=three_months_ago, kind=StatementKind.PAYMENT)
    assert old.validated_at.date() < old.paid_at.date() <= (last_month() + timedelta(days=31))
    assert counts["relevés d'heures de bénévolat"] == 3
    assert payments.seed(scale=SMALL, rng=random.Random(1)) == counts  # once only


pytestmark_demo = pytest.mark.xdist_group("seed-demo")


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with demo_seeded(django_db_blocker, SMALL):
        yield


@pytestmark_demo
def test_the_seeded_demo_has_two_rate_periods_and_statements_for_its_acts(
    demo: None, db: None
) -> None:
    from lakou.mediation.models import Act

    assert len(set(Rate.objects.values_list("valid_from", flat=True))) == 2
    if not Act.objects.exists():
        assert not Statement.objects.exists()
        return
    assert Statement.objects.filter(status=StatementStatus.DRAFT).exists()
    assert Statement.objects.filter(status=StatementStatus.VALIDATED).exists()
    for statement in Statement.objects.exclude(status=StatementStatus.DRAFT)[:50]:
        assert statement.lines.count() > 0
