"""French company identifiers (SIREN, SIRET, NAF). Pure functions, no Django import."""

from __future__ import annotations

import re

NAF_PATTERN = re.compile(r"^\d{2}\.\d{2}[A-Z]$")
# La Poste's establishments do not follow Luhn; INSEE checks them by digit sum instead.
LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siren_valid(siren: str) -> bool:
    return len(siren) == 9 and luhn_valid(siren)


def siret_valid(siret: str) -> bool:
    if len(siret) != 14 or not siret.isdigit():
        return False
    if siret.startswith(LA_POSTE_SIREN):
        return sum(int(c) for c in siret) % 5 == 0
    return luhn_valid(siret)


def normalise_identifier(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def normalise_naf(value: str) -> str:
    """`6201Z`, `62.01z` and ` 62.01Z ` all become `62.01Z`."""
    compact = re.sub(r"[\s.]", "", value or "").upper()
    if len(compact) == 5:
        return f"{compact[:2]}.{compact[2:]}"
    return compact


def naf_valid(value: str) -> bool:
    return bool(NAF_PATTERN.match(value))
