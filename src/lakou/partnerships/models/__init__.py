"""Solution 3: partnership actions, events, pooled resources, mentoring and placements.

One module per area; every table and choice is imported from here
(`from lakou.partnerships.models import Action`), which is also how Django finds the models.
"""

from __future__ import annotations

from lakou.partnerships.models.actions import Action, ActionKind, ActionQuerySet
from lakou.partnerships.models.agreements import BINDING_STATES, Agreement, AgreementQuerySet
from lakou.partnerships.models.placements import (
    Application,
    ApplicationQuerySet,
    Offer,
    OfferQuerySet,
    PlacementKind,
)

__all__ = [
    "BINDING_STATES",
    "Action",
    "ActionKind",
    "ActionQuerySet",
    "Agreement",
    "AgreementQuerySet",
    "Application",
    "ApplicationQuerySet",
    "Offer",
    "OfferQuerySet",
    "PlacementKind",
]

# events
from lakou.partnerships.models.events import (
    Challenge,
    Criterion,
    Event,
    EventQuerySet,
    Juror,
    Participant,
    Phase,
    Score,
    Submission,
    Team,
    TeamResult,
)

__all__ += [
    "Challenge",
    "Criterion",
    "Event",
    "EventQuerySet",
    "Juror",
    "Participant",
    "Phase",
    "Score",
    "Submission",
    "Team",
    "TeamResult",
]
