"""Indicator 5 on a fixture computed by hand (docs/indicateurs.md, section 5).

Martinique time (UTC−4). Matches (opportunity's commune → EPCI):
- M1 training, session in Fort-de-France (CACEM), successful 31 March 2026 at 23:30 (1 April
  03:30 UTC): Q1.
- M2 internship, offer in Le Marigot (CAP Nord), successful 10 February at 10:00: Q1.
- M3 training, a remote session; the person lives in Le Marigot (CAP Nord): successful
  5 January at 09:00, Q1, remote.
- M4 training, session in Fort-de-France, accepted by both sides then declined on 10 March:
  never counts.
- M5 internship, offer in Fort-de-France, successful 1 April at 00:30: Q2 (the next period).
- M6 workshop in Fort-de-France, accepted by the person only: never counts.

Hand results for Q1, all Martinique: 3 (training 2, internship 1, others 0); CACEM 1,
CAP Nord 2, CAESM 0; remote 1. Q2: 1 (internship, CACEM). Year 2026: 4. CAP Nord in Q1: 2.
Fort-de-France (97209) in Q1: 1. Public: every figure is under 5, so secret (zeros are shown).
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

from lakou.core.indicators import compute
from lakou.core.period import parse_period, parse_territory
from lakou.matching.indicators import (
    MatchesResult,
    MatchRow,
    matches_with_secrecy,
    successful_matches,
)
from lakou.matching.models import Match, MatchStatus, OpportunityKind
from tests.matching.factories_matches import make_profile, propose
from tests.mediation.factories_workshops import make_workshop
from tests.partnerships.factories_offers import make_offer
from tests.territory.factories import CommuneFactory
from tests.training.factories_enrolment import session_with_seats
from tests.world import World

MQ = ZoneInfo("America/Martinique")
Q1 = "2026-Q1"
CACEM, CAP_NORD, CAESM = "249720061", "200041788", "249720053"
ALL = parse_territory("")


def when(*args: int) -> datetime:
    return datetime(*args, tzinfo=MQ)


def _set(match: Match, status: str, **fields: Any) -> None:
    Match.objects.filter(pk=match.pk).update(status=status, **fields)


@pytest.fixture
def fixture(db: Any) -> None:
    from tests.territory.factories import EpciFactory

    EpciFactory(caesm=True)
    fdf = CommuneFactory()
    marigot = CommuneFactory(marigot=True)
    person = make_profile(commune=fdf)
    far = make_profile(commune=marigot)
    session1, _p = session_with_seats(3, commune=fdf)
    m1 = propose(person, OpportunityKind.TRAINING, session=session1)
    _set(m1, MatchStatus.SUCCESSFUL, successful_at=when(2026, 3, 31, 23, 30))
    m2 = propose(person, OpportunityKind.INTERNSHIP, offer=make_offer(commune=marigot))
    _set(m2, MatchStatus.SUCCESSFUL, successful_at=when(2026, 2, 10, 10))
    remote, _p = session_with_seats(3, is_remote=True)
    m3 = propose(far, OpportunityKind.TRAINING, session=remote)
    _set(m3, MatchStatus.SUCCESSFUL, successful_at=when(2026, 1, 5, 9))
    session4, _p = session_with_seats(3, commune=fdf)
    m4 = propose(person, OpportunityKind.TRAINING, session=session4)
    _set(
        m4,
        MatchStatus.DECLINED,
        other_accepted_at=when(2026, 3, 1, 9),
        declined_at=when(2026, 3, 10, 9),
        declined_by="person",
        declined_reason="Trop loin",
    )
    m5 = propose(person, OpportunityKind.INTERNSHIP, offer=make_offer(commune=fdf))
    _set(m5, MatchStatus.SUCCESSFUL, successful_at=when(2026, 4, 1, 0, 30))
    m6 = propose(person, OpportunityKind.WORKSHOP, workshop=make_workshop())
    _set(m6, MatchStatus.PERSON_ACCEPTED, person_accepted_at=when(2026, 2, 1, 9))


pytestmark = pytest.mark.usefixtures("fixture")


def test_the_first_quarter_by_hand() -> None:
    result = successful_matches(parse_period(Q1), ALL)
    assert result.overall.matches == 3
    assert result.remote == 1


def test_by_kind_adds_up() -> None:
    result = successful_matches(parse_period(Q1), ALL)
    assert {row.key: row.matches for row in result.by_kind} == {
        "training": 2,
        "internship": 1,
        "job": 0,
        "mentoring": 0,
        "workshop": 0,
    }


def test_by_epci_the_remote_one_counts_where_the_person_lives() -> None:
    result = successful_matches(parse_period(Q1), ALL)
    assert {row.key: row.matches for row in result.by_epci} == {
        CACEM: 1,
        CAP_NORD: 2,
        CAESM: 0,
    }


def test_the_match_at_half_past_midnight_on_1_april_is_in_the_next_quarter() -> None:
    q2 = successful_matches(parse_period("2026-Q2"), ALL)
    assert q2.overall.matches == 1
    assert {row.key: row.matches for row in q2.by_kind}["internship"] == 1


def test_the_year_counts_each_once() -> None:
    assert successful_matches(parse_period("2026"), ALL).overall.matches == 4


def test_an_epci_and_a_commune() -> None:
    assert successful_matches(parse_period(Q1), parse_territory(CAP_NORD)).overall.matches == 2
    assert successful_matches(parse_period(Q1), parse_territory("97209")).overall.matches == 1


def test_the_registry_and_the_command() -> None:
    assert compute("successful-matches", Q1)["matches"] == 3
    out = StringIO()
    call_command(
        "indicators",
        indicator="successful-matches",
        period=Q1,
        territory=CAP_NORD,
        format="json",
        stdout=out,
    )
    assert json.loads(out.getvalue())["numerator"] == 2


def test_public_figures_under_five_are_secret() -> None:
    public = matches_with_secrecy(successful_matches(parse_period(Q1), ALL))
    assert public.overall.matches is None
    assert public.remote is None
    assert {row.key: row.matches for row in public.by_kind}["job"] == 0
    assert public.is_public is True


def test_the_api_is_public_with_secrecy_and_exact_for_the_federation() -> None:
    world = World.build()
    url = f"/api/v1/orientation/indicateurs/successful-matches?period={Q1}"
    public = Client().get(url).json()
    assert public["matches"] is None
    assert public["statistical_secrecy"] is True
    exact = Client().get(url, headers=world.api_headers("federation")).json()
    assert exact["matches"] == 3
    assert exact["indicator"] == "successful-matches"
    assert exact["breakdowns"]["kind"][0] == {
        "key": "training",
        "label": "Session de formation",
        "matches": 2,
    }


def test_an_unknown_indicator_is_a_404_naming_the_known_one() -> None:
    response = Client().get("/api/v1/orientation/indicateurs/workshops-held?period=2026")
    assert response.status_code == 404
    assert "successful-matches" in response.json()["detail"]


def test_the_page_hides_them_and_the_federation_sees_them() -> None:
    world = World.build()
    url = reverse("matching:indicators") + f"?period={Q1}"
    public = Client().get(url)
    assert public.status_code == 200
    assert "secret statistique" in public.content.decode()
    exact = world.client("federation").get(url).content.decode()
    assert "3 mises en relation réussies" in exact


def test_a_wrong_period_is_a_clear_error_at_the_field() -> None:
    response = Client().get(reverse("matching:indicators") + "?period=2026-Q7")
    assert response.status_code == 400
    assert "Le calcul n'a pas pu être fait" in response.content.decode()


def test_complementary_secrecy_on_the_kinds() -> None:
    period = parse_period(Q1)
    result = MatchesResult(
        period=period,
        territory=ALL,
        overall=MatchRow(key="", label="Martinique", matches=10),
        remote=6,
        by_kind=[
            MatchRow(key="training", label="Formation", matches=7),
            MatchRow(key="internship", label="Stage", matches=3),
        ],
        by_epci=[MatchRow(key=CACEM, label="CACEM", matches=10)],
    )
    public = matches_with_secrecy(result)
    assert [row.matches for row in public.by_kind] == [None, None]
    assert public.overall.matches == 10
    assert public.remote == 6
