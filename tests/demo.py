"""The demo of `lakou seed-demo`, seeded once for a test module and rolled back after it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from lakou.core.demo import Scale, seed_all
from tests.conftest import FAST_PASSWORD_HASHERS


@contextmanager
def demo_seeded(django_db_blocker: Any, scale: Scale) -> Iterator[None]:
    """Reference data and demo in one transaction that is rolled back at the end.

    Seeding takes seconds (signatures, services); each test runs in a savepoint inside. Module
    fixtures run before the function-scoped settings of tests/conftest.py, hence the hashers.
    """
    with (
        override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_reference", verbosity=0)
        seed_all(scale=scale, seed=972)
        yield
        transaction.set_rollback(True)
