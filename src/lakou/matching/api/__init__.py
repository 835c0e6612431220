"""The orientation API, one router per area, all under /orientation (mounted by lakou.api)."""

from __future__ import annotations

from ninja import Router

from lakou.matching.api import matches

ROUTES: list[tuple[str, Router]] = [
    ("/orientation", matches.router),
]
