"""Solution 3: partnership actions, events, pooled resources, mentoring and placements.

One module per area; every table and choice is imported from here
(`from lakou.partnerships.models import Action`), which is also how Django finds the models.
"""

from __future__ import annotations

# actions: partners and contributions
from lakou.partnerships.models.actions import (
    Action,
    ActionKind,
    ActionPartner,
    ActionPartnerQuerySet,
    ActionQuerySet,
    Contribution,
    ContributionKind,
    ContributionQuerySet,
)
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
    # actions: partners and contributions
    "ActionPartner",
    "ActionPartnerQuerySet",
    "ActionQuerySet",
    "Agreement",
    "AgreementQuerySet",
    "Application",
    "ApplicationQuerySet",
    "Contribution",
    "ContributionKind",
    "ContributionQuerySet",
    "Offer",
    "OfferQuerySet",
    "PlacementKind",
]
