"""Never more registrations than seats, also when many people register at once, and a freed
seat goes to one person only (PostgreSQL only: SQLite serialises every write)."""

from __future__ import annotations

import pytest
from django.db import connection

from lakou.mediation.models import Registration
from lakou.mediation.services.workshops import (
    WorkshopError,
    registration_cancel,
    registration_create,
)
from tests.concurrency import POSTGRES_ONLY, at_once
from tests.mediation.factories_workshops import make_workshop, register

pytestmark = [pytest.mark.django_db(transaction=True), POSTGRES_ONLY]

S = Registration.Status


def test_twelve_registrations_at_once_seat_exactly_five() -> None:
    assert connection.vendor == "postgresql"
    workshop = make_workshop(capacity=5)

    outcomes = at_once(
        [
            lambda n=n: registration_create(
                workshop=workshop, name=f"Personne {n}", phone=f"06961100{n:02d}"
            )
            for n in range(12)
        ],
        WorkshopError,
    )

    assert outcomes == ["ok"] * 12
    statuses = list(workshop.registrations.values_list("status", flat=True))
    assert statuses.count(S.CONFIRMED) == 5
    assert statuses.count(S.WAITLISTED) == 7


def test_two_seats_freed_at_once_promote_the_next_two_in_order() -> None:
    workshop = make_workshop(capacity=2)
    seated = [register(workshop, f"Assis {n}") for n in range(2)]
    waiting = [register(workshop, f"Attente {n}") for n in range(3)]

    at_once([lambda r=r: registration_cancel(registration=r) for r in seated], WorkshopError)

    for registration in waiting:
        registration.refresh_from_db()
    assert [r.status for r in waiting] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    assert workshop.registrations.filter(status=S.CONFIRMED).count() == 2
