"""Diagnostic URLs, one module per area so that each reads on its own."""

from __future__ import annotations

from lakou.diagnostics.urls import audits, campaigns, public, questionnaires, registry

app_name = "diagnostics"

urlpatterns = [
    *registry.urlpatterns,
    *questionnaires.urlpatterns,
    *campaigns.urlpatterns,
    *audits.urlpatterns,
    *public.urlpatterns,
]
