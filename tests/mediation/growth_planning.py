"""One more planner run of the federation, and one more proposal in every run (one accepted,
with its draft workshop), for tests/test_query_counts.py."""

from __future__ import annotations

from typing import Any

from lakou.mediation.models import PlanRun, ProposalStatus
from tests.mediation.factories_planning import add_proposal, make_run
from tests.mediation.factories_workshops import make_workshop, organiser_actor


def grow(world: Any) -> None:
    make_run(world.organisations["federation"], proposals=2)
    for run in PlanRun.objects.all():
        proposal = add_proposal(run)
        workshop = make_workshop(organiser_actor(world.organisations["federation"]), publish=False)
        proposal.status = ProposalStatus.ACCEPTED
        proposal.save(update_fields=["status"])
        proposal.accepted_workshops.add(workshop)
        add_proposal(run)
