"""Solution 4: the network of digital mediators, their venues, workshops and acts.

One module per area; every table and choice is imported from here
(`from lakou.mediation.models import Venue`), which is also how Django finds the models.
"""

from __future__ import annotations

from lakou.mediation.models.mediators import (
    MAX_WEEKLY_HOURS,
    TRANSITIONS,
    Compensation,
    Mediator,
    MediatorKind,
    MediatorQuerySet,
    MediatorStatus,
)
from lakou.mediation.models.training import QualifyingProgramme
from lakou.mediation.models.venues import (
    SUMMARY_MAX_LENGTH,
    Access,
    Fee,
    Guidance,
    Public,
    Service,
    Support,
    Venue,
    VenueKind,
    VenueQuerySet,
)
from lakou.mediation.models.workshops import (
    MAX_CAPACITY,
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    Audience,
    Level,
    Registration,
    Workshop,
    WorkshopQuerySet,
)

__all__ = [
    "MAX_CAPACITY",
    "MAX_DURATION_MINUTES",
    "MAX_WEEKLY_HOURS",
    "MIN_DURATION_MINUTES",
    "SUMMARY_MAX_LENGTH",
    "TRANSITIONS",
    "Access",
    "Audience",
    "Compensation",
    "Fee",
    "Guidance",
    "Level",
    "Mediator",
    "MediatorKind",
    "MediatorQuerySet",
    "MediatorStatus",
    "Public",
    "QualifyingProgramme",
    "Registration",
    "Service",
    "Support",
    "Venue",
    "VenueKind",
    "VenueQuerySet",
    "Workshop",
    "WorkshopQuerySet",
]
