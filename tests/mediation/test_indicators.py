"""Indicator 4 on a fixture computed by hand (docs/indicateurs.md, section 4).

Q1 2026, Martinique time. Workshops (venue commune → EPCI):
- W1 Fort-de-France (CACEM), seniors, 10 Feb, led by A (retiree): 3 registered, 2 present, 1 absent.
- W2 Fort-de-France, everyone, 31 March at 23:30 (1 April in UTC), led by A and D (employee):
  2 present. Counts in Q1.
- W3 Le Marigot (CAP Nord), seniors, 5 March, led by B (association): nobody's attendance marked.
- W4 Fort-de-France, cancelled, led by E: never counts, nor makes E active (nor its act).
- W5 Le Lamentin, a draft never published, led by E: never counts.
- W6 Fort-de-France, 1 April at 00:30: Q2, led by G.
Acts: C (freelancer) in Le Lamentin on 12 January, active only through acts; D in Le Marigot on
2 February (D is active in CACEM and CAP Nord); F's act withdrawn; G's act on 1 April at 00:10 (Q2);
A's collective act of W1 (counted once with W1).

Hand results for Q1, all Martinique: active mediators A, B, C, D = 4 (3 through workshops, 1
through acts only; one of each kind); by EPCI CACEM 3 (A, C, D), CAP Nord 2 (B, D), CAESM 0.
Workshops held W1, W2, W3 = 3; present 2 + 2 + 0 = 4; attendance marked in 2, so the mean is 2.0
and 1 workshop has none marked. Seniors: 2 workshops, 2 present, mean 2.0; everyone: 1, 2, 2.0.
"""

from __future__ import annotations

import json
from datetime import datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lakou.core.indicators import compute
from lakou.core.period import Territory, parse_period, parse_territory
from lakou.mediation.indicators import (
    MediatorRow,
    MediatorsResult,
    active_mediators,
    mediators_with_secrecy,
    workshops_held,
    workshops_with_secrecy,
)
from lakou.mediation.models import (
    Act,
    ActKind,
    Mediator,
    MediatorKind,
    PlaceType,
    Registration,
    Venue,
    Workshop,
)
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.mediation.factories_mediators import fort_de_france, lamentin, make_mediator, marigot
from tests.mediation.factories_venues import make_venue
from tests.territory.factories import EpciFactory
from tests.world import World

pytestmark = pytest.mark.django_db

MQ = ZoneInfo("America/Martinique")
CACEM = "249720061"
CAP_NORD = "200041788"
CAESM = "249720053"
ALL = Territory(code="", label="toute la Martinique", kind="all")
Q1 = "2026-Q1"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=MQ)


def mediator(name: str, kind: str) -> Mediator:
    return make_mediator(UserFactory(first_name=name, last_name="Test"), status="active", kind=kind)


def workshop(
    venue: Venue,
    starts_at: datetime,
    leaders: list[Mediator],
    *,
    audience: str = "seniors",
    status: str = Workshop.Status.PUBLISHED,
    attended: tuple[bool | None, ...] = (),
) -> Workshop:
    held = Workshop.objects.create(
        title="Atelier",
        level="beginner",
        audience=audience,
        venue=venue,
        starts_at=starts_at,
        duration_minutes=90,
        capacity=10,
        organiser=OrganisationFactory(association=True),
        status=status,
    )
    held.mediators.set(leaders)
    for position, came in enumerate(attended):
        Registration.objects.create(
            workshop=held,
            name=f"Personne {position}",
            phone=f"069600000{position}",
            status=Registration.Status.CONFIRMED,
            attended=came,
        )
    return held


def act(who: Mediator, starts_at: datetime, commune: Any, **fields: Any) -> Act:
    values: dict[str, Any] = {
        "mediator": who,
        "kind": ActKind.INDIVIDUAL,
        "starts_at": starts_at,
        "duration_minutes": 30,
        "place_type": PlaceType.HOME,
        "commune": commune,
    }
    values.update(fields)
    return Act.objects.create(**values)


