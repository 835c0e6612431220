from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Lance Lakou et, à côté, le travailleur des tâches de fond (envoi d'e-mails, relances…). "
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
        try:
            call_command("runserver", f"{options['host']}:{options['port']}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
