"""`lakou indicators --indicator companies-diagnosed --period 2026 --territory 97209 --format json`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lakou.core.indicators import IndicatorInputError, compute, indicators


class Command(BaseCommand):
    help = "Calcule un indicateur pour une période et un territoire (voir docs/indicateurs.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--indicator", help="identifiant, par exemple companies-diagnosed")
        parser.add_argument("--period", help="année (2026) ou trimestre (2026-Q3)")
        parser.add_argument(
            "--territory",
            default="",
            help="vide : toute la Martinique ; SIREN d'un EPCI ; code INSEE d'une commune",
        )
        parser.add_argument("--format", choices=("json", "table"), default="table")
        parser.add_argument("--list", action="store_true", help="liste les indicateurs")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for indicator in indicators():
                self.stdout.write(f"{indicator.id}\t{indicator.title}")
            return
        if not options["indicator"]:
            raise CommandError("Donnez un indicateur avec --indicator (voir --list).")
        if not options["period"]:
            raise CommandError("Donnez une période avec --period (2026 ou 2026-Q3).")
        try:
            result = compute(options["indicator"], options["period"], options["territory"])
        except IndicatorInputError as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        figures = {k: v for k, v in result.items() if not isinstance(v, dict | list)}
        width = max(len(key) for key in figures)
        for key, value in figures.items():
            shown = "—" if value is None else value
            self.stdout.write(f"{key.ljust(width)}  {shown}")
        for key, value in result.items():
            if key not in figures:  # breakdowns: one table per grouping, as JSON lines
                self.stdout.write(f"\n{key} :")
                for name, rows in value.items() if isinstance(value, dict) else [("", value)]:
                    if name:
                        self.stdout.write(f"  {name}")
                    for row in rows:
                        self.stdout.write("    " + json.dumps(row, ensure_ascii=False))
