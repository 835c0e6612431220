"""Who may do what with a match: the person decides for themself; the other side (the session's
provider, the offer's company, the mentor or their company, the federation for workshops and
mentoring) sees the matches on its opportunities once the person has accepted, and may decline
them; an adviser (a mediator, the federation, an EPCI, an association, a town hall) proposes a
match only to a person who lets advisers see them (a visible profile or a plan shared with
advisers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from lakou.matching.models import Match, MatchQuerySet, MatchStatus, Origin, Profile
from lakou.mediation.models import Mediator, MediatorStatus

if TYPE_CHECKING:
    from lakou.core.actor import Actor


def is_person(actor: Actor, match: Match) -> bool:
    """The person of the match, acting for themself."""
    return actor.is_person and actor.user is not None and actor.user.pk == match.profile.user_id


def is_mediator(actor: Actor) -> bool:
    if not actor.is_person or actor.user is None:
        return False
    return Mediator.objects.filter(
        user=actor.user, status__in=(MediatorStatus.IN_TRAINING, MediatorStatus.ACTIVE)
    ).exists()


def can_advise(actor: Actor) -> bool:
    """Who proposes matches to other people."""
    if actor.is_federation or actor.is_epci or actor.is_association or actor.is_town_hall:
        return True
    return is_mediator(actor)


def consents_to_advisers(profile: Profile) -> bool:
    return profile.is_visible or profile.plans.filter(shared_with_advisers=True).exists()


def can_propose(actor: Actor, profile: Profile, origin: str) -> bool:
    """The person for themself (their choice or the engine's suggestion they keep); a background
    job of the engine (no user); an adviser, with the person's consent."""
    if origin == Origin.ADVISER:
        return can_advise(actor) and consents_to_advisers(profile)
    if origin == Origin.ENGINE and actor.user is None:
        return True
    return actor.is_person and actor.user is not None and actor.user.pk == profile.user_id


def other_side_q(actor: Actor) -> Q:
    """The matches whose opportunity belongs to the actor's side, as a filter."""
    none = Q(pk__in=[])
    if actor.user is None:
        return none
    if actor.is_federation:
        return Q(workshop__isnull=False) | Q(mentor__isnull=False)
    if actor.is_provider and actor.organisation_id is not None:
        return Q(session__programme__provider_id=actor.organisation_id)
    if actor.is_company and actor.organisation_id is not None:
        return Q(offer__company_id=actor.organisation_id) | Q(
            mentor__organisation_id=actor.organisation_id
        )
    if actor.is_person:
        return Q(mentor__user_id=actor.user.pk)
    return none


def is_other_side(actor: Actor, match: Match) -> bool:
    if actor.user is None:
        return False
    if match.session is not None:
        return actor.is_provider and actor.organisation_id == match.session.programme.provider_id
    if match.offer is not None:
        return actor.is_company and actor.organisation_id == match.offer.company_id
    if match.mentor is not None:
        mentor = match.mentor
        return (
            actor.is_federation
            or (actor.is_person and actor.user.pk == mentor.user_id)
            or (actor.is_company and actor.organisation_id == mentor.organisation_id)
        )
    return actor.is_federation


def can_accept(actor: Actor, match: Match) -> bool:
    return is_person(actor, match)


def can_decline(actor: Actor, match: Match) -> bool:
    if is_person(actor, match):
        return True
    # The other side only sees (and declines) what the person has accepted.
    return match.status != MatchStatus.PROPOSED and is_other_side(actor, match)


def can_see_incoming(actor: Actor) -> bool:
    return actor.user is not None and (actor.is_federation or actor.is_provider or actor.is_company)


def incoming_matches(actor: Actor) -> MatchQuerySet:
    """What the other side sees: matches on its opportunities that the person accepted."""
    if not can_see_incoming(actor):
        return Match.objects.none()
    return Match.objects.filter(other_side_q(actor), person_accepted_at__isnull=False)


def own_matches(actor: Actor) -> MatchQuerySet:
    if not actor.is_person or actor.user is None:
        return Match.objects.none()
    return Match.objects.filter(profile__user_id=actor.user.pk)


def can_see_exact_indicators(actor: Actor) -> bool:
    """Federation staff see counts under 5; everyone else, the EPCI included, sees them secret."""
    return actor.is_federation
