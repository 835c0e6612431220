"""Indicator 2, people certified and employment at six months, on a fixture computed by hand."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from lakou.core.indicators import compute
from lakou.core.period import Territory, parse_period, parse_territory
from lakou.training.indicators import (
    ANSWER_WINDOW_DAYS,
    Outcomes,
    TrainingOutcomes,
    programme_outcomes,
    training_outcomes,
    with_secrecy,
)
from lakou.training.models import Programme, Situation
from tests.accounts.factories import OrganisationFactory
from tests.territory.factories import CommuneFactory
from tests.training.factories import make_programme
from tests.training.factories_indicators import answer, certify, learner, unreachable

CACEM = "249720061"
CAP_NORD = "200041788"
FORT_DE_FRANCE = "97209"
TODAY = dt.date(2027, 3, 1)


@pytest.fixture
def programmes(db: None) -> dict[str, Programme]:
    provider_a = OrganisationFactory(provider=True, name="Organisme A")
    provider_b = OrganisationFactory(provider=True, name="Organisme B")
    return {
        "web": make_programme(provider=provider_a, title="Développeur web", domain="web"),
        "cyber": make_programme(provider=provider_b, title="Analyste SOC", domain="cybersecurity"),
        "integrator": make_programme(provider=provider_b, title="Intégrateur web", domain="web"),
    }


@pytest.fixture
def cohort(programmes: dict[str, Programme]) -> dict[str, Programme]:
    """Period 2026, counted on 1 March 2027; follow-up due six months after the certificate.

    Fort-de-France and Le Lamentin are in the CACEM, Le Marigot in CAP Nord.
    Alice   web FdF 10/02 (due 10/08), answers 01/09 CDI            -> employed
            cyber FdF 05/05 (due 05/11), answers 20/11 job seeking   -> certified twice, once
    Bruno   web FdF 15/03 (due 15/09), never answers                 -> due, no answer
    Chloé   web FdF 20/01 (due 20/07), answers 15/01/2027            -> outside the window
    David   web Lamentin 01/04 (due 01/10), answers 20/09            -> before the window
    Emma    cyber Marigot 10/06 (due 10/12), answers 20/12 training  -> answered, not employed
    Farid   cyber Marigot 01/07 (due 01/01/2027), answers 05/01 CDD  -> employed
    Gaëlle  web FdF 15/10 (due 15/04/2027)                           -> not yet due
    Hugo    web FdF 20/05, revoked, answers CDI                      -> not counted at all
    Inès    web FdF 31/12/2025 (due 30/06/2026), answers 10/07 CDI   -> year 2025 only
    Julien  integrator Lamentin 01/02 (due 01/08), answers 01/08     -> employed, window's 1st day
    Karim   web FdF 01/03 (due 01/09), answers 02/12 job seeking     -> window's last day
    Léa     web FdF 01/02 (due 01/08), answers 02/11 CDI             -> the day after the window
    """
    fdf = CommuneFactory()
    lamentin = CommuneFactory(lamentin=True)
    marigot = CommuneFactory(marigot=True)
    web, cyber, integrator = programmes["web"], programmes["cyber"], programmes["integrator"]
    d = dt.date

    alice = learner("Alice")
    answer(
        certify(alice, web, issued_on=d(2026, 2, 10), commune=fdf), "permanent", on=d(2026, 9, 1)
    )
    answer(
        certify(alice, cyber, issued_on=d(2026, 5, 5), commune=fdf),
        Situation.JOB_SEEKING,
        on=d(2026, 11, 20),
    )
    unreachable(certify(learner("Bruno"), web, issued_on=d(2026, 3, 15), commune=fdf))
    answer(
        certify(learner("Chloé"), web, issued_on=d(2026, 1, 20), commune=fdf),
        Situation.SELF_EMPLOYED,
        on=d(2027, 1, 15),
    )
    answer(
        certify(learner("David"), web, issued_on=d(2026, 4, 1), commune=lamentin),
        Situation.APPRENTICESHIP,
        on=d(2026, 9, 20),
    )
    answer(
        certify(learner("Emma"), cyber, issued_on=d(2026, 6, 10), commune=marigot),
        Situation.IN_TRAINING,
        on=d(2026, 12, 20),
    )
    answer(
        certify(learner("Farid"), cyber, issued_on=d(2026, 7, 1), commune=marigot),
        Situation.FIXED_TERM_SHORT,
        on=d(2027, 1, 5),
    )
    certify(learner("Gaëlle"), web, issued_on=d(2026, 10, 15), commune=fdf)
    answer(
        certify(learner("Hugo"), web, issued_on=d(2026, 5, 20), commune=fdf, revoked=True),
        Situation.PERMANENT,
        on=d(2026, 11, 25),
    )
    answer(
        certify(learner("Inès"), web, issued_on=d(2025, 12, 31), commune=fdf),
        Situation.PERMANENT,
        on=d(2026, 7, 10),
    )
    answer(
        certify(learner("Julien"), integrator, issued_on=d(2026, 2, 1), commune=lamentin),
        Situation.TEMPORARY,
        on=d(2026, 8, 1),
    )
    answer(
        certify(learner("Karim"), web, issued_on=d(2026, 3, 1), commune=fdf),
        Situation.JOB_SEEKING,
        on=d(2026, 12, 2),
    )
    answer(
        certify(learner("Léa"), web, issued_on=d(2026, 2, 1), commune=fdf),
        Situation.PERMANENT,
        on=d(2026, 11, 2),
    )
    return programmes


def outcomes(period: str, territory: str = "") -> TrainingOutcomes:
    return training_outcomes(parse_period(period), parse_territory(territory), today=TODAY)


def figures(row: Outcomes) -> tuple[int | None, ...]:
    return (row.people_certified, row.due, row.respondents, row.employed, row.not_yet_due)


def test_the_window_lasts_about_three_months() -> None:
    assert ANSWER_WINDOW_DAYS == 92


@pytest.mark.usefixtures("cohort")
@pytest.mark.parametrize(
    ("period", "territory", "expected"),
    [
        # certified, due, respondents, employed, not yet due
        # 10 people (Hugo revoked, Inès in 2025); Gaëlle not yet due; Alice, Emma, Farid,
        # Julien, Karim answered in the window; Alice (CDI), Farid and Julien employed.
        ("2026", "", (10, 9, 5, 3, 1)),
        # Alice, Bruno, Chloé, Gaëlle, Karim, Léa; Alice and Karim answered; Alice employed.
        ("2026", FORT_DE_FRANCE, (6, 5, 2, 1, 1)),
        # Fort-de-France plus David and Julien (Le Lamentin).
        ("2026", CACEM, (8, 7, 3, 2, 1)),
        # Emma and Farid in Le Marigot.
        ("2026", CAP_NORD, (2, 2, 2, 1, 0)),
        # Inès alone, employed.
        ("2025", "", (1, 1, 1, 1, 0)),
        # Alice (web), Bruno, Chloé, Karim, Léa, Julien; Alice, Karim, Julien answered in time.
        ("2026-Q1", "", (6, 6, 3, 2, 0)),
        # Alice (cyber, job seeking), David, Emma: nobody employed in this quarter's cohort.
        ("2026-Q2", "", (3, 3, 2, 0, 0)),
        ("2026-Q3", "", (1, 1, 1, 1, 0)),
        ("2026-Q4", "", (1, 0, 0, 0, 1)),
        ("2027", "", (0, 0, 0, 0, 0)),
    ],
)
def test_it_counts_people_certified_and_employed_at_six_months(
    period: str, territory: str, expected: tuple[int, ...]
) -> None:
    assert figures(outcomes(period, territory).overall) == expected


@pytest.mark.usefixtures("cohort")
def test_the_rates_are_shares_of_respondents_and_of_people_due() -> None:
    overall = outcomes("2026").overall
    assert overall.rate == pytest.approx(3 / 5)
    assert overall.percentage == 60.0
    assert overall.response_rate == pytest.approx(5 / 9)
    assert overall.response_percentage == 55.6


@pytest.mark.usefixtures("cohort")
def test_each_breakdown_counts_a_person_once_per_row() -> None:
    breakdowns = outcomes("2026").breakdowns

    def table(name: str) -> dict[str, tuple[int | None, ...]]:
        return {row.label: figures(row) for row in breakdowns[name]}

    # Alice counts in "Développeur web" and in "Analyste SOC": 7 + 3 + 1 = 11 rows for 10 people.
    assert table("programme") == {
        "Analyste SOC (Organisme B)": (3, 3, 3, 1, 0),  # Alice, Emma, Farid; Farid employed
        "Développeur web (Organisme A)": (
            7,
            6,
            2,
            1,
            1,
        ),  # Alice, Bruno, Chloé, David, Gaëlle, Karim, Léa
        "Intégrateur web (Organisme B)": (1, 1, 1, 1, 0),  # Julien
    }
    assert table("provider") == {
        "Organisme A": (7, 6, 2, 1, 1),
        "Organisme B": (4, 4, 4, 2, 0),  # Alice, Emma, Farid, Julien; Farid and Julien employed
    }
    assert table("domain") == {
        "Cybersécurité": (3, 3, 3, 1, 0),
        "Développement web": (8, 7, 3, 2, 1),  # web + Julien; Alice and Julien employed
    }
    assert table("epci") == {
        "CACEM": (8, 7, 3, 2, 1),
        "CAP Nord Martinique": (2, 2, 2, 1, 0),
    }


@pytest.mark.usefixtures("cohort")
def test_it_runs_one_query_per_breakdown(django_assert_num_queries: Any) -> None:
    period, territory = parse_period("2026"), parse_territory("")
    with django_assert_num_queries(5):
        training_outcomes(period, territory, today=TODAY)


@pytest.mark.usefixtures("cohort")
def test_a_programme_counts_all_its_certificates(programmes: dict[str, Programme]) -> None:
    # Développeur web since the start: the 2026 seven plus Inès (2025); Hugo is revoked.
    result = programme_outcomes(programmes["web"].pk, today=TODAY)
    assert figures(result) == (8, 7, 3, 2, 1)


@pytest.mark.usefixtures("cohort")
def test_the_public_figures_hide_every_group_under_five_people() -> None:
    public = with_secrecy(outcomes("2026"))
    # 10 people: 1 not yet due, 4 without an answer in time, 2 not employed, 3 employed. Each
    # group is under 5, so only the total is published; every other figure would give one away.
    assert figures(public.overall) == (10, None, None, None, None)
    assert public.overall.rate is None
    for rows in public.breakdowns.values():
        for row in rows:
            assert row.employed is None


def test_with_enough_people_the_public_figures_are_the_exact_ones() -> None:
    row = Outcomes(
        key="1",
        label="Développeur web",
        people_certified=40,
        due=30,
        respondents=25,
        employed=17,
        not_yet_due=10,
    )
    other = Outcomes(
        key="2",
        label="Analyste SOC",
        people_certified=20,
        due=15,
        respondents=10,
        employed=5,
        not_yet_due=5,
    )
    overall = Outcomes(
        key="",
        label="toute la Martinique",
        people_certified=60,
        due=45,
        respondents=35,
        employed=22,
        not_yet_due=15,
    )
    result = TrainingOutcomes(
        period=parse_period("2026"),
        territory=_all_martinique(),
        overall=overall,
        breakdowns={"programme": [row, other]},
    )
    public = with_secrecy(result)
    assert public.overall == overall
    assert public.breakdowns["programme"] == [row, other]
    assert public.is_public


def test_a_small_group_and_its_complement_are_hidden_in_a_row() -> None:
    # "Analyste SOC": 3 people not yet due. Hiding it alone would let the reader subtract it
    # from the 20 certified, so the row's next smallest group hides too, and the other row's
    # matching group so that the column total cannot give it back.
    row = Outcomes("1", "Développeur web", 40, 30, 25, 17, 10)
    other = Outcomes("2", "Analyste SOC", 20, 17, 10, 5, 3)
    overall = Outcomes("", "toute la Martinique", 60, 47, 35, 22, 13)
    public = with_secrecy(
        TrainingOutcomes(
            period=parse_period("2026"),
            territory=_all_martinique(),
            overall=overall,
            breakdowns={"programme": [row, other]},
        )
    )
    soc = public.breakdowns["programme"][1]
    assert soc.not_yet_due is None
    assert soc.people_certified == 20
    assert soc.due is None  # 20 - 17 would give the 3 back
    assert public.overall.people_certified == 60


def _all_martinique() -> Territory:
    return Territory(code="", label="toute la Martinique", kind="all")


@pytest.mark.usefixtures("cohort")
def test_compute_gives_json_ready_dicts_for_both_identifiers() -> None:
    certified = compute("people-certified", "2026", CAP_NORD)
    assert certified["title"] == "Personnes certifiées"
    assert certified["numerator"] == 2
    assert certified["territory_label"] == "CAP Nord Martinique"
    assert [row["label"] for row in certified["breakdowns"]["programme"]] == [
        "Analyste SOC (Organisme B)"
    ]
    assert json.loads(json.dumps(certified)) == certified
    employment = compute("employment-6-months", "2025")
    assert employment["numerator"] == 1
    assert employment["denominator"] == 1
    assert employment["percentage"] == 100.0
    assert set(employment["breakdowns"]) == {"programme", "provider", "domain", "epci"}


@pytest.mark.usefixtures("cohort")
def test_the_command_prints_people_certified_as_json() -> None:
    out = StringIO()
    call_command(
        "indicators",
        "--indicator",
        "people-certified",
        "--period",
        "2026",
        "--format",
        "json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["indicator"] == "people-certified"
    assert result["people_certified"] == 10


@pytest.mark.usefixtures("cohort")
def test_the_command_table_prints_the_figures_then_one_line_per_breakdown_row() -> None:
    out = StringIO()
    call_command("indicators", "--indicator", "employment-6-months", "--period", "2026", stdout=out)
    lines = out.getvalue().splitlines()
    assert any(line.split() == ["people_certified", "10"] for line in lines)
    rows = [json.loads(line) for line in lines if line.startswith("    {")]
    assert {row["label"] for row in rows} >= {"Analyste SOC (Organisme B)", "Cybersécurité"}


def test_the_command_lists_both_identifiers(db: None) -> None:
    out = StringIO()
    call_command("indicators", "--list", stdout=out)
    assert "people-certified\tPersonnes certifiées" in out.getvalue()
    assert "employment-6-months" in out.getvalue()
