"""Solution 3: partnership actions, events, pooled resources, mentoring and placements.

One module per area; every table and choice is imported from here
(`from lakou.partnerships.models import Action`), which is also how Django finds the models.
"""

from __future__ import annotations

from lakou.partnerships.models.actions import Action, ActionKind, ActionQuerySet
from lakou.partnerships.models.agreements import (
    BINDING_STATES,
    CONTRACT_KINDS,
    Agreement,
    AgreementEvaluation,
    AgreementLink,
    AgreementQuerySet,
    AgreementSignature,
    Attendance,
    JobOffer,
    Party,
)
from lakou.partnerships.models.mentoring import (
    Meeting,
    MenteeRequest,
    MenteeRequestQuerySet,
    MenteeWish,
    MentorCompetence,
    MentoringPair,
    MentoringPairQuerySet,
    MentorProfile,
    MentorProfileQuerySet,
    Slot,
)
from lakou.partnerships.models.placements import (
    Application,
    ApplicationQuerySet,
    Offer,
    OfferQuerySet,
    PlacementKind,
)
from lakou.partnerships.models.resources import (
    HOLDING_STATUSES,
    Booking,
    BookingQuerySet,
    ContentLicence,
    Resource,
    ResourceKind,
    ResourceQuerySet,
)

__all__ = [
    "BINDING_STATES",
    "CONTRACT_KINDS",
    "HOLDING_STATUSES",
    "Action",
    "ActionKind",
    "ActionQuerySet",
    "Agreement",
    "AgreementEvaluation",
    "AgreementLink",
    "AgreementQuerySet",
    "AgreementSignature",
    "Application",
    "ApplicationQuerySet",
    "Attendance",
    "Booking",
    "BookingQuerySet",
    "ContentLicence",
    "JobOffer",
    "Meeting",
    "MenteeRequest",
    "MenteeRequestQuerySet",
    "MenteeWish",
    "MentorCompetence",
    "MentorProfile",
    "MentorProfileQuerySet",
    "MentoringPair",
    "MentoringPairQuerySet",
    "Offer",
    "OfferQuerySet",
    "Party",
    "PlacementKind",
    "Resource",
    "ResourceKind",
    "ResourceQuerySet",
    "Slot",
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