@pytest.fixture
def fixture() -> dict[str, Mediator]:
    EpciFactory(caesm=True)
    fdf, lam, mar = fort_de_france(), lamentin(), marigot()
    in_fdf, in_lam, in_mar = (
        make_venue(commune=fdf),
        make_venue(commune=lam),
        make_venue(commune=mar),
    )
    a = mediator("A", MediatorKind.RETIREE)
    b = mediator("B", MediatorKind.ASSOCIATION)
    c = mediator("C", MediatorKind.FREELANCER)
    d = mediator("D", MediatorKind.EMPLOYEE)
    e = mediator("E", MediatorKind.RETIREE)
    f = mediator("F", MediatorKind.RETIREE)
    g = mediator("G", MediatorKind.RETIREE)
    w1 = workshop(in_fdf, at(2026, 2, 10, 9), [a], attended=(True, True, False))
    workshop(in_fdf, at(2026, 3, 31, 23, 30), [a, d], audience="everyone", attended=(True, True))
    workshop(in_mar, at(2026, 3, 5, 14), [b], attended=(None, None))
    w4 = workshop(
        in_fdf, at(2026, 2, 20, 9), [e], status=Workshop.Status.CANCELLED, attended=(True,)
    )
    workshop(in_lam, at(2026, 1, 15, 9), [e], status=Workshop.Status.DRAFT)
    workshop(in_fdf, at(2026, 4, 1, 0, 30), [g], attended=(True,))
    act(c, at(2026, 1, 12, 10), lam)
    act(d, at(2026, 2, 2, 10), mar)
    act(f, at(2026, 2, 3, 10), fdf, withdrawn_at=timezone.now())
    act(g, at(2026, 4, 1, 0, 10), fdf)
    collective = {"kind": ActKind.COLLECTIVE, "place_type": PlaceType.VENUE, "participants": 2}
    act(a, w1.starts_at, fdf, workshop=w1, venue=in_fdf, **collective)
    act(e, w4.starts_at, fdf, workshop=w4, venue=in_fdf, **collective)
    return {"a": a, "b": b, "c": c, "d": d, "g": g}


def by_key(rows: list[Any], figure: str) -> dict[str, Any]:
    return {row.key: getattr(row, figure) for row in rows}


@pytest.mark.usefixtures("fixture")
class TestActiveMediators:
    def test_the_first_quarter_by_hand(self) -> None:
        result = active_mediators(parse_period(Q1), ALL)
        assert result.overall.mediators == 4
        assert result.through_workshops == 3
        assert result.through_acts_only == 1
        assert by_key(result.by_kind, "mediators") == {
            "employee": 1,
            "freelancer": 1,
            "retiree": 1,
            "association": 1,
        }

    def test_a_mediator_active_in_two_epci_counts_in_each_and_once_in_all(self) -> None:
        result = active_mediators(parse_period(Q1), ALL)
        assert by_key(result.by_epci, "mediators") == {CACEM: 3, CAP_NORD: 2, CAESM: 0}
        assert active_mediators(parse_period(Q1), parse_territory(CACEM)).overall.mediators == 3
        in_cap_nord = active_mediators(parse_period(Q1), parse_territory(CAP_NORD))
        assert in_cap_nord.overall.mediators == 2
        assert in_cap_nord.through_acts_only == 1  # D: here only through the act in Le Marigot
        assert by_key(in_cap_nord.by_epci, "mediators") == {CAP_NORD: 2}

    def test_a_commune_counts_its_workshops_and_its_acts(self) -> None:
        assert active_mediators(parse_period(Q1), parse_territory("97216")).overall.mediators == 2
        in_lamentin = active_mediators(parse_period(Q1), parse_territory("97213"))
        assert in_lamentin.overall.mediators == 1  # C's act; the draft makes nobody active
        assert in_lamentin.through_acts_only == 1

    def test_the_next_quarter_and_the_year(self) -> None:
        q2 = active_mediators(parse_period("2026-Q2"), ALL)
        assert q2.overall.mediators == 1  # G, through W6 and an act
        assert q2.through_workshops == 1
        assert active_mediators(parse_period("2026"), ALL).overall.mediators == 5

    def test_the_command_and_the_registry(self) -> None:
        assert compute("active-mediators", Q1)["mediators"] == 4
        out = StringIO()
        call_command(
            "indicators",
            indicator="active-mediators",
            period=Q1,
            territory=CACEM,
            format="json",
            stdout=out,
        )
        assert json.loads(out.getvalue())["numerator"] == 3


