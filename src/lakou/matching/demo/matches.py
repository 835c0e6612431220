"""Demo data of the orientation matches: for the demo profiles (seeded before), matches in every
state, made through the services so that the other apps hold what they would (enrolments,
applications, registrations): proposed, accepted by the person, accepted by both (an accepted
application), successful (an accepted enrolment, a workshop seat), declined by the person and
by the provider, with reasons."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from lakou.accounts.models import Membership
from lakou.core.actor import Actor
from lakou.core.demo import Scale
from lakou.core.notifications import emails_held_back
from lakou.matching.models import Match, MatchStatus, OpportunityKind, Origin, Profile
from lakou.matching.services.matches import (
    MatchError,
    match_accept,
    match_decline,
    match_other_accepted,
    match_propose,
)
from lakou.mediation.models import Workshop
from lakou.partnerships.models import Offer
from lakou.partnerships.models.placements import is_job_kind
from lakou.partnerships.services.applications import application_accept
from lakou.training.errors import TrainingError
from lakou.training.models import Session
from lakou.training.services.enrolment import enrolment_accept

REASONS = (
    "Les dates ne me conviennent plus.",
    "J'ai trouvé une autre formation plus près de chez moi.",
    "Je préfère attendre la rentrée.",
)


def _member(organisation_id: int) -> Actor | None:
    membership = (
        Membership.objects.active()
        .filter(organisation_id=organisation_id)
        .select_related("user", "organisation")
        .first()
    )
    if membership is None:
        return None
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def _counts() -> dict[str, int]:
    per_status = Counter(Match.objects.values_list("status", flat=True))
    return {"mises en relation": sum(per_status.values())} | {
        f"mises en relation « {MatchStatus(status).label} »": n
        for status, n in sorted(per_status.items())
    }


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    # Seeded already (the suggestions' seeder makes only the engine's proposals).
    if Match.objects.filter(origin=Origin.PERSON).exists():
        return _counts()
    profiles = list(Profile.objects.select_related("user").order_by("pk")[:60])
    if not profiles:
        return {}
    today = timezone.localdate()
    sessions = list(
        Session.objects.filter(status=Session.Status.OPEN, starts_on__gt=today)
        .select_related("programme")
        .order_by("pk")[:40]
    )
    offers = list(Offer.objects.published().order_by("pk")[:40])
    workshops = list(
        Workshop.objects.filter(
            status=Workshop.Status.PUBLISHED, starts_at__gt=timezone.now()
        ).order_by("starts_at", "pk")[:20]
    )
    with emails_held_back():
        _seed(profiles, sessions, offers, workshops, rng)
    return _counts()


def _seed(
    profiles: list[Profile],
    sessions: list[Session],
    offers: list[Offer],
    workshops: list[Workshop],
    rng: random.Random,
) -> None:
    for index, profile in enumerate(profiles):
        person = Actor(user=profile.user)
        plan: list[Callable[[], None]] = []
        if sessions:
            session = sessions[index % len(sessions)]
            plan.append(partial(_training, profile, person, session, index % 5, rng))
        if offers:
            offer = offers[index % len(offers)]
            plan.append(partial(_offer, profile, person, offer, index % 3))
        if workshops and index % 2 == 0:
            workshop = workshops[index % len(workshops)]
            plan.append(partial(_workshop, profile, person, workshop))
        for step_fn in plan:
            try:
                with transaction.atomic():
                    step_fn()
            except (MatchError, TrainingError, PermissionDenied):
                continue  # an opportunity full by now, a name missing: the next one


def _training(
    profile: Profile, person: Actor, session: Session, step: int, rng: random.Random
) -> None:
    """0 proposed, 1 accepted by the person, 2 successful, 3 declined by the person, 4 declined
    by the provider."""
    match = match_propose(
        actor=person,
        profile=profile,
        kind=OpportunityKind.TRAINING,
        session=session,
        origin=Origin.ENGINE,
        score=round(rng.uniform(0.55, 0.95), 3),
    )
    if step == 0:
        return
    if step == 3:
        match_decline(actor=person, match=match, reason=rng.choice(REASONS))
        return
    match = match_accept(actor=person, match=match).match
    provider = _member(session.programme.provider_id)
    if provider is None or match.enrolment is None:
        return
    if step == 2:
        enrolment_accept(actor=provider, enrolment=match.enrolment)
    elif step == 4:
        match_decline(
            actor=provider, match=match, reason="La session demande des bases en bureautique."
        )


def _offer(profile: Profile, person: Actor, offer: Offer, step: int) -> None:
    """0 proposed, 1 accepted by the person (to apply with a CV), 2 accepted by both when the
    person had applied already."""
    kind = OpportunityKind.JOB if is_job_kind(offer.kind) else OpportunityKind.INTERNSHIP
    match = match_propose(
        actor=person, profile=profile, kind=kind, offer=offer, origin=Origin.PERSON
    )
    if step == 0:
        return
    match = match_accept(actor=person, match=match).match
    if step == 2 and match.application is not None:
        company = _member(offer.company_id)
        if company is not None:
            application_accept(actor=company, application=match.application)
            match_other_accepted(actor=company, match=match)


def _workshop(profile: Profile, person: Actor, workshop: Workshop) -> None:
    """Successful at once when a seat is free (the workshop's seat is the outcome)."""
    match = match_propose(
        actor=person,
        profile=profile,
        kind=OpportunityKind.WORKSHOP,
        workshop=workshop,
        origin=Origin.ENGINE,
    )
    match_accept(actor=person, match=match)
