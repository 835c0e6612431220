"""The engine's `OpportunityTable` built from the database: published open training sessions,
published offers (placements and jobs), mentors with room, coming senior workshops.

Built in a fixed number of queries, kept per process for `TABLE_SECONDS` (a token in the
per-process cache says which build is current: clearing that cache, as the tests do, rebuilds).
Every engine row points back to its object through `CachedTable.refs`.
"""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.cache import caches
from django.db.models import Count, Q
from django.utils import timezone

from lakou.matching.engine import CompetenceVocabulary, Opportunity, OpportunityTable
from lakou.matching.models import OpportunityKind
from lakou.mediation.models import Registration, Workshop
from lakou.mediation.models.workshops import Audience as WorkshopAudience
from lakou.mediation.models.workshops import Level as WorkshopLevel
from lakou.partnerships.models import MentorProfile, Offer
from lakou.partnerships.models.mentoring import MentorCompetence, MentoringPair
from lakou.partnerships.models.placements import PlacementKind
from lakou.skills.models import Competence, Occupation, ProficiencyLevel
from lakou.territory.models import Commune
from lakou.training.models import Enrolment, Programme, Session
from lakou.training.models.catalogue import (
    Audience,
    ProgrammeAudience,
    ProgrammeCompetence,
    ProgrammeFunding,
)

TABLE_SECONDS = 120
CACHE_KEY = "matching:opportunity-table"

# One opportunity: its object, and the fields of its engine row.
Row = tuple["OpportunityRef", dict[str, Any]]

# Engine kinds ↔ the match's opportunity kinds.
ENGINE_KIND: dict[str, str] = {
    OpportunityKind.TRAINING: "training",
    OpportunityKind.INTERNSHIP: "internship",
    OpportunityKind.JOB: "job",
    OpportunityKind.MENTORING: "mentoring",
    OpportunityKind.WORKSHOP: "senior_workshop",
}
MATCH_KIND = {engine: kind for kind, engine in ENGINE_KIND.items()}
PLACEMENT_KINDS = frozenset(PlacementKind.values)

# The catalogue's audiences as the engine's situations; « jeunes » are the students.
AUDIENCE_SITUATIONS: dict[str, str] = {
    Audience.SENIORS: "senior",
    Audience.CAREER_CHANGERS: "career_changer",
    Audience.JOB_SEEKERS: "job_seeker",
    Audience.YOUNG_PEOPLE: "student",
    Audience.EMPLOYEES: "employee",
}
# An offer names competences without a level: holding one at any level meets it.
OFFER_LEVEL = 1
# A workshop teaches its DigComp area's competences up to this rank.
WORKSHOP_LEVEL: dict[str, int] = {WorkshopLevel.BEGINNER: 2, WorkshopLevel.INTERMEDIATE: 3}


@dataclass(frozen=True)
class OpportunityRef:
    """Which object an engine row stands for: a match kind and the object's primary key."""

    kind: str
    pk: int


