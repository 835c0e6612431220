from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "lakou.matching"
    label = "matching"
    verbose_name = _("Orientation et mise en relation")

    def ready(self) -> None:
        # The other apps' services move the matches (signals.py).
        from lakou.matching import signals

        signals.connect()
