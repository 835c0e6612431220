"""`lakou export-catalogue --format lheo|data-inclusion|csv [--output FILE]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lakou.training.services.opendata import (
    build_csv,
    build_data_inclusion,
    build_lheo,
    load_catalogue,
)

FORMATS = ("lheo", "data-inclusion", "csv")


class Command(BaseCommand):
    help = (
        "Exporte le catalogue publié (LHEO 2.3, data·inclusion ou CSV) ; "
        "voir docs/formats/catalogue-opendata.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=FORMATS, required=True, help="format du fichier")
        parser.add_argument("--output", help="fichier à écrire (par défaut : la sortie standard)")
        parser.add_argument(
            "--base-url", default="", help="adresse du site pour les liens (par défaut SITE_URL)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = (options["base_url"] or settings.SITE_URL).rstrip("/")
        programmes = load_catalogue()
        if options["format"] == "lheo":
            body = build_lheo(programmes, base_url=base_url)
        elif options["format"] == "csv":
            body = build_csv(programmes, base_url=base_url)
        else:
            data = build_data_inclusion(programmes, base_url=base_url)
            body = (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()
        if not options["output"]:
            self.stdout.write(body.decode("utf-8"), ending="")
            return
        try:
            Path(options["output"]).write_bytes(body)
        except OSError as error:
            raise CommandError(f"Impossible d'écrire {options['output']} : {error}") from error
        self.stdout.write(
            f"{len(programmes)} formations exportées dans {options['output']} ({len(body)} octets)."
        )
