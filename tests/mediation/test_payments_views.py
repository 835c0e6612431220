"""Payment pages as people use them: the federation adds a rate after a confirmation, a funder
prepares, validates and pays from the statements' pages, each mediator reads only their own, an
EPCI only those it funds; CSV and PDF."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from lakou.mediation.models import Rate, Statement, StatementStatus
from lakou.mediation.services.payments import statements_prepare
from tests.accounts.factories import UserFactory
from tests.mediation.factories_payments import (
    a_statement,
    epci_organisation,
    last_month,
    local,
    make_act,
    make_rate,
    paid_mediator,
    volunteer,
)
from tests.pdf import pdf_text
from tests.world import World

pytestmark = pytest.mark.django_db

CONFIRM = {"confirme": "oui"}


def _client_of(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_federation_adds_a_rate_after_a_confirmation_page() -> None:
    world = World.build()
    client = world.client("federation")
    form = {
        "kind": "individual",
        "min_minutes": "30",
        "max_minutes": "60",
        "amount": "18,50",
        "valid_from": "2027-01-01",
    }

    asked = client.post(reverse("mediation:rate_create"), form)
    page = asked.content.decode()
    assert "Ajouter ce tarif à la grille ?" in page
    assert "de 30 min à moins de 1 h" in page
    assert "Un tarif ne se modifie plus une fois ajouté" in page
    assert not Rate.objects.exists()

    done = client.post(reverse("mediation:rate_create"), {**form, "amount": "18.50", **CONFIRM})

    assert done.status_code == 302
    rate = Rate.objects.get()
    assert (str(rate.amount), rate.valid_from) == ("18.50", date(2027, 1, 1))
    listing = client.get(reverse("mediation:rate_list")).content.decode()
    assert "18,50 €" in listing
    assert "À venir" in listing


def test_an_overlapping_band_is_said_next_to_its_field() -> None:
    world = World.build()
    make_rate(min_minutes=0, max_minutes=45, valid_from=date(2027, 1, 1))
    response = world.client("federation").post(
        reverse("mediation:rate_create"),
        {"kind": "individual", "min_minutes": "30", "amount": "10", "valid_from": "2027-01-01"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Durée à partir de (minutes) : Cette tranche chevauche celle « moins de 45 min »" in page
    assert Rate.objects.count() == 1


def test_a_funder_prepares_validates_then_pays_a_statement() -> None:
    world = World.build()
    make_rate(amount="20.00")
    mediator = paid_mediator(funder=world.organisations["epci"])
    make_act(mediator, local(last_month()))
    client = world.client("epci")
    listing = client.get(reverse("mediation:statement_list")).content.decode()
    assert "Préparer les relevés de" in listing

    prepare = reverse("mediation:statement_prepare") + f"?mois={last_month():%Y-%m}"
    assert "Préparer les relevés de" in client.get(prepare).content.decode()
    client.post(
        reverse("mediation:statement_prepare"), {"mois": f"{last_month():%Y-%m}", **CONFIRM}
    )
    statement = Statement.objects.get()
    detail = client.get(reverse("mediation:statement_detail", args=[statement.pk])).content.decode()
    assert "20,00 €" in detail
    assert "Valider le relevé" in detail

    validate = reverse("mediation:statement_validate", args=[statement.pk])
    asked = client.get(validate).content.decode()
    assert "Une fois validé, le relevé ne peut plus changer." in asked
    client.post(validate)  # no confirmation: nothing happens
    assert Statement.objects.get().status == StatementStatus.DRAFT
    client.post(validate, CONFIRM)
    assert Statement.objects.get().status == StatementStatus.VALIDATED

    pay = reverse("mediation:statement_pay", args=[statement.pk])
    client.post(pay, CONFIRM)
    assert Statement.objects.get().status == StatementStatus.PAID
    again = client.get(pay).content.decode()
    assert "Ce relevé est déjà marqué payé." in again


def test_a_mediator_sees_only_their_own_statements() -> None:
    mine = a_statement(paid_mediator(user=UserFactory(first_name="Man", last_name="Célestine")))
    theirs = a_statement(paid_mediator(user=UserFactory(first_name="Autre", last_name="Personne")))
    client = _client_of(mine.mediator.user)

    listing = client.get(reverse("mediation:statement_list")).content.decode()

    assert "Man Célestine" in listing
    assert "Autre Personne" not in listing
    assert "Préparer les relevés" not in listing
    assert client.get(reverse("mediation:statement_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("mediation:statement_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("mediation:statement_csv", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("mediation:statement_validate", args=[mine.pk])).status_code == 403


def test_an_epci_sees_only_the_statements_it_funds() -> None:
    world = World.build()
    funded = a_statement(paid_mediator(funder=world.organisations["epci"]))
    elsewhere = a_statement(paid_mediator(funder=epci_organisation("CAP Nord")))
    federation_s = a_statement(paid_mediator())
    client = world.client("epci")

    shown = client.get(reverse("mediation:statement_list")).content.decode()

    assert "1 relevé" in shown
    assert client.get(reverse("mediation:statement_detail", args=[funded.pk])).status_code == 200
    for other in (elsewhere, federation_s):
        assert client.get(reverse("mediation:statement_detail", args=[other.pk])).status_code == 404
    everything = world.client("federation").get(reverse("mediation:statement_list"))
    assert "3 relevés" in everything.content.decode()


def test_the_list_filters_by_month_status_and_kind() -> None:
    world = World.build()
    a_statement()
    giving = volunteer()
    make_act(giving, local(last_month()))
    statements_prepare(month=last_month())
    client = world.client("federation")
    url = reverse("mediation:statement_list")

    assert "2 relevés" in client.get(url).content.decode()
    assert "1 relevé" in client.get(url, {"kind": "hours"}).content.decode()
    assert "0 relevé" in client.get(url, {"status": "paid"}).content.decode()
    assert "2 relevés" in client.get(url, {"month": f"{last_month():%Y-%m}"}).content.decode()


def test_the_csv_lists_the_lines_and_neutralises_formulas() -> None:
    world = World.build()
    statement = a_statement(
        paid_mediator(user=UserFactory(first_name="=HYPERLINK(1)", last_name="X")), acts=2
    )

    response = world.client("federation").get(
        reverse("mediation:statement_csv", args=[statement.pk])
    )

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Médiateur", "Mois", "Date"]
    assert rows[0][-1] == "Montant (€)"
    assert len(rows) == 4  # header, two acts, total
    assert rows[1][0] == "'=HYPERLINK(1) X"
    assert rows[1][-1] == "20.00"
    assert rows[-1][4:] == ["Total", "", "90", "", "40.00"]


def test_the_pdf_shows_the_lines_and_the_total() -> None:
    world = World.build()
    statement = a_statement(paid_mediator(user=UserFactory(first_name="Rose", last_name="Zébus")))

    response = world.client("federation").get(
        reverse("mediation:statement_pdf", args=[statement.pk])
    )

    text = pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert "Rose Zébus" in text
    assert "Relevé d'actes rémunérés" in text
    assert "Total : 2 actes" in text
    assert "40,00 €" in text


def test_the_hours_statement_says_it_values_volunteering_with_no_amount() -> None:
    world = World.build()
    giving = volunteer()
    make_act(giving, local(last_month()), minutes=90)
    make_act(giving, local(last_month(), 14), minutes=35)
    statements_prepare(month=last_month())
    statement = Statement.objects.get()
    client = world.client("federation")

    page = client.get(reverse("mediation:statement_detail", args=[statement.pk])).content.decode()
    text = pdf_text(client.get(reverse("mediation:statement_pdf", args=[statement.pk])).content)

    assert "valorisation du bénévolat" in page
    assert "2 h 05" in page
    assert "Marquer payé" not in page
    assert "Valorisation du bénévolat" in text
    assert "2 h 05" in text
    assert "€" not in text
