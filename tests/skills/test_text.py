from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakou.skills.text import normalise, search_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Développeur / Développeuse informatique", "developpeur developpeuse informatique"),
        ("CYBERSÉCURITÉ", "cybersecurite"),
        ("Chargé / Chargée de projet e-commerce", "charge chargee de projet e commerce"),
        ("Systèmes d'information", "systemes d information"),
        ("Cœur de métier", "coeur de metier"),
        ("  ", ""),
    ],
)
def test_it_lowercases_and_strips_accents(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_a_query_is_split_into_normalised_words() -> None:
    assert search_words("  Développeur   WEB ") == ["developpeur", "web"]


@given(st.text())
def test_normalised_text_is_plain_lowercase_ascii_words(text: str) -> None:
    result = normalise(text)
    assert set(result) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ")
    assert "  " not in result
    assert result == result.strip()


@given(st.text())
def test_normalising_twice_changes_nothing(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)
