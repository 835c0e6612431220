"""The needs map: aggregates by commune, EPCI, sector and area; public figures keep the secret."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lakou.core.period import parse_period, parse_territory
from lakou.diagnostics.models import Horizon, NeedMode, SkillNeed
from lakou.diagnostics.services.needs import NeedsFilters, needs_table, with_secrecy
from tests.diagnostics.factories_audits import (
    AuditFactory,
    RegistryCompanyFactory,
    ResponseFactory,
    SkillNeedFactory,
)
from tests.skills.factories import (
    AreaFactory,
    CompetenceFactory,
    FrameworkFactory,
    OccupationFactory,
)
from tests.territory.factories import CommuneFactory
from tests.world import World


def need_in(commune_trait: str | None, headcount: int, **extra: object) -> None:
    commune = CommuneFactory(**{commune_trait: True}) if commune_trait else CommuneFactory()
    company = RegistryCompanyFactory(commune=commune, naf_code="62.01Z")
    SkillNeedFactory(audit=AuditFactory(company=company), headcount=headcount, **extra)


@pytest.fixture
def needs(db: None) -> None:
    """2026: Fort-de-France 6 companies (16 people, 7 needs), Le Lamentin 2 (6), Le Marigot 7 (7)."""
    competence = CompetenceFactory()
    for _ in range(6):
        need_in(None, 2, competence=competence)
    first = SkillNeed.objects.order_by("pk").first()
    assert first is not None
    SkillNeedFactory(
        audit=first.audit,
        competence=None,
        occupation=OccupationFactory(developer=True),
        headcount=4,
        horizon=Horizon.OVER_12_MONTHS,
        mode=NeedMode.RECRUIT,
    )
    for _ in range(2):
        need_in("lamentin", 3, competence=competence)
    for _ in range(7):
        need_in("marigot", 1, competence=competence)
    # Left out: a need of 2025, and a need of a questionnaire still in draft.
    old = AuditFactory(audited_on=dt.date(2025, 6, 1))
    SkillNeedFactory(audit=old, headcount=50)
    draft = ResponseFactory(draft=True)
    SkillNeedFactory(
        audit=None,
        response=draft,
        company=draft.company,
        headcount=50,
        recorded_on=dt.date(2026, 3, 1),
    )


def table(grouping: str, territory: str = "", **filters: str) -> dict[str, tuple[object, ...]]:
    result = needs_table(
        NeedsFilters(period=parse_period("2026"), territory=parse_territory(territory), **filters),
        grouping,
    )
    rows = {row.label: (row.companies, row.headcount, row.needs) for row in result.rows}
    rows["Total"] = (result.total_companies, result.total_headcount, result.total_needs)
    return rows


@pytest.mark.usefixtures("needs")
def test_it_aggregates_by_commune_and_epci() -> None:
    assert table("commune") == {
        "Fort-de-France": (6, 16, 7),
        "Le Lamentin": (2, 6, 2),
        "Le Marigot": (7, 7, 7),
        "Total": (15, 29, 16),
    }
    assert table("epci") == {
        "CACEM": (8, 22, 9),
        "CAP Nord Martinique": (7, 7, 7),
        "Total": (15, 29, 16),
    }


@pytest.mark.usefixtures("needs")
def test_it_aggregates_by_sector_and_skill_area() -> None:
    assert table("sector")["J — Information et communication"] == (15, 29, 16)
    areas = table("area")
    assert areas["DigComp 2.2 1. Informations et données"] == (15, 25, 15)
    assert areas["ROME M18. Systèmes d'information et de télécommunication"] == (1, 4, 1)


@pytest.mark.usefixtures("needs")
def test_it_filters_by_territory_horizon_and_mode() -> None:
    assert table("commune", "249720061")["Total"] == (8, 22, 9)
    assert table("commune", "97213") == {"Le Lamentin": (2, 6, 2), "Total": (2, 6, 2)}
    assert table("commune", mode=NeedMode.RECRUIT)["Total"] == (1, 4, 1)
    assert table("commune", horizon=Horizon.UNDER_6_MONTHS)["Total"] == (15, 25, 15)


@pytest.mark.usefixtures("needs")
def test_the_public_table_hides_small_cells_and_a_complement() -> None:
    filters = NeedsFilters(period=parse_period("2026"), territory=parse_territory(""))
    public = with_secrecy(needs_table(filters, "commune"))
    shown = {row.label: (row.companies, row.headcount) for row in public.rows}
    # Le Lamentin counts 2 companies; Fort-de-France (6) is the next smallest, hidden with it.
    assert shown == {
        "Fort-de-France": (None, None),
        "Le Lamentin": (None, None),
        "Le Marigot": (7, 7),
    }
    assert public.total_companies == 15


# 2 companies, 6 people: a row that the public map must hide.
FULL_ROW = '<td data-label="Entreprises">2</td><td data-label="Personnes">6</td>'


@pytest.mark.usefixtures("needs")
def test_staff_see_full_figures_and_the_public_sees_secret(
    django_assert_max_num_queries: object,
) -> None:
    world = World.build()
    full = world.client("epci").get(reverse("diagnostics:needs_map"), {"period": "2026"})
    assert full.status_code == 200
    assert "<svg" in full.content.decode()
    assert FULL_ROW in full.content.decode()
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        public = world.client("anonymous").get(
            reverse("diagnostics:needs_map_public"), {"period": "2026"}
        )
    text = public.content.decode()
    assert '<td data-label="Entreprises">secret</td>' in text
    assert FULL_ROW not in text


@pytest.mark.usefixtures("needs")
def test_the_public_csv_and_xlsx_keep_the_secret() -> None:
    client = World.build().client("anonymous")
    url = reverse("diagnostics:needs_map_public")
    csv_text = client.get(url, {"period": "2026", "format": "csv"}).content.decode("utf-8-sig")
    assert "Commune;97213;Le Lamentin;secret;secret;secret" in csv_text
    assert "Commune;97216;Le Marigot;7;7;7" in csv_text
    xlsx = client.get(url, {"period": "2026", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert ["Commune", "97213", "Le Lamentin", "secret", "secret", "secret"] in rows


@pytest.mark.usefixtures("needs")
def test_the_staff_csv_has_full_figures() -> None:
    client = World.build().client("federation")
    csv_text = client.get(
        reverse("diagnostics:needs_map"), {"period": "2026", "format": "csv"}
    ).content.decode("utf-8-sig")
    assert "Commune;97213;Le Lamentin;2;6;2" in csv_text


@pytest.mark.usefixtures("needs")
def test_the_public_api_keeps_the_secret() -> None:
    response = (
        World.build()
        .client("anonymous")
        .get("/api/v1/diagnostic/besoins", {"period": "2026", "grouping": "commune"})
    )
    rows = {row["label"]: row for row in response.json()["rows"]}
    assert rows["Le Lamentin"]["secret"] is True
    assert rows["Le Lamentin"]["companies"] is None
    assert rows["Le Marigot"]["companies"] == 7


@pytest.mark.django_db
def test_a_bad_period_is_explained_on_the_page() -> None:
    page = (
        World.build()
        .client("anonymous")
        .get(reverse("diagnostics:needs_map_public"), {"period": "demain"})
    )
    assert page.status_code == 400
    assert "Période invalide" in page.content.decode()


HOSTILE_FRAMEWORK = '=HYPERLINK("http://evil","x")'


def hostile_area_need() -> None:
    framework = FrameworkFactory(custom=True, short_name=HOSTILE_FRAMEWORK)
    area = AreaFactory(framework=framework, code="1", name_fr="Données")
    need_in(None, 3, competence=CompetenceFactory(area=area, framework=framework, code="1.1"))


def test_a_hostile_framework_name_in_the_needs_csv_is_quoted_text(db: None) -> None:
    hostile_area_need()
    response = (
        World.build()
        .client("federation")
        .get(reverse("diagnostics:needs_map"), {"period": "2026", "format": "csv"})
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert not [row for row in rows if any(cell.startswith("=") for cell in row)]
    [area] = [row for row in rows if row[2].startswith("'")]
    assert area[2:] == [f"'{HOSTILE_FRAMEWORK} 1. Données", "1", "3", "1"]


def test_a_hostile_framework_name_in_the_needs_xlsx_is_a_text_cell(db: None) -> None:
    hostile_area_need()
    response = (
        World.build()
        .client("federation")
        .get(reverse("diagnostics:needs_map"), {"period": "2026", "format": "xlsx"})
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert not [
        cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"
    ]
    [area] = [row for row in sheet.iter_rows(min_row=2) if str(row[2].value).startswith("'")]
    assert (area[2].data_type, area[2].value) == ("s", f"'{HOSTILE_FRAMEWORK} 1. Données")
    assert [(cell.data_type, cell.value) for cell in area[3:]] == [("n", 1), ("n", 3), ("n", 1)]
