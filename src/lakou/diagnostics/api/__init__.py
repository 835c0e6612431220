"""The diagnostic API, one router per area, mounted under /api/v1/diagnostic."""

from __future__ import annotations

from lakou.api.routers import Router
from lakou.diagnostics.api import audits, campaigns, questionnaires, registry

router = Router(tags=["Diagnostic"])
for area in (registry, questionnaires, campaigns, audits):
    router.add_router("", area.router)

ROUTES = [("/diagnostic", router)]
