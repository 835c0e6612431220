from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from lakou.core.periodic import PeriodicTask, load, periodic_tasks


def due_tasks(
    tasks: tuple[PeriodicTask, ...], last_runs: dict[str, datetime], now: datetime
) -> list[PeriodicTask]:
    """The tasks never enqueued by this process, or whose interval has passed since."""
    return [
        task
        for task in tasks
        if task.path not in last_runs or now - last_runs[task.path] >= task.every
    ]


class Command(BaseCommand):
    help = (
        "Met en file, à intervalles réguliers, les tâches périodiques (suivi à six mois, relances "
        "des campagnes) ; le travailleur (db_worker) les exécute."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=60,
            help="Minutes entre deux vérifications (60 par défaut).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Met toutes les tâches en file une fois et s'arrête.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            self._enqueue(list(periodic_tasks()), {})
            return
        # In memory only: after a restart every task runs once more, which they all tolerate
        # (each one claims what it sends).
        last_runs: dict[str, datetime] = {}
        while True:
            self._enqueue(due_tasks(periodic_tasks(), last_runs, timezone.now()), last_runs)
            time.sleep(options["every"] * 60)

    def _enqueue(self, tasks: list[PeriodicTask], last_runs: dict[str, datetime]) -> None:
        for periodic in tasks:
            result = load(periodic.path).enqueue()
            last_runs[periodic.path] = timezone.now()
            self.stdout.write(f"{periodic.path} : en file ({result.id})")
