"""`lakou import <kind> FILE [--dry-run]`: all-or-nothing import with a report of every bad line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from lakou.core.actor import Actor
from lakou.core.imports import Importer, importers, run_import


def actor_for_email(email: str) -> Actor:
    from lakou.accounts.models import Membership, User

    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise CommandError(f"Aucun compte actif avec l'adresse « {email} ».")
    memberships = tuple(Membership.objects.active().for_user(user))
    return Actor(
        user=user, membership=memberships[0] if memberships else None, memberships=memberships
    )


class Command(BaseCommand):
    help = (
        "Importe un fichier CSV ou XLSX (tout ou rien). Types : "
        + ", ".join(sorted(importers()))
        + ". Avec --dry-run, vérifie le fichier sans rien enregistrer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", help="type de données à importer : " + ", ".join(sorted(importers()))
        )
        parser.add_argument("file", type=Path, help="fichier CSV (UTF-8 ou Windows-1252) ou XLSX")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="vérifier le fichier et compter ce qui changerait, sans rien enregistrer",
        )
        parser.add_argument(
            "--user",
            metavar="EMAIL",
            default="",
            help="compte au nom duquel l'import est inscrit au journal d'audit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
        if kind not in importers():
            raise CommandError(
                f"Type d'import inconnu « {kind} ». Types possibles : {', '.join(sorted(importers()))}."
            )
        importer_class: type[Importer[Any]] = import_string(importers()[kind])
        actor = actor_for_email(options["user"]) if options["user"] else None
        path: Path = options["file"]
        report = run_import(importer_class(), path, actor=actor, dry_run=options["dry_run"])
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
