"""Search text normalisation: lowercase, no accents, words separated by one space (no Django)."""

from __future__ import annotations

import re
import unicodedata

# Ligatures that NFKD leaves whole ("cœur" must be found by "coeur").
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """'Développeur / Développeuse' → 'developpeur developpeuse'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", ascii_only).strip()


def search_words(query: str) -> list[str]:
    """The words of a search query, normalised like the stored search text."""
    return normalise(query).split()
