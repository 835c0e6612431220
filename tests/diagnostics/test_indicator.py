"""Indicator 1, companies diagnosed, on a fixture whose value is computed by hand."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lakou.core.indicators import IndicatorInputError, compute
from lakou.core.period import parse_period, parse_territory
from lakou.diagnostics.indicators import companies_diagnosed
from tests.accounts.factories import OrganisationFactory
from tests.diagnostics.factories_audits import (
    AuditFactory,
    CampaignFactory,
    RegistryCompanyFactory,
    ResponseFactory,
)
from tests.territory.factories import CommuneFactory

MARTINIQUE = ZoneInfo("America/Martinique")
CACEM = "249720061"
CAP_NORD = "200041788"
FORT_DE_FRANCE = "97209"


@pytest.fixture
def registry(db: None) -> None:
    """In Fort-de-France, 2026: 8 companies active (A B C D F H I J), 4 diagnosed (A B F J).

    A audited twice; B answered the company questionnaire; C's answer is still a draft; D was
    audited in 2025 only; E closed in 2025; F closed on 31 March 2026 after its audit; G is
    created in 2027; H answered a public campaign; I did nothing; J submitted on 31 December
    at 23:30 local time (already 2027 in UTC); K is closed with no closing date. Outside
    Fort-de-France: L in Le Lamentin (CACEM too) and M in Le Marigot (CAP Nord), both audited.
    An auditor firm in Fort-de-France is not a company of the registry.
    """
    a = RegistryCompanyFactory(name="A")
    AuditFactory(company=a, audited_on=dt.date(2026, 2, 1))
    AuditFactory(company=a, audited_on=dt.date(2026, 9, 15))
    ResponseFactory(company=RegistryCompanyFactory(name="B"))
    ResponseFactory(company=RegistryCompanyFactory(name="C"), draft=True)
    AuditFactory(company=RegistryCompanyFactory(name="D"), audited_on=dt.date(2025, 11, 3))
    e = RegistryCompanyFactory(name="E", is_closed=True, registry_closed_on=dt.date(2025, 6, 30))
    AuditFactory(company=e, audited_on=dt.date(2026, 1, 5))
    f = RegistryCompanyFactory(name="F", is_closed=True, registry_closed_on=dt.date(2026, 3, 31))
    AuditFactory(company=f, audited_on=dt.date(2026, 2, 10))
    g = RegistryCompanyFactory(name="G", registry_created_on=dt.date(2027, 1, 4))
    AuditFactory(company=g, audited_on=dt.date(2026, 6, 1))
    ResponseFactory(company=RegistryCompanyFactory(name="H"), campaign=CampaignFactory(public=True))
    RegistryCompanyFactory(name="I", registry_created_on=dt.date(2019, 5, 1))
    ResponseFactory(
        company=RegistryCompanyFactory(name="J"),
        submitted_at=dt.datetime(2026, 12, 31, 23, 30, tzinfo=MARTINIQUE),
    )
    AuditFactory(company=RegistryCompanyFactory(name="K", is_closed=True))
    lamentin = CommuneFactory(lamentin=True)
    AuditFactory(company=RegistryCompanyFactory(name="L", commune=lamentin))
    marigot = CommuneFactory(marigot=True)
    AuditFactory(company=RegistryCompanyFactory(name="M", commune=marigot))
    OrganisationFactory(auditor=True, commune=CommuneFactory())


@pytest.mark.usefixtures("registry")
@pytest.mark.parametrize(
    ("period", "territory", "numerator", "denominator"),
    [
        ("2026", FORT_DE_FRANCE, 4, 8),
        ("2026", CACEM, 5, 9),
        ("2026", CAP_NORD, 1, 1),
        ("2026", "", 6, 10),
        ("2025", FORT_DE_FRANCE, 1, 9),  # D audited in 2025; E open until 30 June 2025
        ("2026-Q1", FORT_DE_FRANCE, 2, 8),  # A and F in February
        ("2026-Q2", FORT_DE_FRANCE, 1, 7),  # B in May; F closed on 31 March
        ("2026-Q3", FORT_DE_FRANCE, 1, 7),  # A's second audit
        ("2026-Q4", FORT_DE_FRANCE, 1, 7),  # J on 31 December, local time
        ("2027", FORT_DE_FRANCE, 0, 8),  # G created; F, E gone; nothing diagnosed
    ],
)
def test_it_counts_diagnosed_companies_of_the_registry(
    period: str, territory: str, numerator: int, denominator: int
) -> None:
    result = companies_diagnosed(parse_period(period), parse_territory(territory))
    assert (result.numerator, result.denominator) == (numerator, denominator)
    assert result.rate == pytest.approx(numerator / denominator)


@pytest.mark.usefixtures("registry")
def test_it_runs_in_two_queries(django_assert_num_queries: object) -> None:
    period, territory = parse_period("2026"), parse_territory("")
    with django_assert_num_queries(2):  # type: ignore[operator]
        companies_diagnosed(period, territory)


@pytest.mark.django_db
def test_the_rate_is_unknown_without_companies() -> None:
    result = compute("companies-diagnosed", "2026")
    assert result["denominator"] == 0
    assert result["rate"] is None
    assert result["percentage"] is None


@pytest.mark.usefixtures("registry")
def test_compute_gives_a_json_ready_dict() -> None:
    result = compute("companies-diagnosed", "2026-Q1", FORT_DE_FRANCE)
    assert result["indicator"] == "companies-diagnosed"
    assert result["title"] == "Entreprises diagnostiquées"
    assert result["period_start"] == "2026-01-01"
    assert result["period_end"] == "2026-03-31"
    assert result["territory_label"] == "Fort-de-France"
    assert result["percentage"] == 25.0


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ("2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("2026-q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("2026-T3", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ],
)
def test_it_parses_years_and_quarters(text: str, start: dt.date, end: dt.date) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["", "26", "2026-Q5", "2026-03", "année 2026", "1850"])
def test_it_refuses_a_bad_period_in_french(text: str) -> None:
    with pytest.raises(IndicatorInputError, match=r"(Période invalide|Année hors limites)"):
        parse_period(text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("97299", "Aucune commune"),
        ("123456789", "Aucun EPCI"),
        ("972", "Territoire invalide"),
    ],
)
def test_it_refuses_an_unknown_territory_in_french(code: str, message: str) -> None:
    CommuneFactory()
    with pytest.raises(IndicatorInputError, match=message):
        parse_territory(code)


@pytest.mark.django_db
def test_it_refuses_an_unknown_indicator() -> None:
    with pytest.raises(IndicatorInputError, match="Indicateur inconnu"):
        compute("nope", "2026")
