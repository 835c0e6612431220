"""French wording that string formatting gets wrong: « de » before a name. No Django import."""

from __future__ import annotations

import unicodedata

# An h is taken as mute (« d'Habitat », « d'Hélène »): most names read so, and the few with an
# aspirated h (« de Hoarau ») cannot be told apart by their spelling.
_VOWELS = frozenset("aeiouh")
_Y_BEFORE = frozenset("aeiou")


def _base_letter(char: str) -> str:
    """The letter without its accent, in lower case: « É » → « e », « Œ » → « o »."""
    decomposed = unicodedata.normalize("NFKD", char.lower())
    letter = decomposed[:1]
    return {"œ": "o", "æ": "a"}.get(letter, letter)


def elides(word: str) -> bool:
    """Does « de » (« le », « que »…) lose its e before `word`? A vowel or an h, and a y before
    a consonant (« d'Yvelines », but « de Yannick »)."""
    if not word:
        return False
    first = _base_letter(word[0])
    if first in _VOWELS:
        return True
    if first == "y":
        return (
            len(word) > 1
            and _base_letter(word[1]).isalpha()
            and (_base_letter(word[1]) not in _Y_BEFORE)
        )
    return False


def de_name(name: str) -> str:
    """« de » and a name, elided when it must be: « d'Électricité Piton », « de Piton »."""
    name = name.strip()
    return f"d'{name}" if elides(name) else f"de {name}"
