"""The diagnostic API, one router per area, mounted under /api/v1/diagnostic."""

from __future__ import annotations

from lakou.api.routers import Router
from lakou.diagnostics import api_audits, api_campaigns, api_questionnaires, api_registry

router = Router(tags=["Diagnostic"])
for area in (api_registry, api_questionnaires, api_campaigns, api_audits):
    router.add_router("", area.router)

ROUTES = [("/diagnostic", router)]
