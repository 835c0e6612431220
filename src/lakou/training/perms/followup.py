"""Who may see and record six-month follow-ups.

Only the issuing provider sees a follow-up (the learner reaches it by the e-mailed link): any
other actor gets a 404 on it, as on a missing id; the list page is 403 for non-providers.
"""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.training.models import FollowUp


def can_list_follow_ups(actor: Actor) -> bool:
    """Training providers follow up the learners they certified."""
    return actor.is_provider


def can_record_follow_up(actor: Actor, follow_up: FollowUp) -> bool:
    """Only the provider that issued the certificate records a phone answer or closes it."""
    return actor.is_provider and follow_up.certificate.provider_id == actor.organisation_id
