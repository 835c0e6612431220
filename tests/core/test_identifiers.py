from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakou.core.demo import luhn_complete
from lakou.core.identifiers import luhn_valid, naf_valid, normalise_naf, siren_valid, siret_valid


@pytest.mark.parametrize(
    ("siret", "valid"),
    [
        ("73282932000074", True),  # a real, published SIRET
        ("73282932000075", False),  # last digit changed
        ("7328293200007", False),  # 13 digits
        ("7328293200007A", False),
        ("35600000000010", True),  # La Poste: digit sum (15) is a multiple of 5
        ("35600000000011", False),
    ],
)
def test_siret_checksum(siret: str, valid: bool) -> None:
    assert siret_valid(siret) is valid


def test_siren_checksum() -> None:
    assert siren_valid("732829320")
    assert not siren_valid("732829321")


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_luhn_complete_always_gives_a_valid_number(base: str) -> None:
    assert luhn_valid(luhn_complete(base))


@given(st.text(alphabet="0123456789", min_size=13, max_size=13), st.integers(0, 12))
def test_changing_one_digit_breaks_luhn(base: str, position: int) -> None:
    number = luhn_complete(base)
    digit = int(number[position])
    altered = number[:position] + str((digit + 1) % 10) + number[position + 1 :]
    assert not luhn_valid(altered)


@pytest.mark.parametrize(
    ("raw", "expected", "valid"),
    [
        ("6201Z", "62.01Z", True),
        (" 62.01z ", "62.01Z", True),
        ("62.1Z", "621Z", False),
        ("ABCDE", "AB.CDE", False),
    ],
)
def test_naf_normalisation(raw: str, expected: str, valid: bool) -> None:
    assert normalise_naf(raw) == expected
    assert naf_valid(normalise_naf(raw)) is valid
