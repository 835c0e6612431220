"""Phone numbers and dates that have happened: the checks every form and the API share."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from lakou.core.validators import (
    PHONE_PATTERN,
    PhoneError,
    normalise_phone,
    past_date_problem,
    phone_display,
    validate_past_date,
    validate_phone,
)

PHONE_MESSAGE = "Numéro de téléphone invalide : écrivez par exemple 0696 12 34 56."


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0596 12 34 56", "+596596123456"),
        ("0696 12 34 56", "+596696123456"),
        ("0697123456", "+596697123456"),
        ("+596 596 12 34 56", "+596596123456"),
        ("+596 696 12 34 56", "+596696123456"),
        ("+596696123456", "+596696123456"),
        ("00596 696 12 34 56", "+596696123456"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("0696.12.34.56", "+596696123456"),
        (" 01 23 45 67 89 ", "+33123456789"),
        ("0590 12 34 56", "+590590123456"),
        ("0262 12 34 56", "+262262123456"),
        ("06\u202f12\u202f34\u202f56\u202f78", "+33612345678"),  # French typography's spaces
        # The national digits decide the country code, as when dialled from France.
        ("+33 696 12 34 56", "+596696123456"),
        ("+596 6 12 34 56 78", "+33612345678"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_a_french_number_is_stored_in_e164(typed: str, stored: str) -> None:
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "0696 12 34 5",  # 9 digits
        "0696 12 34 567",  # 11 digits
        "0696 12 34 AB",
        "téléphone",
        "06 12 34 56 78 poste 12",
        "0012345678",  # a national number never starts with 00…
        "6961234567",  # …nor without its 0
        "+1 514 555 0199",  # not a French number
        "+596 696 12 34",
        "+",
        "\n0696 12 34 56",
    ],
)
def test_letters_wrong_lengths_and_foreign_numbers_are_refused_in_french(typed: str) -> None:
    with pytest.raises(PhoneError, match="Numéro de téléphone invalide"):
        normalise_phone(typed)
    with pytest.raises(ValidationError) as raised:
        validate_phone(typed)
    assert raised.value.messages == [PHONE_MESSAGE]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+596696123456", "0696 12 34 56"),
        ("+596596123456", "0596 12 34 56"),
        ("+33612345678", "06 12 34 56 78"),
        ("06 12 34", "06 12 34"),  # typed before numbers were checked: shown as it is
        ("", ""),
    ],
)
def test_a_stored_number_is_shown_in_the_national_form(stored: str, shown: str) -> None:
    assert phone_display(stored) == shown


@given(st.from_regex(r"0[1-9][0-9]{8}", fullmatch=True))
def test_showing_a_stored_number_gives_back_its_ten_digits(national: str) -> None:
    assert phone_display(normalise_phone(national)).replace(" ", "") == national


def _accepted(text: str) -> bool:
    try:
        normalise_phone(text)
    except PhoneError:
        return False
    return True


@given(st.from_regex(PHONE_PATTERN, fullmatch=True))
def test_every_number_the_api_schema_allows_is_accepted(text: str) -> None:
    assert _accepted(text)


@given(st.text(alphabet="0123456789+() .-/\u00a0a", max_size=30))
def test_the_api_schema_allows_exactly_what_is_accepted(text: str) -> None:
    assert bool(re.fullmatch(PHONE_PATTERN, text)) == _accepted(text)


TODAY = date(2026, 3, 12)


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        (TODAY, ""),
        (date(2000, 1, 1), ""),
        (date(2031, 5, 4), "La date ne peut pas être dans le futur : nous sommes le 12/03/2026."),
        (date(2026, 3, 13), "La date ne peut pas être dans le futur : nous sommes le 12/03/2026."),
        (
            date(1999, 12, 31),
            "La date est trop ancienne : indiquez une date à partir du 01/01/2000.",
        ),
    ],
)
def test_a_past_date_is_neither_after_today_nor_before_2000(day: date, problem: str) -> None:
    assert past_date_problem(day, today=TODAY) == problem


def test_the_past_date_validator_reads_today_in_martinique() -> None:
    today = timezone.localdate()
    validate_past_date(today)
    with pytest.raises(ValidationError, match="dans le futur"):
        validate_past_date(today + timedelta(days=1))
