"""The planner's service: the figures it gathers, the notes it writes, accepting and dismissing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lakou.core.actor import ANONYMOUS
from lakou.diagnostics.services.responses import response_save, response_start, response_submit
from lakou.mediation.models import PlanProposal, ProposalStatus, Workshop
from lakou.mediation.services.planning import (
    PlanningError,
    french_ordinal,
    needs_by_commune,
    next_quarter,
    plan_run,
    plannable_quarters,
    proposal_accept,
    proposal_dismiss,
    quarter_name,
    quarter_of,
    quarter_weeks,
    seniors_by_commune,
)
from tests.diagnostics.factories_campaigns import open_campaign
from tests.mediation.factories_mediators import epci_actor, federation_actor, lamentin, marigot
from tests.mediation.factories_planning import a_mediator, coming_quarter, make_run
from tests.mediation.factories_venues import make_venue
from tests.territory.factories import AgeGroupPopulationFactory, CommuneFactory

pytestmark = pytest.mark.django_db


def regional_ages() -> None:
    """Martinique 2021: 25 % of 60–74, 10 % of 75 and over (round figures for the test)."""
    for group, population in (("total", 1000), ("60-74", 250), ("75+", 100), ("0-14", 650)):
        AgeGroupPopulationFactory(year=2021, age_group=group, population=population)


def test_quarters_and_their_weeks() -> None:
    assert quarter_of(date(2027, 5, 17)) == date(2027, 4, 1)
    assert next_quarter(date(2027, 10, 1)) == date(2028, 1, 1)
    weeks = quarter_weeks(date(2027, 1, 1), today=date(2026, 12, 1))
    assert weeks[0] == date(2027, 1, 4)
    assert len(weeks) == 13
    assert all(w.weekday() == 0 for w in weeks)
    # Halfway through the quarter, only the weeks to come.
    assert quarter_weeks(date(2027, 1, 1), today=date(2027, 2, 15))[0] == date(2027, 2, 22)
    assert plannable_quarters(today=date(2027, 3, 30)) == [
        date(2027, 4, 1),
        date(2027, 7, 1),
        date(2027, 10, 1),
        date(2028, 1, 1),
    ]


@pytest.mark.parametrize(
    ("start", "name"),
    [
        (date(2027, 1, 1), "1er trimestre 2027"),
        (date(2027, 4, 1), "2e trimestre 2027"),
        (date(2026, 7, 1), "3e trimestre 2026"),
        (date(2026, 10, 1), "4e trimestre 2026"),
    ],
)
def test_a_quarter_is_named_with_its_french_rank(start: date, name: str) -> None:
    assert quarter_name(start) == name


def test_french_ordinals() -> None:
    assert [french_ordinal(n) for n in (1, 2, 3, 4, 10)] == ["1er", "2e", "3e", "4e", "10e"]


def test_seniors_come_from_the_communes_figures_else_the_regional_share() -> None:
    regional_ages()
    fort_de_france = CommuneFactory(population=75506)
    le_lamentin = lamentin()  # 39,000 people, no figures of its own
    unknown = CommuneFactory(insee_code="97230", name="Le Robert", population=None)
    for group, population in (("60-74", 14000), ("75+", 6000)):
        AgeGroupPopulationFactory(
            commune=fort_de_france, year=2021, age_group=group, population=population
        )
    seniors = seniors_by_commune([fort_de_france, le_lamentin, unknown])
    assert seniors[fort_de_france.pk].count == 20000
    assert not seniors[fort_de_france.pk].regional
    assert seniors[le_lamentin.pk].count == 39000 * 0.35
    assert seniors[le_lamentin.pk].regional
    assert seniors[unknown.pk].count is None


def test_needs_count_the_people_who_ask_for_help_in_the_public_questionnaire() -> None:
    commune = CommuneFactory()
    campaign = open_campaign()
    for confidence in ("1", "2", "4"):
        response, _token = response_start(actor=ANONYMOUS, campaign=campaign)
        response_save(
            actor=ANONYMOUS,
            response=response,
            raw_answers={
                "has_computer": ["no"],
                "commune": [commune.insee_code],
                "confidence": [confidence],
            },
        )
        assert response_submit(actor=ANONYMOUS, response=response) == {}
    needs = needs_by_commune([commune], since=timezone.now() - timedelta(days=365))
    assert needs[commune.pk].people == 2
    assert needs[commune.pk].most_asked == "Êtes-vous à l'aise avec internet ?"


def test_a_plan_proposes_workshops_with_their_reasons_and_says_what_it_estimated() -> None:
    regional_ages()
    venue = make_venue(commune=lamentin())
    a_mediator(venue.commune, weekly_hours=6)
    run = plan_run(actor=federation_actor(), quarter_start=coming_quarter())
    proposals = list(run.proposals.all())
    assert proposals
    assert {p.venue_id for p in proposals} == {venue.pk}
    # 6 hours a week: two workshops of 2 h (and 2 × 10 minutes' trip), one venue taking two.
    assert sum(p.workshops for p in proposals) == 2 * 13
    reasons = proposals[0].reasons
    assert reasons[0].startswith("13")  # 39,000 × 35 % = 13 650
    assert "part régionale" in reasons[0]
    assert "minutes de trajet" in reasons[-1]
    assert any("part régionale (35,0 % en 2021)" in note for note in run.notes)
    assert run.requested_by.kind == "federation"


def test_an_accepted_proposal_becomes_draft_workshops_and_is_never_proposed_again() -> None:
    regional_ages()
    venue = make_venue(commune=lamentin(), opening_hours="Mo-Fr 08:00-12:00,14:00-17:00")
    mediator = a_mediator(venue.commune, weekly_hours=3)  # one workshop a week
    actor = federation_actor()
    first = plan_run(actor=actor, quarter_start=coming_quarter())
    proposal = first.proposals.order_by("week_start").first()
    assert proposal is not None
    workshops = proposal_accept(actor=actor, proposal=proposal)
    assert len(workshops) == 1
    workshop = workshops[0]
    local = timezone.localtime(workshop.starts_at)
    assert (local.date(), local.hour) == (proposal.week_start + timedelta(days=1), 9)
    assert workshop.status == Workshop.Status.DRAFT
    assert workshop.duration_minutes == 120
    assert workshop.capacity == 12
    assert list(workshop.mediators.all()) == [mediator]
    assert workshop.organiser_id == actor.organisation_id
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert list(proposal.accepted_workshops.all()) == [workshop]

    second = plan_run(actor=actor, quarter_start=coming_quarter())
    weeks = set(second.proposals.values_list("week_start", flat=True))
    assert proposal.week_start not in weeks  # the mediator's hours that week are taken
    assert len(weeks) == first.proposals.count() - 1
    with pytest.raises(PlanningError):
        proposal_accept(actor=actor, proposal=proposal)


def test_a_dismissed_proposal_creates_nothing() -> None:
    run = make_run(federation_actor().organisation)
    proposal = run.proposals.get()
    proposal_dismiss(actor=federation_actor(), proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DISMISSED
    assert not Workshop.objects.exists()


def test_an_epci_plans_its_own_communes_only() -> None:
    regional_ages()
    inside = make_venue(commune=lamentin())
    outside = make_venue(commune=marigot())
    a_mediator(inside.commune)
    a_mediator(outside.commune)
    actor = epci_actor(inside.commune.epci)
    run = plan_run(actor=actor, quarter_start=coming_quarter())
    assert run.epci == inside.commune.epci
    assert set(run.proposals.values_list("commune_id", flat=True)) == {inside.commune_id}
    with pytest.raises(PermissionDenied):
        plan_run(actor=actor, quarter_start=coming_quarter(), epci=outside.commune.epci)
    other = make_run(federation_actor().organisation)
    with pytest.raises(PermissionDenied):
        proposal_dismiss(actor=actor, proposal=other.proposals.get())


def test_a_plan_without_venues_or_mediators_says_why() -> None:
    CommuneFactory()
    run = plan_run(actor=federation_actor(), quarter_start=coming_quarter())
    assert not PlanProposal.objects.filter(run=run).exists()
    assert any("Aucun médiateur actif" in note for note in run.notes)
    assert any("Nombre de personnes de 60 ans et plus inconnu" in note for note in run.notes)


def test_a_finished_quarter_is_refused() -> None:
    with pytest.raises(PlanningError, match="terminé"):
        plan_run(actor=federation_actor(), quarter_start=quarter_of(date(2020, 5, 1)))
