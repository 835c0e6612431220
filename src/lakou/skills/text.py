"""Search text: normalisation (lowercase, no accents, words separated by one space) and French
stems for the catalogue search (no Django)."""

from __future__ import annotations

import functools
import re
import threading
import unicodedata

import snowballstemmer  # type: ignore[import-untyped]

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


# PostgreSQL's `french.stop` (the Snowball list), accents kept as they are there: PostgreSQL
# compares the list with the word after `unaccent`, so "même" or "été" are never left out, and
# neither are they here, where the list is compared with the normalised word.
FRENCH_STOP_WORDS = frozenset(
    """
    au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me même mes moi
    mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un
    une vos votre vous c d j l à m n s t y été étée étées étés étant étante étants étantes suis es
    est sommes êtes sont serai seras sera serons serez seront serais serait serions seriez
    seraient étais était étions étiez étaient fus fut fûmes fûtes furent sois soit soyons soyez
    soient fusse fusses fût fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus
    ai as avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez
    auraient avais avait avions aviez avaient eut eûmes eûtes eurent aie aies ait ayons ayez aient
    eusse eusses eût eussions eussiez eussent
    """.split()  # noqa: SIM905 - the list as PostgreSQL ships it, easier to compare
)
_HAS_DIGIT = re.compile(r"\d")
_stemmers = threading.local()


def search_terms(text: str) -> list[str]:
    """The normalised words of `text` without French stop words, each once, in order."""
    words = normalise(text).split()
    return list(dict.fromkeys(word for word in words if word not in FRENCH_STOP_WORDS))


@functools.lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The Snowball French stem of a normalised word ("seniors" → "senior"), as PostgreSQL's
    `french_stem` gives it; a word with a digit stays whole, as PostgreSQL's `simple` keeps it."""
    if _HAS_DIGIT.search(word):
        return word
    # A stemmer keeps its state while it works: one per thread.
    stemmer = getattr(_stemmers, "french", None)
    if stemmer is None:
        stemmer = _stemmers.french = snowballstemmer.stemmer("french")
    result: str = stemmer.stemWord(word)
    return result


def search_stems(text: str) -> list[str]:
    """The stems of the words of `text` without stop words, each once, in order."""
    return list(dict.fromkeys(stem(word) for word in search_terms(text)))


_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def words_only(text: str) -> str:
    """The words of `text`, accents and case kept, separated by one space: what PostgreSQL's
    parser then reads as plain words ("UX/UI" would be a file name to it, "e-learning" three
    words), so that it cuts the text where `normalise` does."""
    return _NOT_LETTER_OR_DIGIT.sub(" ", text).strip()
