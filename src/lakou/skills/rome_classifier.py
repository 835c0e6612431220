"""Offline classifier of offer titles to ROME occupations. Pure: no Django.

Built from (job title, ROME code) pairs — the 1,016 shipped ROME appellations and the 170
occupation labels — it proposes the closest codes for a free-text offer title, for the company to
confirm. Titles are normalised (case, accents, gender forms, abbreviations, a few English job
words, the noise words of offers), then compared by TF-IDF cosine over character n-grams (3 to 5,
within word boundaries) and whole words; a code scores as its best-matching title.
See docs/formats/classement-rome.md for how it was measured.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

# ---------------------------------------------------------------------------------------------
# Normalisation

# Gender marks of offers: « H/F », « F/H », « (H/F) », « h-f », « M/F », « H/F/X », « (F/H/X) ».
_GENDER_MARK = re.compile(r"\(?\b[hfmwx]\s*[/\\-]\s*[hfmwx](?:\s*[/\\-]\s*[hfmwxd])?\b\)?")
# Inclusive suffixes written in brackets or with a middle dot: « chargé(e) », « technicien(ne) »,
# « développeur·euse », « Technicien (cienne) ».
_FEMININE_BRACKETS = re.compile(
    r"\(\s*(?:e|es|ee|ne|se|euse|trice|rice|ice|fe|le|lle|tive|ive|ienne|cienne|enne|ere)\s*\)"
)
_FEMININE_DOT = re.compile(r"[·•](?:e|es|ne|se|euse|trice|rice|fe|le|lle|ive|ere)\b")
# « e-commerce », « e-santé » keep their prefix glued: « e » alone would be dropped.
_E_PREFIX = re.compile(r"\be-(?=[a-z])")
_NOT_WORD = re.compile(r"[^0-9a-z+#]+")
_DIGITS = re.compile(r"^[0-9]+$")

# Feminine word endings turned masculine, longest first, so that « Développeur / Développeuse »
# reads as one word twice (then once: a title is a set of words). Applied to reference titles and
# offers alike, so an over-reach (« vente » → « vent ») costs nothing.
_FEMININE_ENDINGS: tuple[tuple[str, str], ...] = (
    ("trice", "teur"),
    ("euse", "eur"),
    ("ienne", "ien"),
    ("llere", "ller"),
    ("iere", "ier"),
    ("elle", "el"),
    ("ive", "if"),
    ("ale", "al"),
    ("ante", "ant"),
    ("ee", "e"),
)
_FEMININE_WORDS = {
    "cheffe": "chef",
    "ingenieure": "ingenieur",
    "auteure": "auteur",
    "autrice": "auteur",
    "agente": "agent",
    "experte": "expert",
    "consultante": "consultant",
    "assistante": "assistant",
    "adjointe": "adjoint",
    "correspondante": "correspondant",
    "attachee": "attache",
    "deleguee": "delegue",
    "chargee": "charge",
    "specialisee": "specialise",
    "premiere": "premier",
    "deuxieme": "deuxieme",
    "designeuse": "designer",
    "camerawoman": "cameraman",
    "roughwoman": "roughman",
}

# Common abbreviations of offers: each word adds the words it stands for (the abbreviation stays:
# « DSI », « RSSI », « SEO » are in the ROME titles themselves).
ABBREVIATIONS: Mapping[str, str] = {
    "dev": "developpeur",
    "devs": "developpeur",
    "tech": "technicien",
    "techn": "technicien",
    "resp": "responsable",
    "respo": "responsable",
    "cdp": "chef projet",
    "admin": "administrateur",
    "adm": "administrateur",
    "sys": "systeme",
    "sysadmin": "administrateur systeme",
    "adminsys": "administrateur systeme",
    "dsi": "directeur systeme information",
    "rssi": "responsable securite systeme information",
    "si": "systeme information",
    "sirh": "systeme information ressource humaine",
    "drh": "directeur ressource humaine",
    "rrh": "responsable ressource humaine",
    "rh": "ressource humaine",
    "bi": "business intelligence decisionnel",
    "ia": "intelligence artificielle",
    "ai": "intelligence artificielle",
    "ml": "machine learning",
    "dba": "administrateur base donnee",
    "bdd": "base donnee",
    "dpo": "delegue protection donnee",
    "cto": "chief technical officer",
    "ciso": "chief information security officer",
    "cio": "chief information officer",
    "cdo": "chief data officer",
    "cm": "community manager",
    "com": "communication",
    "comm": "communication",
    "pub": "publicite",
    "seo": "referencement",
    "sea": "referencement",
    "sem": "referencement",
    "smo": "referencement social",
    "fo": "fibre optique",
    "ftth": "fibre optique",
    "qa": "qualite",
    "moa": "maitrise ouvrage",
    "amoa": "assistant maitrise ouvrage",
    "moe": "maitrise oeuvre",
    "tma": "tierce maintenance applicative",
    "pmo": "project management officer",
    "adv": "administration vente",
    "pao": "graphiste",
    "sav": "service apres vente",
    "epn": "espace public numerique",
    "tic": "technologie information communication",
    "it": "informatique",
    "info": "informatique",
    "infra": "infrastructure",
    "cyber": "cybersecurite",
    "secu": "securite",
    "n1": "support",
    "n2": "support",
    "n3": "support",
}

# Words written as one in offers and as two (or otherwise) in the ROME titles.
COMPOUNDS: Mapping[str, str] = {
    "fullstack": "full stack",
    "frontend": "front end",
    "backend": "back end",
    "webdesigner": "web designer",
    "webdesign": "web design",
    "webmarketer": "web marketer",
    "webmarketing": "web marketing",
    "webmestre": "webmaster",
    "helpdesk": "help desk",
    "hotline": "hot line",
    "fabmanager": "fablab manager",
    "datascientist": "data scientist",
    "nocode": "no code",
    "cybersecurity": "cybersecurite",
    "videosurveillance": "video surveillance",
    "telecom": "telecoms",
    "telecommunication": "telecoms",
    "telecommunications": "telecoms",
}

# English job words of offers, replaced by the French word of the ROME titles, in the references
# too (« Data engineer » reads « donnee ingenieur »): kept beside its translation, « engineer »
# pulled every « … engineer » offer towards the few English ROME titles.
ENGLISH: Mapping[str, str] = {
    "developer": "developpeur",
    "development": "developpement",
    "engineer": "ingenieur",
    "engineering": "ingenieur",
    "analyst": "analyste",
    "manager": "responsable",
    "management": "gestion",
    "technician": "technicien",
    "administrator": "administrateur",
    "architect": "architecte",
    "director": "directeur",
    "head": "responsable",
    "officer": "responsable",
    "security": "securite",
    "network": "reseau",
    "system": "systeme",
    "software": "logiciel",
    "database": "base donnee",
    "data": "donnee",
    "project": "projet",
    "product": "produit",
    "sales": "vente",
    "writer": "redacteur",
    "copywriter": "concepteur redacteur",
    "editor": "redacteur",
    "tester": "testeur",
    "testing": "test",
    "game": "jeu",
    "graphic": "graphiste",
    "content": "contenu",
    "operator": "operateur",
    "trainer": "formateur",
    "teacher": "formateur",
    "customer": "client",
    "technical": "technique",
    "computer": "informatique",
    "artificial": "artificielle",
    "learning": "apprentissage",
    "research": "recherche",
    "quality": "qualite",
    "planner": "planneur",
    "buyer": "acheteur",
    "operations": "exploitation",
    "user": "utilisateur",
    "pilot": "pilote",
    "journalist": "journaliste",
    "coordinator": "coordinateur",
    "advisor": "conseiller",
    "adviser": "conseiller",
    "specialist": "specialiste",
    "auditor": "auditeur",
    "programmer": "programmeur",
    "integrator": "integrateur",
    "installer": "installateur",
    "producer": "producteur",
    "statistician": "statisticien",
}

# Words of offers that say nothing of the occupation: contract, seniority, place, gender, and
# French and English small words.
NOISE_WORDS = frozenset(
    """
    cdi cdd cdic interim interimaire freelance independant stage stagiaire alternance alternant
    apprenti contrat pro professionnalisation urgent urgente poste offre recrute recrutement
    temps plein partiel mi mois an ans h f m x hf fh remote teletravail hybride possible
    confirme experimente debutant junior senior intern internship
    martinique guadeloupe guyane antilles
    de des du la le les en et a au aux pour un une sur avec ou par dans chez nous vous l d
    of the and for in to at on with
    """.split()  # noqa: SIM905 - a list to read, grouped by kind
)
# The 34 communes of Martinique (as written in offers, accents folded), removed as phrases.
COMMUNES = (
    "l ajoupa bouillon",
    "ajoupa bouillon",
    "les anses d arlet",
    "anses d arlet",
    "basse pointe",
    "le carbet",
    "case pilote",
    "le diamant",
    "ducos",
    "fonds saint denis",
    "fort de france",
    "le francois",
    "grand riviere",
    "gros morne",
    "le lamentin",
    "lamentin",
    "le lorrain",
    "macouba",
    "le marigot",
    "le marin",
    "le morne rouge",
    "morne rouge",
    "le precheur",
    "riviere pilote",
    "riviere salee",
    "le robert",
    "saint esprit",
    "saint joseph",
    "saint pierre",
    "sainte anne",
    "sainte luce",
    "sainte marie",
    "schoelcher",
    "la trinite",
    "les trois ilets",
    "trois ilets",
    "le vauclin",
    "le morne vert",
    "morne vert",
    "bellefontaine",
)
_COMMUNES = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in COMMUNES) + r")\b")


def fold(text: str) -> str:
    """Lower case, accents and ligatures folded: « Maîtrise d'Œuvre » → « maitrise d'oeuvre »."""
    folded = text.casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _masculine(word: str) -> str:
    if word in _FEMININE_WORDS:
        return _FEMININE_WORDS[word]
    if len(word) > 4:
        for ending, replacement in _FEMININE_ENDINGS:
            if word.endswith(ending):
                return word[: -len(ending)] + replacement
    return word


def _singular(word: str) -> str:
    if len(word) <= 3:
        return word
    if word.endswith("eaux") or word.endswith("eux"):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _base_form(word: str) -> str:
    return _masculine(_singular(word))


def normalise_title(title: str) -> str:
    """The words a title is compared on: « Développeur / Développeuse Web (H/F) - CDI » →
    « developpeur web ». Each word once, in order."""
    text = fold(title)
    text = _GENDER_MARK.sub(" ", text)
    text = _FEMININE_BRACKETS.sub(" ", text)
    text = _FEMININE_DOT.sub("", text)
    text = _E_PREFIX.sub("e", text)
    text = _NOT_WORD.sub(" ", text)
    text = _COMMUNES.sub(" ", " ".join(text.split()))
    words: list[str] = []
    for raw in text.split():
        for word in COMPOUNDS.get(raw, raw).split():
            word = word.strip("+#") or word
            if _DIGITS.match(word) or len(word) < 2 or word in NOISE_WORDS:
                continue
            english = ENGLISH.get(word) or ENGLISH.get(_singular(word))
            if english:
                words.extend(english.split())
                continue
            words.append(word)
            words.extend(ABBREVIATIONS.get(word, "").split())
    seen: dict[str, None] = {}
    for word in words:
        base = _base_form(word)
        if base not in NOISE_WORDS:
            seen.setdefault(base, None)
    return " ".join(seen)


# ---------------------------------------------------------------------------------------------
# Features

CHAR_NGRAMS = (3, 5)
# Share of the score given to character n-grams; the rest goes to whole words. Chosen by
# leave-one-out on the ROME titles themselves, not on the offer test set (see the docs).
CHAR_WEIGHT = 0.7
# Below this best score, a proposal is flagged as not confident (« à vérifier »).
CONFIDENCE_THRESHOLD = 0.35
# Offer titles scored together: a block of scores is titles × reference titles.
_BATCH = 512


def _char_ngrams(words: Sequence[str]) -> list[str]:
    low, high = CHAR_NGRAMS
    grams: list[str] = []
    for word in words:
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) < n:
                if n == low:
                    grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def _features(normalised: str) -> tuple[dict[str, float], dict[str, float]]:
    """(char n-gram → sublinear tf, word → 1) of a normalised title."""
    words = normalised.split()
    chars: dict[str, int] = {}
    for gram in _char_ngrams(words):
        chars[gram] = chars.get(gram, 0) + 1
    return (
        {gram: 1.0 + math.log(count) for gram, count in chars.items()},
        dict.fromkeys(words, 1.0),
    )


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed ROME code, its score (0 to 1), the reference title it came closest to, and
    whether the score reaches CONFIDENCE_THRESHOLD."""

    code: str
    score: float
    matched_title: str
    confident: bool


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a code is proposed: `title_match` (or `title_match_uncertain` under the threshold),
    the reference title matched and the similarity in percent."""

    code: str
    rome_code: str
    matched_title: str
    similarity_pct: int


def reason(candidate: Candidate) -> Reason:
    """The structured reason of a candidate."""
    return Reason(
        code="title_match" if candidate.confident else "title_match_uncertain",
        rome_code=candidate.code,
        matched_title=candidate.matched_title,
        similarity_pct=round(candidate.score * 100),
    )


def describe(item: Candidate | Reason) -> str:
    """Plain French: « intitulé proche de « Développeur / Développeuse web » (ressemblance
    82 %) », followed by « rapprochement incertain, à vérifier » when the match is weak."""
    why = reason(item) if isinstance(item, Candidate) else item
    text = (
        f"intitulé proche de « {why.matched_title} » "
        f"(ressemblance {why.similarity_pct}\N{NO-BREAK SPACE}%)"
    )
    if why.code == "title_match_uncertain":
        text += ", rapprochement incertain, à vérifier"
    return text


class _Vectoriser:
    """Two TF-IDF vocabularies (character n-grams, words) learnt from the reference titles."""

    def __init__(self, normalised: Sequence[str], char_weight: float) -> None:
        self.char_weight = char_weight
        char_df: dict[str, int] = {}
        word_df: dict[str, int] = {}
        for title in normalised:
            chars, words = _features(title)
            for gram in chars:
                char_df[gram] = char_df.get(gram, 0) + 1
            for word in words:
                word_df[word] = word_df.get(word, 0) + 1
        self.size = len(normalised)
        self.char_index = {gram: i for i, gram in enumerate(sorted(char_df))}
        self.word_index = {word: i for i, word in enumerate(sorted(word_df))}
        self.char_idf = self._idf([char_df[g] for g in sorted(char_df)])
        self.word_idf = self._idf([word_df[w] for w in sorted(word_df)])
        # An offer's word unknown to the references weighs as a word seen nowhere.
        self.unseen_idf = math.log(self.size + 1.0) + 1.0

    def _idf(self, frequencies: list[int]) -> NDArray[np.float64]:
        df = np.asarray(frequencies, dtype=np.float64)
        return np.log((1.0 + self.size) / (1.0 + df)) + 1.0

    def matrix(self, normalised: Sequence[str]) -> sparse.csr_matrix:
        """Rows of sqrt(w)·char ⊕ sqrt(1−w)·word, each block L2-normalised, so that a row product
        is w·cos(chars) + (1−w)·cos(words). Unknown features count in the norm, not in the
        product."""
        rows: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        offset = len(self.char_index)
        char_scale, word_scale = math.sqrt(self.char_weight), math.sqrt(1.0 - self.char_weight)
        for row, title in enumerate(normalised):
            chars, words = _features(title)
            for index, idf, offset_here, scale, tf in (
                (self.char_index, self.char_idf, 0, char_scale, chars),
                (self.word_index, self.word_idf, offset, word_scale, words),
            ):
                known: list[tuple[int, float]] = []
                norm = 0.0
                for feature, weight in tf.items():
                    position = index.get(feature)
                    value = weight * (
                        float(idf[position]) if position is not None else self.unseen_idf
                    )
                    norm += value * value
                    if position is not None:
                        known.append((position, value))
                if norm == 0.0:
                    continue
                factor = scale / math.sqrt(norm)
                for position, value in known:
                    rows.append(row)
                    cols.append(offset_here + position)
                    values.append(value * factor)
        shape = (len(normalised), offset + len(self.word_index))
        return sparse.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float64)


class RomeClassifier:
    """Nearest ROME titles of an offer title, aggregated per code (best title)."""

    def __init__(
        self,
        titles: Sequence[str],
        codes: Sequence[str],
        normalised: Sequence[str],
        *,
        aggregate: str = "max",
        char_weight: float = CHAR_WEIGHT,
    ) -> None:
        if not 0.0 <= char_weight <= 1.0:
            raise ValueError("char_weight is a share, from 0 to 1")
        if aggregate not in {"max", "top2"}:
            raise ValueError(f"unknown aggregate {aggregate!r}")
        self.aggregate = aggregate
        # Reference rows sorted by code, so that per-code reductions are contiguous slices.
        order = sorted(range(len(titles)), key=lambda i: (codes[i], normalised[i], titles[i]))
        self.titles = [titles[i] for i in order]
        self.row_codes = [codes[i] for i in order]
        self.normalised = [normalised[i] for i in order]
        self.codes = sorted(set(self.row_codes))
        self.starts = np.asarray(
            [i for i, code in enumerate(self.row_codes) if i == 0 or self.row_codes[i - 1] != code],
            dtype=np.intp,
        )
        self.vectoriser = _Vectoriser(self.normalised, char_weight)
        self.reference = self.vectoriser.matrix(self.normalised).T.tocsr()

    @classmethod
    def build(
        cls,
        titles: Iterable[tuple[str, str]],
        *,
        aggregate: str = "max",
        char_weight: float = CHAR_WEIGHT,
    ) -> RomeClassifier:
        """From (title, ROME code) pairs: appellations, occupation labels. A title whose
        normalised words repeat another of the same code counts once."""
        kept: dict[tuple[str, str], str] = {}
        for title, code in titles:
            title, code = title.strip(), code.strip().upper()
            words = normalise_title(title)
            if not title or not code or not words:
                continue
            # Of titles that read the same, the shortest (then first in alphabetical order) is
            # shown: the same whatever order the references come in.
            known = kept.get((code, words))
            if known is None or (len(title), title) < (len(known), known):
                kept[(code, words)] = title
        if not kept:
            raise ValueError("no usable reference title")
        return cls(
            titles=list(kept.values()),
            codes=[code for code, _words in kept],
            normalised=[words for _code, words in kept],
            aggregate=aggregate,
            char_weight=char_weight,
        )

    def similarities(self, titles: Sequence[str]) -> NDArray[np.float64]:
        """Cosine of each offer title (rows) with each reference title (columns, sorted by code)."""
        query = self.vectoriser.matrix([normalise_title(t) for t in titles])
        return np.asarray((query @ self.reference).toarray())

    def code_scores(
        self, similarities: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
        """(score per code, best reference row per code) for each row of `similarities`."""
        best = np.maximum.reduceat(similarities, self.starts, axis=1)
        sizes = np.diff(np.append(self.starts, similarities.shape[1]))
        group = np.repeat(np.arange(len(self.starts)), sizes)
        # The best row of each code: the first that reaches the code's maximum.
        hits = similarities >= best[:, group]
        position = np.arange(similarities.shape[1])
        best_row = np.minimum.reduceat(
            np.where(hits, position, similarities.shape[1]), self.starts, axis=1
        )
        if self.aggregate == "max":
            return best, best_row
        masked = similarities.copy()
        masked[np.arange(len(masked))[:, None], best_row] = -np.inf
        second = np.maximum.reduceat(masked, self.starts, axis=1)
        # A code with a single title keeps its score: the mean is over the titles it has.
        second = np.where(np.isfinite(second), second, best)
        return (best + second) / 2.0, best_row

    def classify_many(self, titles: Sequence[str], k: int = 3) -> list[list[Candidate]]:
        """The k best codes of each title, best first (an empty list for a title with no usable
        word once normalised, « H/F - CDI »)."""
        results: list[list[Candidate]] = []
        for start in range(0, len(titles), _BATCH):
            results.extend(self._classify_batch(titles[start : start + _BATCH], k))
        return results

    def _classify_batch(self, titles: Sequence[str], k: int) -> list[list[Candidate]]:
        scores, best_row = self.code_scores(self.similarities(titles))
        results: list[list[Candidate]] = []
        for i, title in enumerate(titles):
            if not normalise_title(title):
                results.append([])
                continue
            # Highest score first, ties by code: the same order on every run.
            order = np.lexsort((np.arange(len(self.codes)), -scores[i]))[:k]
            candidates = []
            for j in order:
                score = round(float(scores[i, j]), 4)
                candidates.append(
                    Candidate(
                        code=self.codes[j],
                        score=score,
                        matched_title=self.titles[int(best_row[i, j])],
                        confident=score >= CONFIDENCE_THRESHOLD,
                    )
                )
            results.append(candidates)
        return results

    def classify(self, title: str, k: int = 3) -> list[Candidate]:
        """The k best ROME codes for an offer title, best first."""
        return self.classify_many([title], k)[0]
