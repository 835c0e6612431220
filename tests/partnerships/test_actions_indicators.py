"""Indicator 3 on a fixture computed by hand (docs/indicateurs.md, section 3)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from lakou.core.indicators import compute
from lakou.core.period import Territory, parse_period, parse_territory
from lakou.partnerships.indicators import (
    PlacementRow,
    PlacementsResult,
    actions_with_secrecy,
    partnership_actions,
    placements_hosted,
    placements_with_secrecy,
)
from lakou.partnerships.models import Action, Agreement
from tests.accounts.factories import OrganisationFactory
from tests.partnerships.factories_actions import held_action, make_action, make_agreement
from tests.territory.factories import CommuneFactory
from tests.world import World

pytestmark = pytest.mark.django_db

MQ = ZoneInfo("America/Martinique")
CACEM = "249720061"
CAP_NORD = "200041788"
ALL = Territory(code="", label="toute la Martinique", kind="all")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=MQ)


@pytest.fixture
def fixture() -> None:
    fort_de_france = CommuneFactory()
    marigot = CommuneFactory(marigot=True)
    # Q1: a contest in Fort-de-France (CACEM), a job dating in Le Marigot (CAP Nord) ending on
    # 31 March at 23:30 Martinique time (already 1 April in UTC), an online expert talk.
    held_action(kind="contest", ends_at=at(2026, 2, 10, 12), commune=fort_de_france)
    Action.objects.filter(kind="contest").update(participants=40)
    job_dating = held_action(kind="job_dating", ends_at=at(2026, 3, 31, 23, 30), commune=marigot)
    Action.objects.filter(pk=job_dating.pk).update(participants=30, hires=3)
    online = held_action(kind="expert_intervention", ends_at=at(2026, 1, 20, 18), is_online=True)
    Action.objects.filter(pk=online.pk).update(participants=12)
    # Over two quarters: counted in Q2, where it ends.
    held_action(
        kind="mentoring",
        starts_at=at(2026, 3, 15, 9),
        ends_at=at(2026, 4, 10, 17),
        commune=fort_de_france,
    )
    # Q2 by half an hour.
    held_action(kind="job_dating", ends_at=at(2026, 4, 1, 0, 30), commune=fort_de_france)
    # Never: cancelled, and planned though over.
    cancelled = make_action(
        kind="hackathon", starts_at=at(2026, 2, 18, 9), ends_at=at(2026, 2, 20, 18)
    )
    Action.objects.filter(pk=cancelled.pk).update(status=Action.Status.CANCELLED)
    make_action(kind="contest", starts_at=at(2026, 3, 1, 9), ends_at=at(2026, 3, 1, 12))

    in_cacem = OrganisationFactory(company=True, commune=fort_de_france)
    in_cap_nord = OrganisationFactory(company=True, commune=marigot)
    make_agreement(company=in_cacem, starts_on=date(2026, 2, 1))
    # Broken off later: still a placement that started in Q1.
    make_agreement(
        company=in_cacem,
        starts_on=date(2026, 3, 1),
        kind="apprenticeship",
        status=Agreement.Status.BROKEN_OFF,
    )
    make_agreement(
        company=in_cap_nord,
        starts_on=date(2026, 1, 15),
        kind="professionalisation",
        status=Agreement.Status.ENDED,
    )
    # Signed but not started, and a draft: never.
    make_agreement(company=in_cap_nord, starts_on=date(2026, 3, 10), status=Agreement.Status.SIGNED)
    make_agreement(company=in_cap_nord, starts_on=date(2026, 2, 1), status=Agreement.Status.DRAFT)
    make_agreement(company=in_cacem, starts_on=date(2026, 4, 1))


def kinds(result: object, figure: str = "actions") -> dict[str, int | None]:
    rows = result.by_kind if hasattr(result, "by_kind") else result.breakdowns["kind"]  # type: ignore[attr-defined]
    return {row.key: getattr(row, figure) for row in rows if getattr(row, figure) != 0}


@pytest.mark.usefixtures("fixture")
class TestPartnershipActions:
    def test_the_first_quarter_counts_the_held_actions_ending_in_it(self) -> None:
        result = partnership_actions(parse_period("2026-Q1"), ALL)
        assert result.overall.actions == 3
        assert kinds(result) == {"contest": 1, "job_dating": 1, "expert_intervention": 1}
        assert result.overall.participants == 82
        assert result.overall.hires == 3
        assert result.overall.online == 1

    def test_an_action_over_two_quarters_counts_where_it_ends(self) -> None:
        result = partnership_actions(parse_period("2026-Q2"), ALL)
        assert kinds(result) == {"mentoring": 1, "job_dating": 1}

    def test_the_year_counts_each_held_action_once(self) -> None:
        assert partnership_actions(parse_period("2026"), ALL).overall.actions == 5

    def test_a_territory_counts_its_communes_and_never_online_actions(self) -> None:
        q1 = parse_period("2026-Q1")
        assert kinds(partnership_actions(q1, parse_territory(CACEM))) == {"contest": 1}
        assert kinds(partnership_actions(q1, parse_territory(CAP_NORD))) == {"job_dating": 1}
        assert partnership_actions(q1, parse_territory("97216")).overall.actions == 1
        assert partnership_actions(q1, parse_territory(CACEM)).overall.online == 0

    def test_every_kind_has_a_row(self) -> None:
        result = partnership_actions(parse_period("2026-Q3"), ALL)
        assert len(result.by_kind) == 8
        assert result.overall.actions == 0

    def test_the_registry_command_and_api_give_the_same_figures(self) -> None:
        data = compute("partnership-actions", "2026-Q1")
        assert data["numerator"] == data["actions"] == 3
        out = StringIO()
        call_command(
            "indicators",
            indicator="partnership-actions",
            period="2026-Q1",
            territory=CACEM,
            format="json",
            stdout=out,
        )
        assert json.loads(out.getvalue())["actions"] == 1


@pytest.mark.usefixtures("fixture")
class TestPlacementsHosted:
    def test_placements_started_in_the_quarter_count_even_broken_off(self) -> None:
        result = placements_hosted(parse_period("2026-Q1"), ALL)
        assert result.overall.placements == 3
        assert result.broken_off == 1
        assert kinds(result, "placements") == {
            "internship": 1,
            "apprenticeship": 1,
            "professionalisation": 1,
        }
        epcis = {row.key: row.placements for row in result.breakdowns["epci"]}
        assert epcis == {CACEM: 2, CAP_NORD: 1}

    def test_the_territory_is_the_host_company_commune(self) -> None:
        q1 = parse_period("2026-Q1")
        assert placements_hosted(q1, parse_territory(CACEM)).overall.placements == 2
        assert placements_hosted(q1, parse_territory(CAP_NORD)).overall.placements == 1
        assert placements_hosted(q1, parse_territory("97216")).overall.placements == 1

    def test_the_year_and_the_next_quarter(self) -> None:
        assert placements_hosted(parse_period("2026"), ALL).overall.placements == 4
        assert placements_hosted(parse_period("2026-Q2"), ALL).overall.placements == 1

    def test_the_command_lists_both_identifiers(self) -> None:
        out = StringIO()
        call_command("indicators", list=True, stdout=out)
        assert "partnership-actions" in out.getvalue()
        assert "placements-hosted" in out.getvalue()
        assert compute("placements-hosted", "2026-Q1", CAP_NORD)["placements"] == 1


@pytest.mark.usefixtures("fixture")
class TestPublicViews:
    def test_the_public_sees_small_placement_counts_as_secret(self) -> None:
        result = placements_with_secrecy(placements_hosted(parse_period("2026-Q1"), ALL))
        assert result.overall.placements is None
        assert result.broken_off is None
        assert all(row.placements is None for row in result.breakdowns["epci"])

    def test_the_public_page_hides_them_and_the_federation_sees_them(self) -> None:
        world = World.build()
        url = reverse("partnerships:indicators") + "?period=2026-Q1"
        public = Client().get(url).content.decode()
        assert "3 actions réalisées" in public
        assert "Accueils commencés : secret statistique" in public
        exact = world.client("federation").get(url).content.decode()
        assert "3 accueils commencés" in exact
        assert "chiffres exacts" in exact

    def test_the_api_is_public_with_secrecy_and_exact_for_the_federation(self) -> None:
        world = World.build()
        url = "/api/v1/partenariats/indicateurs/placements-hosted?period=2026-Q1"
        public = Client().get(url).json()
        assert public["statistical_secrecy"] is True
        assert public["placements"] is None
        exact = Client().get(url, headers=world.api_headers("federation")).json()
        assert exact["placements"] == 3
        assert exact["statistical_secrecy"] is False
        actions = Client().get(url.replace("placements-hosted", "partnership-actions")).json()
        assert actions["actions"] == 3

    def test_an_unknown_indicator_is_a_404_naming_the_known_ones(self) -> None:
        response = Client().get("/api/v1/partenariats/indicateurs/people-certified?period=2026")
        assert response.status_code == 404
        assert "placements-hosted" in response.json()["detail"]


def test_complementary_secrecy_protects_each_table_and_the_break_offs() -> None:
    period = parse_period("2026")
    result = PlacementsResult(
        period=period,
        territory=ALL,
        overall=PlacementRow("", "toute la Martinique", 10),
        breakdowns={
            "kind": [
                PlacementRow("internship", "Stage", 7),
                PlacementRow("apprenticeship", "Apprentissage", 3),
                PlacementRow("professionalisation", "Professionnalisation", 0),
            ],
            "epci": [PlacementRow(CACEM, "CACEM", 6), PlacementRow(CAP_NORD, "CAP Nord", 4)],
        },
        broken_off=8,
    )
    public = placements_with_secrecy(result)
    assert [row.placements for row in public.breakdowns["kind"]] == [None, None, 0]
    assert [row.placements for row in public.breakdowns["epci"]] == [None, None]
    assert public.overall.placements == 10
    # 10 − 8 = 2 not broken off: the break-offs cannot be published beside the total.
    assert public.broken_off is None


def test_participants_of_a_small_kind_are_secret_with_a_complement() -> None:
    world_period = parse_period("2026")
    from lakou.partnerships.indicators import ActionRow, ActionsResult

    rows = [
        ActionRow("contest", "Concours", 2, 40, 0),
        ActionRow("job_dating", "Job dating", 1, 3, 0),
        ActionRow("chair", "Chaire", 1, 20, 0),
    ]
    result = ActionsResult(
        period=world_period,
        territory=ALL,
        overall=ActionRow("", "toute la Martinique", 4, 63, 0),
        by_kind=rows,
    )
    public = actions_with_secrecy(result)
    participants = [row.participants for row in public.by_kind]
    assert participants[1] is None
    assert participants.count(None) == 2
    assert public.overall.participants == 63
    assert [row.actions for row in public.by_kind] == [2, 1, 1]  # actions are not people


def test_a_period_boundary_in_utc_does_not_move_an_action() -> None:
    # 2026-04-01 03:30 UTC is 31 March 23:30 in Martinique.
    commune = CommuneFactory()
    utc = datetime(2026, 4, 1, 3, 30, tzinfo=ZoneInfo("UTC"))
    held_action(ends_at=utc, starts_at=utc - timedelta(hours=1), commune=commune)
    assert partnership_actions(parse_period("2026-Q1"), ALL).overall.actions == 1
    assert partnership_actions(parse_period("2026-Q2"), ALL).overall.actions == 0
