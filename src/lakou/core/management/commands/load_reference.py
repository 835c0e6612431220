from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from lakou.diagnostics.builtin import load_builtin_questionnaires
from lakou.skills.loaders import load_reference_skills
from lakou.territory.loaders import load_reference_territory


class Command(BaseCommand):
    help = (
        "Charge les référentiels (communes, EPCI, DigComp, e-CF, métiers ROME) depuis data/ "
        "et les questionnaires fournis avec Lakou."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = {
            **load_reference_territory(settings.DATA_DIR),
            **load_reference_skills(settings.DATA_DIR),
            # After the skills: the built-in questionnaires name DigComp competences and ROME codes.
            **load_builtin_questionnaires(),
        }
        for name, count in counts.items():
            self.stdout.write(f"  {name} : {count}")
        self.stdout.write(self.style.SUCCESS("Référentiels chargés."))
