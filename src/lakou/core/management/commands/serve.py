from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Lance Lakou et, à côté, le travailleur des tâches de fond (envoi d'e-mails, relances…) "
        "et le planificateur des tâches périodiques. "
        "Pour la démonstration et les petites installations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        # The worker is a child process so that nobody has to remember to start it.
        worker = subprocess.Popen(
            [sys.executable, "-m", "lakou.manage", "db_worker", "--interval", "2"]
        )
        # The scheduler enqueues the periodic tasks (six-month follow-up, campaign reminders).
        scheduler = subprocess.Popen([sys.executable, "-m", "lakou.manage", "run_periodic"])
        try:
            call_command("runserver", f"{options['host']}:{options['port']}", use_reloader=False)
        finally:
            for child in (scheduler, worker):
                child.terminate()
            for child in (scheduler, worker):
                child.wait(timeout=10)
