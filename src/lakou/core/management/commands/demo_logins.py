from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lakou.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_totp_secret
from lakou.accounts.models import User


class Command(BaseCommand):
    help = "Affiche un identifiant de démonstration par rôle."

    def handle(self, *args: Any, **options: Any) -> None:
        existing = set(
            User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).values_list(
                "email", flat=True
            )
        )
        if not existing:
            self.stdout.write("Aucun compte de démonstration : lancez « lakou seed-demo ».")
            return
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Comptes de démonstration"))
        self.stdout.write(
            "Connexion sans mot de passe : « Recevoir un code de connexion », puis lisez le code "
            "dans ce terminal (les e-mails s'y affichent). Ou mot de passe : " + DEMO_PASSWORD
        )
        width = max(len(a.role) for a in DEMO_ACCOUNTS)
        for account in DEMO_ACCOUNTS:
            if account.email in existing:
                self.stdout.write(f"  {account.role.ljust(width)}  {account.email}")
        federation = next(a for a in DEMO_ACCOUNTS if "federation" in a.organisations)
        self.stdout.write(
            "La fédération doit aussi saisir un code d'application d'authentification (TOTP). "
            f"Clé à ajouter dans l'application : {demo_totp_secret(federation.email)} "
            "— ou affichez le code du moment avec « lakou demo-totp »."
        )
        self.stdout.write("")
