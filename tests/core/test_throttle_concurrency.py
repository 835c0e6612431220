"""Attempts arriving at the same instant are all counted (PostgreSQL only).

SQLite serialises every write, so it cannot show the race (and its in-memory test database
cannot be used from threads); like tests/training/test_enrolment_concurrency.py, these tests
run with DATABASE_URL=postgres://... and are skipped otherwise.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection

from lakou.core.throttle import HOUR, Limit, throttle_hit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="Needs PostgreSQL: SQLite serialises writes, there is no race to show.",
    ),
]

T0 = 1_800_000_000 - 1_800_000_000 % HOUR + 10


def test_ten_attempts_at_once_let_only_the_limit_through() -> None:
    """Ten server threads at the same instant: three pass, seven are refused."""
    scope = f"together-{uuid.uuid4()}"  # transactional tests keep cache rows between tests
    barrier = threading.Barrier(10)
    refused: list[bool] = []

    def attempt() -> None:
        try:
            barrier.wait()
            refused.append(throttle_hit(scope, [Limit("client", "192.0.2.1", 3)], now=T0))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(refused) == [False] * 3 + [True] * 7
