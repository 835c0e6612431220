from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "lakou.territory"
    label = "territory"
    verbose_name = _("Territoire")
    # `lakou import commune-ages FILE`, and the background jobs of its page.
    importers = {"commune-ages": "lakou.territory.imports.CommuneAgesImporter"}
