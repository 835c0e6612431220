"""Orientation advice: which occupations to aim for, ranked by local demand and by the person's fit,
with the competence gap each leaves (issue 13, « Orientation advice »). Pure: no Django.

Score of an occupation (between 0 and 1, higher first; ties go to the lower ROME code)

    score  = DEMAND_SHARE · demand + (1 − DEMAND_SHARE) · fit
    demand = points / (points + DEMAND_HALF),
             points = needs + OFFER_WEIGHT · offers + PLACEMENT_WEIGHT · placements
    fit    = Σ_requirements min(held, required) · weight / Σ_requirements required,
             weight = 1 for a verified competence (a Lakou certificate), DECLARED_WEIGHT otherwise

`demand` saturates: 10 points make it 0.5, 30 points 0.75, so that one occupation with huge demand
does not bury every other, and the figure of one occupation never changes another's score (a fixed
unit, not a share of the largest). `fit` counts competence levels: holding level 2 of a required
level 4 is half of that requirement; a level above the required one counts as the required one.

Plain data in, plain data out: reasons are a code with its numbers (`Reason`), and
`describe_reason` puts them in plain French (the Django layer may wrap them in its translations).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from lakou.core.french import de_name

# A need declared in a diagnostic counts 1 point; an open offer is a place to take now.
OFFER_WEIGHT = 2.0
# A placement or hire of the last twelve months: companies here do take people for this job.
PLACEMENT_WEIGHT = 1.5
# Demand points that make the demand part 0.5.
DEMAND_HALF = 10.0
# Share of the score given to local demand; the rest is the person's fit.
DEMAND_SHARE = 0.5
# A declared (self-assessed) competence counts for this share of a verified one.
DECLARED_WEIGHT = 0.8

Fact = int | float | str | date | tuple[str, ...] | None


class Reason:
    """Why: a code and its facts, e.g. `Reason("competences", matched=4, required=5, certified=2)`."""

    __slots__ = ("code", "facts")

    code: str
    facts: Mapping[str, Fact]

    def __init__(self, code: str, /, **facts: Fact) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "facts", MappingProxyType(dict(facts)))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Reason is immutable")

    def __getitem__(self, key: str) -> Fact:
        return self.facts[key]

    def number(self, key: str) -> float:
        value = self.facts[key]
        if not isinstance(value, int | float):
            raise TypeError(f"{self.code}.{key} is not a number: {value!r}")
        return value

    def count(self, key: str) -> int:
        return int(self.number(key))

    def text(self, key: str) -> str:
        value = self.facts.get(key)
        return "" if value is None else str(value)

    def day(self, key: str) -> date:
        value = self.facts[key]
        if not isinstance(value, date):
            raise TypeError(f"{self.code}.{key} is not a date: {value!r}")
        return value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Reason):
            return NotImplemented
        return self.code == other.code and dict(self.facts) == dict(other.facts)

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.facts.items(), key=lambda item: item[0]))))

    def __repr__(self) -> str:
        facts = ", ".join(f"{key}={value!r}" for key, value in self.facts.items())
        return f"Reason({self.code!r}{', ' if facts else ''}{facts})"


# ---------------------------------------------------------------------------------------------
# Inputs and outputs


@dataclass(frozen=True)
class Held:
    """A competence the person holds: its level, and whether a Lakou certificate proves it."""

    level: int
    verified: bool = False


@dataclass(frozen=True)
class Requirement:
    """A competence an occupation (or an offer) asks for, at a level; `name` is for the reasons."""

    competence: str
    level: int
    name: str = ""


@dataclass(frozen=True)
class Occupation:
    """A ROME occupation with the competences it requires (from ROME / e-CF / DigComp links)."""

    code: str
    label: str
    requirements: tuple[Requirement, ...] = ()


@dataclass(frozen=True)
class Demand:
    """Local demand for one occupation: needs companies declared in diagnostics (marked
    « recruit »), offers open now, placements and hires of the last twelve months."""

    needs: int = 0
    offers: int = 0
    placements: int = 0

    @property
    def points(self) -> float:
        return self.needs + OFFER_WEIGHT * self.offers + PLACEMENT_WEIGHT * self.placements


@dataclass(frozen=True)
class GapItem:
    """One competence short of what an occupation requires: the level held (0: none) and the
    level required."""

    competence: str
    name: str
    held_level: int
    required_level: int
    held_verified: bool = False


@dataclass(frozen=True)
class Suggestion:
    occupation: Occupation
    score: float
    demand: float
    fit: float
    reasons: tuple[Reason, ...]
    gap: tuple[GapItem, ...] = field(default=())


# ---------------------------------------------------------------------------------------------
# Scoring


def demand_part(demand: Demand) -> float:
    """Between 0 and 1: DEMAND_HALF points give 0.5 (see the module docstring)."""
    points = max(0.0, demand.points)
    return points / (points + DEMAND_HALF)


def fit_part(profile: Mapping[str, Held], requirements: Sequence[Requirement]) -> float:
    """Share of the required competence levels held, a declared one counting DECLARED_WEIGHT."""
    required = sum(max(0, r.level) for r in requirements)
    if required == 0:
        return 0.0
    held = 0.0
    for requirement in requirements:
        have = profile.get(requirement.competence)
        if have is None or requirement.level <= 0:
            continue
        weight = 1.0 if have.verified else DECLARED_WEIGHT
        held += min(have.level, requirement.level) * weight
    return held / required


def competence_gap(
    profile: Mapping[str, Held], requirements: Sequence[Requirement]
) -> tuple[GapItem, ...]:
    """Each required competence held below its level (or not at all), in the order required."""
    gap = []
    for requirement in requirements:
        have = profile.get(requirement.competence)
        level = have.level if have else 0
        if level < requirement.level:
            gap.append(
                GapItem(
                    competence=requirement.competence,
                    name=requirement.name or requirement.competence,
                    held_level=level,
                    required_level=requirement.level,
                    held_verified=bool(have and have.verified),
                )
            )
    return tuple(gap)


def merge_gaps(*gaps: Iterable[GapItem]) -> tuple[GapItem, ...]:
    """One gap for several target occupations: each competence once, at the highest level
    required, in the order first met."""
    merged: dict[str, GapItem] = {}
    for gap in gaps:
        for item in gap:
            known = merged.get(item.competence)
            if known is None or item.required_level > known.required_level:
                merged[item.competence] = item
    return tuple(merged.values())


def competences_reason(profile: Mapping[str, Held], requirements: Sequence[Requirement]) -> Reason:
    """How many required competences the person holds at the level (and how many of those are
    certified), and how many below it."""
    matched = certified = partial = 0
    for requirement in requirements:
        have = profile.get(requirement.competence)
        if have is None or have.level <= 0:
            continue
        if have.level >= requirement.level:
            matched += 1
            certified += have.verified
        else:
            partial += 1
    return Reason(
        "competences",
        matched=matched,
        required=len(requirements),
        certified=certified,
        partial=partial,
    )


def demand_reason(demand: Demand) -> Reason:
    return Reason("demand", needs=demand.needs, offers=demand.offers, placements=demand.placements)


def suggest_occupations(
    profile_competences: Mapping[str, Held],
    occupations: Iterable[Occupation],
    demand: Mapping[str, Demand],
    k: int = 5,
) -> list[Suggestion]:
    """The `k` best occupations for this person, by the score of the module docstring.

    `profile_competences`: competence key → `Held` (the same keys as the requirements');
    `demand`: ROME code → `Demand` in the person's territory (a code missing: no demand)."""
    suggestions = []
    for occupation in occupations:
        local = demand.get(occupation.code, Demand())
        d = demand_part(local)
        f = fit_part(profile_competences, occupation.requirements)
        score = DEMAND_SHARE * d + (1.0 - DEMAND_SHARE) * f
        suggestions.append(
            Suggestion(
                occupation=occupation,
                score=score,
                demand=d,
                fit=f,
                reasons=(
                    demand_reason(local),
                    competences_reason(profile_competences, occupation.requirements),
                ),
                gap=competence_gap(profile_competences, occupation.requirements),
            )
        )
    # Rounded so that float noise never decides between two equal scores: the code does.
    suggestions.sort(key=lambda s: (-round(s.score, 9), s.occupation.code))
    return suggestions[: max(0, k)]


# ---------------------------------------------------------------------------------------------
# Plain French

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def plural(count: int | float, singular: str, plural_form: str | None = None) -> str:
    """« 1 offre », « 3 offres », « 0 offre » (French: 0 and 1 take the singular)."""
    word = singular if abs(count) < 2 else (plural_form or singular + "s")
    return f"{format_number(count)} {word}"


def format_number(value: int | float) -> str:
    """French digits: « 1 200 », « 12,5 » (thousands by a narrow no-break space)."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, decimals = f"{value:,.2f}".rstrip("0").partition(".")
        return whole.replace(",", NARROW_NBSP) + "," + decimals
    return f"{int(value):,}".replace(",", NARROW_NBSP)


def format_euros(amount: float) -> str:
    """« 1 200 € », « 12,50 € »."""
    if math.isclose(amount, round(amount)):
        return f"{format_number(round(amount))}{NBSP}€"
    whole, _, cents = f"{amount:,.2f}".partition(".")
    return f"{whole.replace(',', NARROW_NBSP)},{cents}{NBSP}€"


def format_day(day: date, *, year: bool = False) -> str:
    """« 1er mars », « 14 mars », with « 2027 » when asked."""
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def format_period(starts_on: date, ends_on: date) -> str:
    """« le 3 mars », « du 3 au 14 mars », « du 28 février au 14 mars », « du 20 décembre 2026 au
    10 janvier 2027 » (the year only when the period crosses one)."""
    if starts_on == ends_on:
        return f"le {format_day(starts_on)}"
    if starts_on.year != ends_on.year:
        return f"du {format_day(starts_on, year=True)} au {format_day(ends_on, year=True)}"
    if starts_on.month == ends_on.month:
        first = "1er" if starts_on.day == 1 else str(starts_on.day)
        return f"du {first} au {format_day(ends_on)}"
    return f"du {format_day(starts_on)} au {format_day(ends_on)}"


def at_place(name: str) -> str:
    """« à » and a commune's name, contracted with its article: « au Lamentin », « aux
    Trois-Îlets », « à La Trinité », « à Fort-de-France »."""
    name = name.strip()
    if name.startswith("Le "):
        return f"au {name[3:]}"
    if name.startswith("Les "):
        return f"aux {name[4:]}"
    return f"à {name}"


def of_place(name: str) -> str:
    """« de » and a commune's name, contracted with its article: « du Lamentin », « des
    Trois-Îlets », « de La Trinité », « de L'Ajoupa-Bouillon »."""
    name = name.strip()
    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith("Les "):
        return f"des {name[4:]}"
    return de_name(name)


def join_french(parts: Sequence[str], last: str = "et") -> str:
    """« a », « a et b », « a, b et c »."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {last} {parts[-1]}"


def describe_reason(reason: Reason, *, place: str = "de Martinique") -> str:
    """A reason of this module in plain French; `place` follows « entreprises » (« de Martinique »,
    or `of_place(commune)`: « du Lamentin »)."""
    if reason.code == "demand":
        return _describe_demand(reason, place)
    if reason.code == "competences":
        return _describe_competences(reason)
    raise ValueError(f"unknown reason {reason.code!r}")


def _describe_demand(reason: Reason, place: str) -> str:
    needs, offers, placements = (reason.count(k) for k in ("needs", "offers", "placements"))
    parts = []
    if needs:
        declared = "besoin déclaré" if needs < 2 else "besoins déclarés"
        parts.append(f"{format_number(needs)} {declared} par des entreprises {place}".rstrip())
    if offers:
        parts.append(f"{format_number(offers)} {'offre' if offers < 2 else 'offres'} en cours")
    if placements:
        word = "stage ou embauche" if placements < 2 else "stages ou embauches"
        parts.append(f"{format_number(placements)} {word} ces douze derniers mois")
    if not parts:
        return "aucune demande locale enregistrée pour l'instant"
    return ", ".join(parts)


def _describe_competences(reason: Reason) -> str:
    matched, required = reason.count("matched"), reason.count("required")
    certified, partial = reason.count("certified"), reason.count("partial")
    if required == 0:
        return "les compétences demandées ne sont pas encore renseignées"
    if matched == 0:
        text = (
            "vous n'avez pas encore la compétence demandée"
            if required == 1
            else f"vous n'avez encore aucune des {required} compétences demandées au niveau voulu"
        )
    elif matched == required:
        text = (
            "vous avez déjà la compétence demandée"
            if required == 1
            else f"vous avez déjà les {required} compétences demandées"
        )
    else:
        text = f"vous avez déjà {matched} des {required} compétences"
    if certified:
        if matched == 1 and certified == 1:
            text += ", certifiée"
        elif certified == matched:
            text += ", toutes certifiées" if matched > 2 else ", les deux certifiées"
        else:
            text += f", dont {certified} {'certifiée' if certified < 2 else 'certifiées'}"
    if partial:
        others = "une autre" if partial == 1 else f"{partial} autres"
        if matched == 0:
            others = "une" if partial == 1 else str(partial)
        text += f" ; {others} à un niveau inférieur"
    return text


def describe_gap_item(item: GapItem) -> str:
    """« Sécurité : niveau 3 demandé, vous avez le niveau 1 (déclaré) »."""
    if item.held_level <= 0:
        return f"{item.name} : niveau {item.required_level} demandé, pas encore acquis"
    proof = "certifié" if item.held_verified else "déclaré"
    return (
        f"{item.name} : niveau {item.required_level} demandé, "
        f"vous avez le niveau {item.held_level} ({proof})"
    )
