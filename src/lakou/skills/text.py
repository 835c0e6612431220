"""Search text normalisation: lowercase, no accents, words separated by one space (no Django)."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """'Développeur / Développeuse' → 'developpeur developpeuse'."""
    # NFKD leaves the ligatures whole, and "cœur" must be found by "coeur".
    folded = text.casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", folded)
    if not decomposed.isascii():
        decomposed = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", decomposed).strip()


def search_words(query: str) -> list[str]:
    """The words of a search query, normalised like the stored search text."""
    return normalise(query).split()
