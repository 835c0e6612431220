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

__all__ = [
    "MAX_WEEKLY_HOURS",
    "SUMMARY_MAX_LENGTH",
    "TRANSITIONS",
    "Access",
    "Compensation",
    "Fee",
    "Guidance",
    "Mediator",
    "MediatorKind",
    "MediatorQuerySet",
    "MediatorStatus",
    "Public",
    "Service",
    "Support",
    "Venue",
    "VenueKind",
    "VenueQuerySet",
]
