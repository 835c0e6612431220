"""Solution 5: orientation profiles, matches and saved plans; every table and choice is
imported from here."""

from __future__ import annotations

from lakou.matching.models.matches import (
    LIVE_STATUSES,
    TRANSITIONS,
    ContactRequest,
    LearnedWeights,
    Match,
    MatchQuerySet,
    MatchStatus,
    OpportunityKind,
    Origin,
    Side,
)
from lakou.matching.models.plans import SavedPlan
from lakou.matching.models.profiles import (
    MAX_TRAVEL_MINUTES,
    CompetenceSource,
    Mobility,
    Profile,
    ProfileCompetence,
    ProfileQuerySet,
    Situation,
)

__all__ = [
    "LIVE_STATUSES",
    "MAX_TRAVEL_MINUTES",
    "TRANSITIONS",
    "CompetenceSource",
    "ContactRequest",
    "LearnedWeights",
    "Match",
    "MatchQuerySet",
    "MatchStatus",
    "Mobility",
    "OpportunityKind",
    "Origin",
    "Profile",
    "ProfileCompetence",
    "ProfileQuerySet",
    "SavedPlan",
    "Side",
    "Situation",
]
