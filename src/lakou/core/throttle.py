"""Hourly counters in the shared cache for public forms that create rows or send e-mails.

A form counts each attempt against a few limits (per client address, per e-mail address, per
draft...) and refuses with `throttled` (HTTP 429, in the site's layout) once one is past. The
counters live in `django.core.cache.cache`, which every process shares (a database cache), so a
limit holds across server workers. Each window is its own cache key, set to expire when the
window ends: a count neither outlives its hour nor vanishes before it ends.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

HOUR = 3600
# How long an attempt waits for another one counting on the same key, in seconds.
LOCK_WAIT = 1.0
LOCK_TIMEOUT = 10


def _now() -> float:
    return time.time()


@dataclass(frozen=True)
class Limit:
    """At most `limit` attempts per `window` seconds for one `value` of the counter `name`."""

    name: str
    value: str
    limit: int
    window: int = HOUR


def client_address(request: HttpRequest) -> str:
    """The address the attempt comes from, read as allauth's login limits read it.

    REMOTE_ADDR, or behind `TRUSTED_PROXY_COUNT` proxies the address they put in X-Forwarded-For
    (a forwarded header alone is set by the client, so it is trusted only when configured).
    """
    from allauth.account.adapter import get_adapter

    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return "unknown"


def _key(scope: str, limit: Limit, now: float) -> str:
    # Hashed: an e-mail address may be long or hold characters a cache key must not.
    digest = hashlib.sha256(limit.value.encode()).hexdigest()[:32]
    return f"throttle:{scope}:{limit.name}:{digest}:{int(now // limit.window)}"


@contextmanager
def _counting(key: str) -> Iterator[None]:
    """One attempt at a time reads and writes a count (`cache.add` is atomic in every backend).

    Without it, attempts arriving together would all read the same count and all pass. After
    `LOCK_WAIT` the attempt counts anyway rather than hang.
    """
    lock = f"{key}:lock"
    deadline = time.monotonic() + LOCK_WAIT
    acquired = cache.add(lock, 1, timeout=LOCK_TIMEOUT)
    while not acquired and time.monotonic() < deadline:
        time.sleep(0.01)
        acquired = cache.add(lock, 1, timeout=LOCK_TIMEOUT)
    try:
        yield
    finally:
        if acquired:
            cache.delete(lock)


def throttle_hit(scope: str, limits: Sequence[Limit], *, now: float | None = None) -> bool:
    """Count one attempt against every limit; True when one of them is now past.

    Refused attempts count too: hammering a form keeps it closed until the window ends.
    """
    now = _now() if now is None else now
    exceeded = False
    for limit in limits:
        key = _key(scope, limit, now)
        window_left = limit.window - int(now % limit.window)
        with _counting(key):
            count = int(cache.get(key, 0)) + 1
            cache.set(key, count, timeout=max(window_left, 1))
        exceeded = exceeded or count > limit.limit
    return exceeded


def throttled(
    request: HttpRequest,
    *,
    template: str = "core/throttled.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The 429 answer: a page in the site's layout, by default the generic French one.

    A form page passes its own template and its bound form, so that what was typed stays.
    """
    return render(request, template, context or {}, status=429)
