from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

ACCESS_LOG_FORMAT = '%(t)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms'


def default_workers() -> int:
    """Gunicorn's advice, two per core plus one, kept small enough for a laptop."""
    return min(2 * (os.cpu_count() or 1) + 1, 9)


class Command(BaseCommand):
    help = (
        "Lance Lakou avec un vrai serveur (gunicorn, plusieurs processus, fichiers statiques "
        "compressés) et, à côté, le travailleur des tâches de fond (envoi d'e-mails, relances…) "
        "et le planificateur des tâches périodiques. Pour la démonstration et les petites "
        "installations ; en production, voir docs/exploitation.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--workers", type=int, default=default_workers(), help="processus du serveur web"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        env = served_environment(os.environ, host=host, port=port)
        # Compressed files with hashed names are built once, before any process serves them.
        subprocess.run(
            [sys.executable, "-m", "lakou.manage", "collectstatic", "--no-input", "-v", "0"],
            env=env,
            check=True,
        )
        # The worker and the scheduler are children so that nobody has to remember them.
        worker = subprocess.Popen(
            [sys.executable, "-m", "lakou.manage", "db_worker", "--interval", "2"], env=env
        )
        scheduler = subprocess.Popen(
            [sys.executable, "-m", "lakou.manage", "run_periodic"], env=env
        )
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "lakou.config.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
                "--access-logformat",
                ACCESS_LOG_FORMAT,
                "--graceful-timeout",
                "10",
            ],
            env=env,
        )
        try:
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for child in (server, scheduler, worker):
                child.terminate()
            for child in (server, scheduler, worker):
                child.wait(timeout=15)


def served_environment(
    environ: os._Environ[str] | dict[str, str], *, host: str, port: int
) -> dict[str, str]:
    """Serve as in production: no debug pages, compressed static files, links to this address."""
    env = dict(environ)
    env.setdefault("DEBUG", "0")
    env.setdefault("STATIC_COMPRESSED", "1")
    env.setdefault("SITE_URL", f"http://{host}:{port}")
    env.setdefault("STATIC_ROOT", str(settings.STATIC_ROOT))
    return env
