"""Solution 4: the network of digital mediators, their venues, workshops and acts.

One module per area; every table and choice is imported from here
(`from lakou.mediation.models import Venue`), which is also how Django finds the models.
"""

from __future__ import annotations

from lakou.mediation.models.acts import (
    ACT_MAX_MINUTES,
    ACT_MIN_MINUTES,
    Act,
    ActKind,
    ActQuerySet,
    AgeBand,
    Autonomy,
    Equipment,
    Outcome,
    PlaceType,
    ProcedureTheme,
    RedirectStructure,
    Situation,
    Theme,
)
from lakou.mediation.models.mediators import (
    MAX_WEEKLY_HOURS,
    TRANSITIONS,
    Compensation,
    Mediator,
    MediatorKind,
    MediatorQuerySet,
    MediatorStatus,
)
from lakou.mediation.models.payments import (
    Rate,
    Statement,
    StatementKind,
    StatementLine,
    StatementStatus,
)
from lakou.mediation.models.planning import PlanProposal, PlanRun, ProposalStatus
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
    "ACT_MAX_MINUTES",
    "ACT_MIN_MINUTES",
    "MAX_CAPACITY",
    "MAX_DURATION_MINUTES",
    "MAX_WEEKLY_HOURS",
    "MIN_DURATION_MINUTES",
    "SUMMARY_MAX_LENGTH",
    "TRANSITIONS",
    "Access",
    "Act",
    "ActKind",
    "ActQuerySet",
    "AgeBand",
    "Audience",
    "Autonomy",
    "Compensation",
    "Equipment",
    "Fee",
    "Guidance",
    "Level",
    "Mediator",
    "MediatorKind",
    "MediatorQuerySet",
    "MediatorStatus",
    "Outcome",
    "PlaceType",
    "PlanProposal",
    "PlanRun",
    "ProcedureTheme",
    "ProposalStatus",
    "Public",
    "QualifyingProgramme",
    "Rate",
    "RedirectStructure",
    "Registration",
    "Service",
    "Situation",
    "Statement",
    "StatementKind",
    "StatementLine",
    "StatementStatus",
    "Support",
    "Theme",
    "Venue",
    "VenueKind",
    "VenueQuerySet",
    "Workshop",
    "WorkshopQuerySet",
]
