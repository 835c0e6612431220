"""Who may see and record six-month follow-ups."""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.training.models import FollowUp


def can_list_follow_ups(actor: Actor) -> bool:
    """Training providers follow up the learners they certified."""
    return actor.is_provider


def can_record_follow_up(actor: Actor, follow_up: FollowUp) -> bool:
    """Only the provider that issued the certificate records a phone answer or closes it."""
    return actor.is_provider and follow_up.certificate.provider_id == actor.organisation_id
