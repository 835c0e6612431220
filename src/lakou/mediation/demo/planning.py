"""Demo of the workshop planner: the federation's plan of the coming quarter for all Martinique,
computed by the service from the demo's seniors, questionnaire answers, workshops and acts, and
three of its proposals accepted (their draft workshops wait in « Mes ateliers »)."""

from __future__ import annotations

import random

from django.utils import timezone

from lakou.accounts.models import Membership, Organisation
from lakou.core.actor import Actor
from lakou.core.demo import Scale
from lakou.mediation.models import PlanProposal, PlanRun, ProposalStatus
from lakou.mediation.services.planning import (
    PlanningError,
    next_quarter,
    plan_run,
    proposal_accept,
    quarter_of,
)

ACCEPTED = 3


def _federation_actor() -> Actor | None:
    membership = (
        Membership.objects.active()
        .filter(organisation__kind=Organisation.Kind.FEDERATION)
        .select_related("user", "organisation")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return None
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if not PlanRun.objects.exists():
        actor = _federation_actor()
        if actor is None:
            return {}
        quarter = next_quarter(quarter_of(timezone.localdate()))
        run = plan_run(actor=actor, quarter_start=quarter)
        proposals = list(run.proposals.order_by("week_start", "commune__name", "pk"))
        for proposal in rng.sample(proposals, k=min(ACCEPTED, len(proposals))):
            try:
                proposal_accept(actor=actor, proposal=proposal)
            except PlanningError:
                continue
    return {
        "calculs du planificateur": PlanRun.objects.count(),
        "propositions d'ateliers": PlanProposal.objects.count(),
        "propositions acceptées": PlanProposal.objects.filter(
            status=ProposalStatus.ACCEPTED
        ).count(),
    }
