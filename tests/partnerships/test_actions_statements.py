"""The partners' yearly statements, read back: PDF through pdftotext, XLSX through openpyxl."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lakou.partnerships.models import Action
from tests.partnerships.factories_actions import make_action, make_contribution, make_partner
from tests.pdf import pdf_text
from tests.world import World

pytestmark = pytest.mark.django_db

NOT_A_RECEIPT = "ce relevé n'est pas le reçu fiscal (cerfa n° 11580)"


@pytest.fixture
def world() -> World:
    world = World.build()
    company = world.organisations["company"]
    federation = world.actor("federation")
    chair = make_action(actor=federation, title="Chaire compétences des TPE")
    partner = make_partner(chair, company, actor=federation)
    make_contribution(partner, actor=federation, date=date(2026, 3, 1), amount=Decimal("2000"))
    make_contribution(
        partner,
        actor=federation,
        kind="in_kind",
        date=date(2026, 5, 4),
        description='=HYPERLINK("http://example.com")',
        amount=Decimal("350.50"),
    )
    make_contribution(
        partner,
        actor=federation,
        kind="expertise",
        date=date(2026, 9, 9),
        description="Heures de mentorat",
        hours=Decimal("12.5"),
        hourly_value=Decimal("60"),
    )
    # Another year and a cancelled action's contribution of the year.
    make_contribution(partner, actor=federation, date=date(2025, 12, 31), amount=Decimal("999"))
    hackathon = make_action(actor=federation, title="Hackathon annulé")
    other = make_partner(hackathon, company, actor=federation)
    make_contribution(other, actor=federation, date=date(2026, 1, 10), amount=Decimal("100"))
    Action.objects.filter(pk=hackathon.pk).update(status=Action.Status.CANCELLED)
    return world


def url(world: World, name: str, year: int = 2026) -> str:
    return reverse(f"partnerships:{name}", args=[world.organisations["company"].pk, year])


def test_the_pdf_gives_each_contribution_the_totals_and_says_it_is_not_a_receipt(
    world: World,
) -> None:
    response = world.client("company").get(url(world, "statement_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Relevé 2026 des apports de Organisation company" in text
    assert NOT_A_RECEIPT in text
    assert "Chaire compétences des TPE" in text
    assert "Hackathon annulé (annulée)" in text
    assert "Heures de mentorat" in text
    assert "2 100,00 €" in text  # money: 2,000 + 100 (the cancelled action's)
    assert "350,50 €" in text
    assert "12,50 h, d'une valeur de 750,00 €" in text
    assert "3 200,50 €" in text  # total
    assert "999" not in text


def test_the_xlsx_has_numbers_totals_and_no_formula(world: World) -> None:
    response = world.client("federation").get(url(world, "statement_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Date", "Action", "État de l'action", "Type d'apport")
    descriptions = [row[4] for row in rows[1:5]]
    assert '\'=HYPERLINK("http://example.com")' in descriptions
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    totals = {
        row[0]: row
        for row in rows
        if row and isinstance(row[0], str) and row[0].startswith("Total")
    }
    assert totals["Total des apports financiers (€)"][7] == 2100
    assert totals["Total des apports en nature (€)"][7] == 350.5
    assert totals["Total des heures d'expert"][5] == 12.5
    assert totals["Total des heures d'expert"][7] == 750
    assert totals["Total général (€)"][7] == 3200.5
    assert any(NOT_A_RECEIPT in str(row[0]) for row in rows if row and row[0])


def test_the_page_lists_the_years_and_says_it_is_not_a_receipt(world: World) -> None:
    page = world.client("company").get(reverse("partnerships:statements")).content.decode()
    assert url(world, "statement") in page
    assert url(world, "statement", 2025) in page
    statement = world.client("company").get(url(world, "statement")).content.decode()
    assert NOT_A_RECEIPT.replace("'", "&#x27;") in statement or NOT_A_RECEIPT in statement
    assert url(world, "statement_pdf") in statement


@pytest.mark.parametrize("actor", ["other_company", "provider", "epci"])
def test_another_organisation_gets_a_404(world: World, actor: str) -> None:
    for name in ("statement", "statement_pdf", "statement_xlsx"):
        assert world.client(actor).get(url(world, name)).status_code == 404


def test_another_member_sees_only_its_own_years(world: World) -> None:
    page = world.client("other_company").get(reverse("partnerships:statements")).content.decode()
    assert "Aucun apport enregistré" in page
    federation = world.client("federation").get(reverse("partnerships:statements")).content.decode()
    assert "Organisation company" in federation


def test_the_api_gives_the_same_totals(world: World) -> None:
    from django.test import Client

    company = world.organisations["company"].pk
    response = Client().get(
        f"/api/v1/partenariats/releves/{company}/2026", headers=world.api_headers("company")
    )
    data = response.json()
    assert (data["money"], data["in_kind"], data["hours"], data["expertise_value"]) == (
        "2100.00",
        "350.50",
        "12.50",
        "750.00",
    )
    assert data["total"] == "3200.50"
    assert NOT_A_RECEIPT in data["note"]
    assert len(data["contributions"]) == 4
    other = Client().get(
        f"/api/v1/partenariats/releves/{company}/2026", headers=world.api_headers("other_company")
    )
    assert other.status_code == 404