@dataclass
class CachedTable:
    table: OpportunityTable
    refs: tuple[OpportunityRef, ...]  # by engine id (ids are positions)
    occupation_labels: Mapping[str, str]
    # What each ROME code asks, from the offers naming it and the sessions teaching towards it.
    occupation_levels: Mapping[str, Mapping[str, int]]
    competence_keys: Mapping[int, str]  # Competence pk → "framework:code"
    centroids: Mapping[int, tuple[float, float]] = field(default_factory=dict)
    built_at: float = 0.0
    rows_of: dict[OpportunityRef, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for position, ref in enumerate(self.refs):
            self.rows_of.setdefault(ref, []).append(position)

    def ref(self, opportunity_id: int) -> OpportunityRef:
        return self.refs[opportunity_id]


_lock = threading.Lock()
_built: dict[str, CachedTable] = {}


def opportunity_table() -> CachedTable:
    """The current table of this process, rebuilt when older than TABLE_SECONDS."""
    cache = caches["local"]
    token = cache.get(CACHE_KEY)
    cached = _built.get(token) if token else None
    if cached is not None:
        return cached
    with _lock:
        cached = build_opportunity_table()
        token = uuid.uuid4().hex
        _built.clear()
        _built[token] = cached
        cache.set(CACHE_KEY, token, timeout=TABLE_SECONDS)
    return cached


def opportunity_table_clear() -> None:
    """Forget the table: the next request rebuilds it (after a write that must show at once)."""
    caches["local"].delete(CACHE_KEY)
    _built.clear()


def vocabulary_from_database() -> tuple[CompetenceVocabulary, dict[int, str]]:
    """Every competence of every framework as "framework:code", with its framework's levels."""
    tops = dict(
        ProficiencyLevel.objects.values("framework_id")
        .annotate(n=Count("pk"))
        .values_list("framework_id", "n")
    )
    keys: dict[int, str] = {}
    levels: dict[str, int] = {}
    for pk, framework_id, framework, code in Competence.objects.values_list(
        "pk", "framework_id", "framework__code", "code"
    ):
        key = f"{framework}:{code}"
        keys[pk] = key
        levels[key] = max(int(tops.get(framework_id, 1)), 1)
    return CompetenceVocabulary(levels), keys


def _insee(code: str | None) -> int | None:
    return int(code) if code and code.isdigit() else None


def build_opportunity_table(*, today: date | None = None) -> CachedTable:
    """Read every opportunity a person may be offered now, in a fixed number of queries."""
    today = today or timezone.localdate()
    now = timezone.now()
    vocabulary, keys = vocabulary_from_database()
    occupations = list(Occupation.objects.values_list("code_rome", "label", "parent_code"))
    labels = {code: label for code, label, _parent in occupations}
    parents = {code: parent for code, _label, parent in occupations if parent}
    centroids: dict[int, tuple[float, float]] = {
        int(code): (float(lat or 0.0), float(lon or 0.0))
        for code, lat, lon in Commune.objects.filter(
            centroid_lat__isnull=False, centroid_lon__isnull=False
        ).values_list("insee_code", "centroid_lat", "centroid_lon")
        if code.isdigit()
    }
    levels: defaultdict[str, dict[str, int]] = defaultdict(dict)
    rows: list[Row] = []
    rows += _sessions(today, keys, levels)
    rows += _offers(today, keys, levels)
    rows += _mentors(keys)
    rows += _workshops(now, keys)
    opportunities = [
        Opportunity(id=position, **fields) for position, (_ref, fields) in enumerate(rows)
    ]
    table = OpportunityTable(
        opportunities,
        vocabulary=vocabulary,
        centroids=centroids,
        today=today,
        occupation_parents=parents,
    )
    return CachedTable(
        table=table,
        refs=tuple(ref for ref, _fields in rows),
        occupation_labels=labels,
        occupation_levels={code: dict(asked) for code, asked in levels.items()},
        competence_keys=keys,
        centroids=centroids,
        built_at=now.timestamp(),
    )


def _raise(levels: dict[str, int], key: str, level: int) -> None:
    levels[key] = max(levels.get(key, 0), level)


def _sessions(
    today: date, keys: Mapping[int, str], occupation_levels: defaultdict[str, dict[str, int]]
) -> list[Row]:
    sessions = list(
        Session.objects.filter(
            programme__is_published=True,
            status__in=[Session.Status.OPEN, Session.Status.FULL],
            starts_on__gte=today,
        )
        .annotate(
            held=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEAT_STATUSES))
        )
        .values_list(
            "pk",
            "programme_id",
            "status",
            "seats",
            "held",
            "starts_on",
            "enrolment_deadline",
            "is_remote",
            "commune__insee_code",
        )
    )
    programme_ids = {row[1] for row in sessions}
    programmes = dict(Programme.objects.filter(pk__in=programme_ids).values_list("pk", "price"))
    teaches: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for programme_id, competence_id, rank in ProgrammeCompetence.objects.filter(
        programme_id__in=programme_ids
    ).values_list("programme_id", "competence_id", "level__rank"):
        # No level named: the framework's second rank, a first step.
        _raise(teaches[programme_id], keys[competence_id], rank or 2)
    audiences: defaultdict[int, set[str]] = defaultdict(set)
    everyone: set[int] = set()
    for programme_id, audience in ProgrammeAudience.objects.filter(
        programme_id__in=programme_ids
    ).values_list("programme_id", "audience"):
        if audience == Audience.EVERYONE:
            everyone.add(programme_id)
        elif audience in AUDIENCE_SITUATIONS:
            audiences[programme_id].add(AUDIENCE_SITUATIONS[audience])
    fundings: defaultdict[int, set[str]] = defaultdict(set)
    for programme_id, funding in ProgrammeFunding.objects.filter(
        programme_id__in=programme_ids
    ).values_list("programme_id", "funding"):
        fundings[programme_id].add(funding)
    occupations: defaultdict[int, list[str]] = defaultdict(list)
    for programme_id, code in Programme.occupations.through.objects.filter(
        programme_id__in=programme_ids
    ).values_list("programme_id", "occupation__code_rome"):
        occupations[programme_id].append(code)
    for programme_id, codes in occupations.items():
        for code in codes:
            for key, level in teaches[programme_id].items():
                _raise(occupation_levels[code], key, level)
    out: list[Row] = []
    for pk, programme_id, status, seats, held, starts_on, deadline, remote, insee in sessions:
        usable = set(fundings[programme_id])
        if programmes.get(programme_id, 0) == 0:
            usable.add("free")
        out.append(
            (
                OpportunityRef(OpportunityKind.TRAINING, pk),
                {
                    "kind": "training",
                    "commune": None if remote else _insee(insee),
                    "remote": bool(remote),
                    "starts_on": starts_on,
                    "teaches": teaches[programme_id],
                    "occupations": tuple(sorted(occupations[programme_id])),
                    "audiences": frozenset()
                    if programme_id in everyone
                    else frozenset(audiences[programme_id]),
                    "fundings": frozenset(usable),
                    "seats_left": seats - held,
                    "is_open": status == Session.Status.OPEN,
                    "enrolment_deadline": deadline,
                },
            )
        )
    return out


