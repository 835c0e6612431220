"""Who may do what in mentoring: the rules the views, the API and the services share.

A pair, a meeting or a request the actor cannot see answers 404 (`MentoringPair.objects.visible_to`);
403 is left for a role that may see the page but not act (the federation on a pair's meetings).
"""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.partnerships.models import MenteeRequest, MentoringPair


def can_mentor(actor: Actor) -> bool:
    """A member of a company offers to mentor, for that company."""
    return actor.user is not None and actor.is_company


def can_ask_for_mentor(actor: Actor) -> bool:
    """A learner acting for themself (no organisation) asks for a mentor."""
    return actor.is_person


def can_manage_mentoring(actor: Actor) -> bool:
    """The federation sees the suggestions and forms, edits and ends any pair."""
    return actor.is_federation


def is_pair_mentor(actor: Actor, pair: MentoringPair) -> bool:
    """The pair's mentor, acting for the company they mentor for."""
    return (
        actor.user is not None
        and actor.is_company
        and pair.mentor.user_id == actor.user.pk
        and pair.mentor.organisation_id == actor.organisation_id
    )


def is_pair_mentee(actor: Actor, pair: MentoringPair) -> bool:
    """The person the pair's request is for."""
    return actor.user is not None and pair.mentee.learner_id == actor.user.pk


def is_pair_party(actor: Actor, pair: MentoringPair) -> bool:
    """The mentor or the mentee: they log meetings."""
    return is_pair_mentor(actor, pair) or is_pair_mentee(actor, pair)


def can_end_pair(actor: Actor, pair: MentoringPair) -> bool:
    """Either side ends the pair; the federation may end it for them."""
    return is_pair_party(actor, pair) or can_manage_mentoring(actor)


def owns_request(actor: Actor, request: MenteeRequest) -> bool:
    """The learner who sent the request."""
    return actor.user is not None and request.learner_id == actor.user.pk
