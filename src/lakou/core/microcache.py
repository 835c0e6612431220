"""A few seconds of per-process memory for public reads that everybody gets the same way.

A busy public page (the catalogue, its API list) is built once per process every few seconds
instead of once per visitor. Each cached family has a generation: the app bumps it when a row the
family shows is written in this process (tests, the process that made the change), and the
short lifetime bounds what another process may show late: `MICROCACHE_SECONDS`, 10 by default.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

DEFAULT_SECONDS = 10

_generations: dict[str, int] = {}


def bump(family: str) -> None:
    """What `family` shows has changed: forget it now, and again once the transaction commits
    (a read between the write and the commit may have cached the old rows)."""
    _generations[family] = _generations.get(family, 0) + 1
    transaction.on_commit(lambda: _generations.__setitem__(family, _generations[family] + 1))


def remember[T](family: str, key: str, build: Callable[[], T]) -> T:
    """The value `build()` gave for `key` in the last few seconds, or a new one."""
    seconds = getattr(settings, "MICROCACHE_SECONDS", DEFAULT_SECONDS)
    if seconds <= 0:
        return build()
    # Hashed: a key holds what people typed, of any length and character.
    digest = hashlib.sha256(key.encode()).hexdigest()
    full_key = f"microcache:{family}:{_generations.get(family, 0)}:{digest}"
    cache = caches["local"]
    value: T | None = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, seconds)
    return value
