from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from lakou.core.reference import reference_loaders


class Command(BaseCommand):
    help = (
        "Charge les référentiels (communes, EPCI, DigComp, e-CF, métiers ROME) depuis data/ "
        "et les questionnaires fournis avec Lakou."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts: dict[str, int] = {}
        for loader in reference_loaders():
            counts.update(loader.load(settings.DATA_DIR))
        for name, count in counts.items():
            self.stdout.write(f"  {name} : {count}")
        self.stdout.write(self.style.SUCCESS("Référentiels chargés."))