def _offers(
    today: date, keys: Mapping[int, str], occupation_levels: defaultdict[str, dict[str, int]]
) -> list[Row]:
    offers = list(
        Offer.objects.published()
        .filter(Q(valid_through__isnull=True) | Q(valid_through__gte=today))
        .values_list("pk", "kind", "occupation__code_rome", "commune__insee_code", "starts_on")
    )
    asked: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for offer_id, competence_id in Offer.competences.through.objects.filter(
        offer_id__in=[row[0] for row in offers]
    ).values_list("offer_id", "competence_id"):
        asked[offer_id][keys[competence_id]] = OFFER_LEVEL
    out: list[Row] = []
    for pk, kind, rome, insee, starts_on in offers:
        if rome:
            for key, level in asked[pk].items():
                _raise(occupation_levels[rome], key, level)
        is_placement = kind in PLACEMENT_KINDS
        out.append(
            (
                OpportunityRef(
                    OpportunityKind.INTERNSHIP if is_placement else OpportunityKind.JOB, pk
                ),
                {
                    "kind": "internship" if is_placement else "job",
                    "commune": _insee(insee),
                    # An offer's start is a wish: a person free later may still apply.
                    "starts_on": starts_on if starts_on and starts_on >= today else None,
                    "requires": asked[pk],
                    "occupations": (rome,) if rome else (),
                },
            )
        )
    return out


def _mentors(keys: Mapping[int, str]) -> list[Row]:
    """One row per place where a mentor meets (remote, or each commune): the pages keep the
    best row of each mentor."""
    mentors = list(
        MentorProfile.objects.active()
        .annotate(taken=Count("pairs", filter=Q(pairs__status=MentoringPair.Status.ACTIVE)))
        .values_list("pk", "capacity", "taken", "accepts_remote")
    )
    ids = [pk for pk, capacity, taken, _remote in mentors if capacity > taken]
    teaches: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for mentor_id, competence_id, rank in MentorCompetence.objects.filter(
        mentor_id__in=ids
    ).values_list("mentor_id", "competence_id", "level__rank"):
        teaches[mentor_id][keys[competence_id]] = rank
    communes: defaultdict[int, list[int]] = defaultdict(list)
    for mentor_id, insee in MentorProfile.communes.through.objects.filter(
        mentorprofile_id__in=ids
    ).values_list("mentorprofile_id", "commune__insee_code"):
        code = _insee(insee)
        if code is not None:
            communes[mentor_id].append(code)
    out: list[Row] = []
    for pk, capacity, taken, remote in mentors:
        if capacity <= taken:
            continue
        places: list[tuple[int | None, bool]] = [(None, True)] if remote else []
        places += [(code, False) for code in sorted(communes[pk])]
        for code, is_remote in places:
            out.append(
                (
                    OpportunityRef(OpportunityKind.MENTORING, pk),
                    {
                        "kind": "mentoring",
                        "commune": code,
                        "remote": is_remote,
                        "teaches": teaches[pk],
                        "seats_left": capacity - taken,
                    },
                )
            )
    return out


def _workshops(now: datetime, keys: Mapping[int, str]) -> list[Row]:
    workshops = list(
        Workshop.objects.coming(now)
        .exclude(audience=WorkshopAudience.SMALL_BUSINESSES)
        .annotate(
            seated=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
            )
        )
        .values_list(
            "pk",
            "audience",
            "level",
            "topic_id",
            "capacity",
            "seated",
            "starts_at",
            "venue__commune__insee_code",
        )
    )
    area_competences: defaultdict[int, list[str]] = defaultdict(list)
    for area_id, pk in Competence.objects.filter(
        area_id__in={row[3] for row in workshops if row[3]}
    ).values_list("area_id", "pk"):
        area_competences[area_id].append(keys[pk])
    out: list[Row] = []
    for pk, audience, level, topic, capacity, seated, starts_at, insee in workshops:
        rank = WORKSHOP_LEVEL.get(level, 2)
        out.append(
            (
                OpportunityRef(OpportunityKind.WORKSHOP, pk),
                {
                    "kind": "senior_workshop",
                    "commune": _insee(insee),
                    "starts_on": timezone.localtime(starts_at).date(),
                    "teaches": {key: rank for key in area_competences.get(topic, [])},
                    "audiences": frozenset({"senior"})
                    if audience == WorkshopAudience.SENIORS
                    else frozenset(),
                    "seats_left": capacity - seated,
                },
            )
        )
    return out


def refs_of(table: CachedTable, kind: str, pks: Iterable[int]) -> list[int]:
    """The engine rows of these objects (a mentor may have several)."""
    rows: list[int] = []
    for pk in pks:
        rows += table.rows_of.get(OpportunityRef(kind, pk), [])
    return rows
