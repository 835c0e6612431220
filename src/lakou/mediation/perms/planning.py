"""Who plans workshops with the planner: the federation for all Martinique or one EPCI, an EPCI's
staff for its own communes. A run the actor may not see answers 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lakou.mediation.models import PlanProposal, PlanRun

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from lakou.core.actor import Actor


def own_epci_id(actor: Actor) -> int | None:
    """The EPCI an EPCI's staff act for (None for anyone else, or an EPCI organisation that
    stands for no territory)."""
    if not actor.is_epci or actor.organisation is None:
        return None
    return actor.organisation.epci_id


def can_plan(actor: Actor) -> bool:
    """The federation, and the staff of an EPCI that stands for its territory."""
    return actor.is_federation or own_epci_id(actor) is not None


def visible_runs(actor: Actor) -> QuerySet[PlanRun]:
    """Every run for the federation; an EPCI's own territory's runs for its staff."""
    if actor.is_federation:
        return PlanRun.objects.all()
    epci_id = own_epci_id(actor)
    if epci_id is None:
        return PlanRun.objects.none()
    return PlanRun.objects.filter(epci_id=epci_id)


def can_decide(actor: Actor, proposal: PlanProposal) -> bool:
    """Whoever sees the run accepts or dismisses its proposals."""
    return visible_runs(actor).filter(pk=proposal.run_id).exists()
