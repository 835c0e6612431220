from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
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


def validate_activity_number(value: str) -> None:
    if not re.fullmatch(r"\d{11}", value):
        raise ValidationError(
            _("Le numéro de déclaration d'activité compte 11 chiffres, sans espace."),
            code="invalid_activity_number",
        )


# ---------------------------------------------------------------- free-text bounds

# Every text a person types has one of these limits, in the form, the API schema and the model.
TITLE_MAX_LENGTH = 200
SHORT_TEXT_MAX_LENGTH = 2_000  # a reason, a motive, a message
LONG_TEXT_MAX_LENGTH = 10_000  # an objective, a content, a presentation


def text_bound(limit: int) -> dict[str, Any]:
    """A TextField's keyword arguments for `limit` characters: `max_length` bounds its form
    field (the admin's), the validator `full_clean`; the database column stays unbounded."""
    return {"max_length": limit, "validators": [MaxLengthValidator(limit)]}


# ---------------------------------------------------------------- dates that have happened

EARLIEST_PAST_DATE = date(2000, 1, 1)


def past_date_problem(value: date, *, today: date | None = None) -> str:
    """Why `value` cannot be the date of something already done, in French; "" when it can.

    "Today" is Martinique's (TIME_ZONE); nothing Lakou records happened before 2000.
    """
    today = today or timezone.localdate()
    if value > today:
        return str(
            _("La date ne peut pas être dans le futur : nous sommes le %(today)s.")
            % {"today": today.strftime("%d/%m/%Y")}
        )
    if value < EARLIEST_PAST_DATE:
        return str(_("La date est trop ancienne : indiquez une date à partir du 01/01/2000."))
    return ""


def validate_past_date(value: date) -> None:
    problem = past_date_problem(value)
    if problem:
        raise ValidationError(problem, code="not_past_date")


# ---------------------------------------------------------------- phone numbers

# Stored in E.164 (`+596696123456`, `+33612345678`): one spelling per number, whatever the
# spaces, dots or dashes typed, and what a `tel:` link dials from abroad. Shown in the national
# form (`phone_display`). French numbering only: metropolitan France and the overseas
# departments, whose numbers have their own country code although they are dialled as 10 digits
# from France. The 10 national digits decide the country code: « +33 696 … » is read as the
# Martinique number 0696 …, as it would be dialled from France.
# The first four national digits of an overseas number, and its country code.
OVERSEAS_PREFIXES = {
    "0590": "590",  # Guadeloupe, Saint-Martin, Saint-Barthélemy
    "0690": "590",
    "0691": "590",
    "0594": "594",  # Guyane
    "0694": "594",
    "0596": "596",  # Martinique
    "0696": "596",
    "0697": "596",
    "0262": "262",  # La Réunion, Mayotte
    "0263": "262",
    "0269": "262",
    "0639": "262",
    "0692": "262",
    "0693": "262",
    "0508": "508",  # Saint-Pierre-et-Miquelon
}
FRANCE_CODE = "33"
COUNTRY_CODES = (FRANCE_CODE, *sorted(set(OVERSEAS_PREFIXES.values())))
# Spaces (also the non-breaking ones French typography puts in numbers), tabs, dots, dashes,
# slashes; written out rather than \s, which regex engines read differently.
_SEPARATORS = "[ \t\u00a0\u202f./-]"
_PHONE_SEPARATORS = re.compile(_SEPARATORS + "+")
# Once the separators are gone: 0 or a French country code (+ or 00, then « (0) » allowed),
# then the 9 digits after the national 0.
_COMPACT_PHONE = re.compile(
    r"(?:0|(?:\+|00)(?:" + "|".join(COUNTRY_CODES) + r")(?:\(0\))?)([1-9][0-9]{8})"
)


def _spaced(compact: str) -> str:
    """`compact` (a regex of single characters, `\\+` or `[0-9]`) with separators after each."""
    atoms = re.findall(r"\\.|\[[^\]]*\]|.", compact)
    return "".join(f"{atom}{_SEPARATORS}*" for atom in atoms)


def _phone_pattern() -> str:
    codes = "|".join(_spaced(code) for code in COUNTRY_CODES)
    international = rf"(?:{_spaced(r'\+')}|{_spaced('00')})(?:{codes})(?:{_spaced(r'\(0\)')})?"
    digits = _spaced("[1-9]") + "(?:" + _spaced("[0-9]") + "){8}"
    return rf"^{_SEPARATORS}*(?:(?:{_spaced('0')}|{international}){digits})?$"


# What `normalise_phone` accepts, as a regular expression for the API's schema (same language).
PHONE_PATTERN = _phone_pattern()


PHONE_ERROR = _("Numéro de téléphone invalide : écrivez par exemple 0696 12 34 56.")


class PhoneError(ValueError):
    """Not a French phone number; the message says how to write one."""

    def __init__(self) -> None:
        super().__init__(str(PHONE_ERROR))


def _country_code(national: str) -> str:
    return OVERSEAS_PREFIXES.get(national[:4], FRANCE_CODE)


def normalise_phone(text: str) -> str:
    """The E.164 form of a French number (`+596696123456`); "" for an empty text.

    Accepts `0696 12 34 56`, `06.12.34.56.78`, `+596 696 12 34 56`, `+33 (0)6 12 34 56 78`,
    `00596…`; raises PhoneError (French message) for letters, a wrong length or a foreign number.
    """
    compact = _PHONE_SEPARATORS.sub("", text)
    if not compact:
        return ""
    match = _COMPACT_PHONE.fullmatch(compact)
    if match is None:
        raise PhoneError
    national = "0" + match.group(1)
    return f"+{_country_code(national)}{national[1:]}"


def phone_display(value: str) -> str:
    """The national form of a stored number: `0696 12 34 56`, `06 12 34 56 78`.

    Anything that is not a normalised number (typed before numbers were checked) is shown as is.
    """
    code = next((code for code in COUNTRY_CODES if value.startswith("+" + code)), None)
    if code is None:
        return value
    national = "0" + value[1 + len(code) :]
    if not re.fullmatch(r"0[1-9][0-9]{8}", national) or _country_code(national) != code:
        return value
    if code != FRANCE_CODE:
        return f"{national[:4]} {national[4:6]} {national[6:8]} {national[8:]}"
    return " ".join(national[i : i + 2] for i in range(0, 10, 2))


def validate_phone(value: str) -> None:
    try:
        normalise_phone(value)
    except PhoneError as error:
        raise ValidationError(str(error), code="invalid_phone") from error
