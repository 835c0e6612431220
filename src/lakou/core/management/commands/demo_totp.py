from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lakou.accounts.demo import DEMO_ACCOUNTS, demo_totp_secret


class Command(BaseCommand):
    help = (
        "Démonstration seulement : affiche le code TOTP du moment pour le compte de la fédération."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        default = next(a.email for a in DEMO_ACCOUNTS if "federation" in a.organisations)
        parser.add_argument("email", nargs="?", default=default)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Cette commande n'existe qu'en démonstration (DEBUG activé).")
        from allauth.mfa import app_settings
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        email = options["email"]
        if email not in {a.email for a in DEMO_ACCOUNTS}:
            raise CommandError("Seuls les comptes de démonstration ont une clé connue.")
        counter = int(time.time()) // app_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(demo_totp_secret(email), counter)))
