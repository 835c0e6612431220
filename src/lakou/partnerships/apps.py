from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "lakou.partnerships"
    label = "partnerships"
    verbose_name = _("Partenariats entreprises – fédération")

    def ready(self) -> None:
        from lakou.partnerships import signals

        signals.connect()
