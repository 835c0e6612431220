from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lakou.core.identifiers import naf_valid, siren_valid, siret_valid


def validate_siret(value: str) -> None:
    if not siret_valid(value):
        raise ValidationError(
            _("Le SIRET doit compter 14 chiffres et sa clé de contrôle doit être juste."),
            code="invalid_siret",
        )


def validate_siren(value: str) -> None:
    if not siren_valid(value):
        raise ValidationError(
            _("Le SIREN doit compter 9 chiffres et sa clé de contrôle doit être juste."),
            code="invalid_siren",
        )


def validate_naf(value: str) -> None:
    if not naf_valid(value):
        raise ValidationError(
            _("Le code NAF doit avoir la forme 62.01Z."),
            code="invalid_naf",
        )
