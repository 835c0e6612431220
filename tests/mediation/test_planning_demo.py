"""The demo's plan: the federation's plan of the coming quarter, a few proposals accepted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lakou.mediation.models import PlanRun, ProposalStatus, Workshop
from lakou.mediation.services.planning import next_quarter, quarter_of
from tests.demo import SMALL, demo_seeded

pytestmark = pytest.mark.xdist_group("seed-demo")


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with demo_seeded(django_db_blocker, SMALL):
        yield


@pytest.fixture
def seeded(demo: None, db: None) -> None:
    """The seeded demo, seen from a test's own transaction."""


def test_the_demo_has_a_plan_for_the_coming_quarter_with_accepted_proposals(
    seeded: None,
) -> None:
    from django.utils import timezone

    run = PlanRun.objects.get()
    assert run.quarter_start == next_quarter(quarter_of(timezone.localdate()))
    assert run.epci is None
    assert run.proposals.filter(status=ProposalStatus.PROPOSED).exists()
    accepted = run.proposals.filter(status=ProposalStatus.ACCEPTED)
    assert accepted.exists()
    for proposal in accepted:
        workshops = list(proposal.accepted_workshops.all())
        assert len(workshops) == proposal.workshops
        assert all(w.status == Workshop.Status.DRAFT for w in workshops)
        assert all(w.venue_id == proposal.venue_id for w in workshops)
    assert any("part régionale" in note for note in run.notes)
    assert all(p.reasons for p in run.proposals.all())