@pytest.mark.usefixtures("fixture")
class TestWorkshopsHeld:
    def test_the_first_quarter_by_hand(self) -> None:
        result = workshops_held(parse_period(Q1), ALL)
        assert result.overall.workshops == 3
        assert result.overall.attendees == 4
        assert result.overall.attendance_marked == 2
        assert result.overall.attendance_missing == 1
        assert result.overall.mean_attendance == 2.0

    def test_by_audience_and_epci(self) -> None:
        result = workshops_held(parse_period(Q1), ALL)
        audiences = {
            row.key: (row.workshops, row.attendees, row.mean_attendance)
            for row in result.by_audience
        }
        assert audiences == {
            "seniors": (2, 2, 2.0),
            "small_businesses": (0, 0, None),
            "everyone": (1, 2, 2.0),
        }
        epcis = {
            row.key: (row.workshops, row.attendees, row.mean_attendance) for row in result.by_epci
        }
        assert epcis == {CACEM: (2, 4, 2.0), CAP_NORD: (1, 0, None), CAESM: (0, 0, None)}

    def test_the_workshop_at_half_past_eleven_on_the_last_day_stays_in_its_quarter(self) -> None:
        q2 = workshops_held(parse_period("2026-Q2"), ALL)
        assert q2.overall.workshops == 1  # W6 only: W2 began on 31 March, Martinique time
        assert workshops_held(parse_period("2026"), ALL).overall.workshops == 4

    def test_a_coming_workshop_is_not_held_yet(self) -> None:
        q1 = parse_period(Q1)
        assert workshops_held(q1, ALL, now=at(2026, 3, 6)).overall.workshops == 2  # W1, W3
        assert active_mediators(q1, ALL, now=at(2026, 3, 6)).through_workshops == 2  # A, B

    def test_the_registry_gives_the_same_figures(self) -> None:
        data = compute("workshops-held", Q1, CACEM)
        assert (data["workshops"], data["attendees"], data["mean_attendance"]) == (2, 4, 2.0)


@pytest.mark.usefixtures("fixture")
class TestPublicViews:
    def test_people_under_five_are_secret_and_workshops_are_not(self) -> None:
        workshops = workshops_with_secrecy(workshops_held(parse_period(Q1), ALL))
        assert workshops.overall.workshops == 3
        assert workshops.overall.attendees is None
        assert workshops.overall.mean_attendance is None
        mediators = mediators_with_secrecy(active_mediators(parse_period(Q1), ALL))
        assert mediators.overall.mediators is None
        assert by_key(mediators.by_epci, "mediators") == {CACEM: None, CAP_NORD: None, CAESM: 0}

    def test_the_page_hides_them_and_the_federation_sees_them(self) -> None:
        world = World.build()
        url = reverse("mediation:indicators") + f"?period={Q1}"
        public = Client().get(url).content.decode()
        assert "3 ateliers réalisés" in public
        assert "Médiateurs actifs : secret statistique" in public
        exact = world.client("federation").get(url).content.decode()
        assert "4 médiateurs actifs" in exact
        assert "chiffres exacts" in exact

    def test_the_api_is_public_with_secrecy_and_exact_for_the_federation(self) -> None:
        world = World.build()
        url = f"/api/v1/mediation/indicateurs/active-mediators?period={Q1}"
        public = Client().get(url).json()
        assert public["statistical_secrecy"] is True
        assert public["mediators"] is None
        exact = Client().get(url, headers=world.api_headers("federation")).json()
        assert exact["mediators"] == 4
        held = Client().get(url.replace("active-mediators", "workshops-held")).json()
        assert held["workshops"] == 3

    def test_an_unknown_indicator_is_a_404_naming_the_known_ones(self) -> None:
        response = Client().get("/api/v1/mediation/indicateurs/people-certified?period=2026")
        assert response.status_code == 404
        assert "workshops-held" in response.json()["detail"]


def test_complementary_secrecy_on_the_kinds() -> None:
    """Kinds 7, 3, 6, 0 (total 16): 3 is secret, so the smallest other positive (6) goes too;
    workshops 12 + acts only 4 = 16: 4 is secret, so 12 too."""
    period, territory = parse_period(Q1), ALL
    rows = [
        MediatorRow(key=k, label=k, mediators=n)
        for k, n in (("employee", 7), ("freelancer", 3), ("retiree", 6), ("association", 0))
    ]
    result = MediatorsResult(
        period=period,
        territory=territory,
        overall=MediatorRow(key="", label="", mediators=16),
        through_workshops=12,
        through_acts_only=4,
        by_kind=rows,
        by_epci=[MediatorRow(key=CACEM, label="CACEM", mediators=16)],
    )
    shown = mediators_with_secrecy(result)
    assert by_key(shown.by_kind, "mediators") == {
        "employee": 7,
        "freelancer": None,
        "retiree": None,
        "association": 0,
    }
    assert shown.overall.mediators == 16
    assert (shown.through_workshops, shown.through_acts_only) == (None, None)
