from __future__ import annotations

import pytest
from django.core.cache import caches

FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fresh_local_cache() -> None:
    """The per-process cache outlives tests; the shared one is rolled back with the database."""
    caches["local"].clear()


@pytest.fixture(autouse=True)
def _sms_outbox(settings: pytest.FixtureRequest) -> None:
    """Every SMS a test sends lands in `lakou.core.sms.outbox`, empty at the start."""
    from lakou.core import sms

    settings.SMS_BACKEND = "lakou.core.sms.LocmemBackend"  # type: ignore[attr-defined]
    sms.outbox.clear()
