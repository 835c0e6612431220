"""Diagnostic URLs, one module per area so that each reads on its own."""

from __future__ import annotations

from lakou.diagnostics import (
    urls_audits,
    urls_campaigns,
    urls_public,
    urls_questionnaires,
    urls_registry,
)

app_name = "diagnostics"

urlpatterns = [
    *urls_registry.urlpatterns,
    *urls_questionnaires.urlpatterns,
    *urls_campaigns.urlpatterns,
    *urls_audits.urlpatterns,
    *urls_public.urlpatterns,
]
