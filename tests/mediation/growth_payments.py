"""One more of every list item of the payment pages, for tests/test_query_counts.py: a rate in
the history, a statement of a mediator the world's EPCI funds, and on every draft one more act
on the statement and one more left out (logged too late)."""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from typing import Any

from django.utils import timezone

from lakou.mediation.models import ActKind, Statement, StatementStatus
from lakou.mediation.services.payments import statements_prepare
from tests.mediation.factories_payments import (
    a_statement,
    local,
    make_act,
    make_rate,
    paid_mediator,
)

_rounds = count(1)


def grow(world: Any) -> None:
    round_ = next(_rounds)
    make_rate(
        kind=ActKind.COLLECTIVE,
        amount="40.00",
        valid_from=timezone.localdate() + timedelta(days=400 + round_),
    )
    a_statement(paid_mediator(funder=world.organisations["epci"]))
    drafts = list(Statement.objects.filter(status=StatementStatus.DRAFT).select_related("mediator"))
    for statement in drafts:
        day = statement.month + timedelta(days=10 + round_)
        make_act(statement.mediator, local(day, 9))
        make_act(statement.mediator, local(day, 15), logged_at=local(day + timedelta(days=20)))
    for month in {statement.month for statement in drafts}:
        statements_prepare(month=month)
