"""Accounts in the menus and on the homes: « Mon compte » and the acting organisation."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lakou.core.actor import Actor
from lakou.core.french import de_name
from lakou.core.navigation import HomePart, MenuEntry, NextStep, register_home, register_menu

ACCOUNT_VIEWS = (
    "account_email",
    "account_change_password",
    "account_set_password",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "accounts:token_list",
    "accounts:token_create",
    "accounts:organisation_detail",
)


@register_menu
def menu(actor: Actor) -> list[MenuEntry]:
    if actor.user is None:
        return []
    return [MenuEntry(_("Mon compte"), reverse("my_account"), order=99, views=ACCOUNT_VIEWS)]


@register_home
def home(actor: Actor) -> HomePart:
    if actor.user is None:
        return HomePart()
    steps = [
        NextStep(
            _("Mon compte"),
            _(
                "Vos adresses e-mail, votre mot de passe, la double authentification, vos jetons "
                "d'API et vos organisations."
            ),
            reverse("my_account"),
            order=91,
        )
    ]
    if actor.organisation is not None:
        steps.insert(
            0,
            NextStep(
                _("Voir mon organisation"),
                _("Les membres %(of_name)s et leur rôle.")
                % {"of_name": de_name(actor.organisation.name)},
                actor.organisation.get_absolute_url(),
                order=90,
            ),
        )
    return HomePart(steps=steps)
