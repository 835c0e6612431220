from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lakou.core.demo import SCALES, seed_all


class Command(BaseCommand):
    help = (
        "Crée des données de démonstration réalistes et reproductibles. "
        "Relancer la commande ne crée pas de doublons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=972)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        counts = seed_all(scale=SCALES[options["scale"]], seed=options["seed"])
        for name, count in counts.items():
            self.stdout.write(f"  {name} : {count}")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Données de démonstration prêtes ({elapsed:.1f} s)."))
