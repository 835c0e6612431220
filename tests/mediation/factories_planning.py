"""Planner runs and proposals written directly (the solver is tested on its own), and a small
territory to plan: two communes of the CACEM with a venue each and two active mediators."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from lakou.accounts.models import Organisation
from lakou.mediation.models import Mediator, PlanProposal, PlanRun, Venue
from lakou.mediation.services.planning import next_quarter, quarter_of
from lakou.territory.models import Commune
from tests.accounts.factories import UserFactory
from tests.mediation.factories_mediators import fort_de_france, lamentin, make_mediator
from tests.mediation.factories_venues import make_venue


def coming_quarter() -> date:
    return next_quarter(quarter_of(timezone.localdate()))


def first_monday(quarter: date) -> date:
    return quarter + timedelta(days=(7 - quarter.weekday()) % 7)


def a_mediator(commune: Commune | None = None, **fields: Any) -> Mediator:
    commune = commune or fort_de_france()
    return make_mediator(
        UserFactory(), status="active", home_commune=commune, served=(commune,), **fields
    )


def make_run(
    organisation: Organisation,
    *,
    proposals: int = 1,
    venue: Venue | None = None,
    mediator: Mediator | None = None,
    **fields: Any,
) -> PlanRun:
    quarter = fields.pop("quarter_start", coming_quarter())
    run = PlanRun.objects.create(
        quarter_start=quarter,
        requested_by=organisation,
        notes=["Les trajets sont estimés en voiture."],
        **fields,
    )
    for _index in range(proposals):
        add_proposal(run, venue=venue, mediator=mediator)
    return run


def add_proposal(
    run: PlanRun, *, venue: Venue | None = None, mediator: Mediator | None = None
) -> PlanProposal:
    venue = venue or make_venue(commune=lamentin())
    mediator = mediator or a_mediator(venue.commune)
    return PlanProposal.objects.create(
        run=run,
        commune=venue.commune,
        venue=venue,
        mediator=mediator,
        week_start=first_monday(run.quarter_start) + timedelta(days=7),
        workshops=1,
        reasons=["1 240 personnes de 60 ans et plus", "10 minutes de trajet environ"],
    )
