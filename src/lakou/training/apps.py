from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "lakou.training"
    label = "training"
    verbose_name = _("Formations et certificats")

    def ready(self) -> None:
        # Registers the receivers that forget the cached catalogue and the cached territory lists
        # of its filters, also in commands such as load-reference (they matter with a shared cache).
        from lakou.training import signals

        signals.connect()
