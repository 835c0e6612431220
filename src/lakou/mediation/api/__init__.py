"""The mediation API, one router per area, all under /mediation (mounted by lakou.api)."""

from __future__ import annotations

from ninja import Router

from lakou.mediation.api import indicators, venues

ROUTES: list[tuple[str, Router]] = [
    ("/mediation", venues.router),
    ("/mediation", indicators.router),
]
