from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "lakou.diagnostics"
    label = "diagnostics"
    verbose_name = _("Diagnostic des besoins")
    # `lakou import companies FILE`, and the background jobs of its page.
    importers = {"companies": "lakou.diagnostics.services.registry.CompanyRegistryImporter"}
