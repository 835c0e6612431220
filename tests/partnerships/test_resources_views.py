"""Pooled resources pages: catalogue and filters, detail, share, book, inbox, reports, XLSX, e-mails."""

from __future__ import annotations

import html
import io
from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lakou.partnerships.models import Booking, Resource
from tests.partnerships.factories_resources import booked, day, make_resource, past_booking
from tests.tasks import run_worker
from tests.territory.factories import CommuneFactory
from tests.world import World

pytestmark = pytest.mark.django_db

S = Booking.Status


@pytest.fixture
def world() -> World:
    return World.build()


def text_of(client: Client, url: str, data: dict[str, str] | None = None) -> str:
    response = client.get(url, data or {})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def provider_resource(world: World, **fields: object) -> Resource:
    return make_resource(world.actor("provider"), **fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------- catalogue


def test_the_catalogue_filters_by_kind_commune_and_free_dates(world: World) -> None:
    lamentin = CommuneFactory(name="Le Lamentin")
    provider_resource(
        world, title="Salle de TP réseau", kind="lab", quantity=1, commune_id=lamentin.pk
    )
    tablets = provider_resource(world, title="Tablettes", quantity=1)
    provider_resource(world, title="Caché", quantity=1, is_shared=False)
    booked(tablets, 5, 6, booker=world.actor("company"), status=S.APPROVED)
    client = world.client("company")
    url = reverse("partnerships:resource_catalogue")

    everything = text_of(client, url)
    assert "Salle de TP réseau" in everything
    assert "Tablettes" in everything
    assert "Caché" not in everything
    assert "Salle de TP réseau" not in text_of(client, url, {"kind": "equipment"})
    assert "Tablettes" not in text_of(client, url, {"commune": str(lamentin.pk)})
    busy = text_of(client, url, {"free_from": day(6).isoformat(), "free_to": day(8).isoformat()})
    assert "Tablettes" not in busy
    assert "Salle de TP réseau" in busy
    after = text_of(client, url, {"free_from": day(7).isoformat()})
    assert "Tablettes" in after


def test_a_person_without_organisation_is_refused_the_catalogue(world: World) -> None:
    response = world.client("person").get(reverse("partnerships:resource_catalogue"))
    assert response.status_code == 403


def test_the_detail_shows_the_free_units_and_the_booking_button(world: World) -> None:
    resource = provider_resource(world, quantity=2, conditions="Caution de 100 €.")
    booked(resource, 2, 3, 2, booker=world.actor("company"), status=S.APPROVED)
    text = text_of(world.client("other_company"), resource.get_absolute_url())
    assert "Caution de 100 €." in text
    assert "Complet" in text
    assert f"du {day(2):%d/%m/%Y} au {day(3):%d/%m/%Y}" in text
    assert "Réserver</a>" in text
    owner_text = text_of(world.client("provider"), resource.get_absolute_url())
    assert "Réserver</a>" not in owner_text
    assert "Modifier</a>" in owner_text


# ---------------------------------------------------------------- share and edit


def test_a_member_shares_a_course_material_with_its_licence(world: World) -> None:
    response = world.client("association").post(
        reverse("partnerships:resource_create"),
        {
            "kind": "course_material",
            "title": "Kit « Premiers pas sur internet »",
            "description": "Diaporama et fiches à imprimer.",
            "licence": "cc_by_sa_4",
            "quantity": "",
            "is_shared": "on",
        },
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.owner, resource.quantity, resource.licence) == (
        world.organisations["association"],
        None,
        "cc_by_sa_4",
    )
    text = text_of(world.client("company"), resource.get_absolute_url())
    assert "Creative Commons BY-SA 4.0" in text
    assert "Sans limite" in text


def test_equipment_without_quantity_is_sent_back_with_the_error_next_to_the_field(
    world: World,
) -> None:
    response = world.client("provider").post(
        reverse("partnerships:resource_create"),
        {"kind": "equipment", "title": "Casques", "description": "Casques audio.", "quantity": ""},
    )
    assert response.status_code == 400
    assert "seul un support de cours téléchargeable" in html.unescape(response.content.decode())
    assert not Resource.objects.exists()


def test_the_owner_edits_and_withdraws_its_resource(world: World) -> None:
    resource = provider_resource(world, quantity=2)
    response = world.client("provider").post(
        reverse("partnerships:resource_edit", args=[resource.pk]),
        {"kind": "equipment", "title": "Tablettes (10)", "description": "Dix.", "quantity": "10"},
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.quantity, resource.is_shared) == ("Tablettes (10)", 10, False)
    assert world.client("company").get(resource.get_absolute_url()).status_code == 404


# ---------------------------------------------------------------- booking and decisions


def test_a_member_books_the_owner_is_told_and_approves(world: World) -> None:
    resource = provider_resource(world, quantity=3, title="Tablettes")
    world.users["provider"].email = "pret@organisme.mq"
    world.users["provider"].save()
    response = world.client("company").post(
        reverse("partnerships:resource_book", args=[resource.pk]),
        {
            "starts_on": day(4).isoformat(),
            "ends_on": day(6).isoformat(),
            "quantity": "2",
            "purpose": "Atelier seniors à la médiathèque",
        },
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.booker, booking.status, booking.quantity) == (
        world.organisations["company"],
        S.REQUESTED,
        2,
    )
    inbox = text_of(world.client("provider"), reverse("partnerships:booking_inbox"))
    assert "Atelier seniors à la médiathèque" in inbox

    response = world.client("provider").post(
        reverse("partnerships:booking_approve", args=[booking.pk])
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == S.APPROVED
    mine = text_of(world.client("company"), reverse("partnerships:my_bookings"))
    assert "Acceptée" in mine
    assert "Annuler" in mine


def test_a_booking_that_does_not_fit_is_sent_back_with_the_reason(world: World) -> None:
    resource = provider_resource(world, quantity=1)
    booked(resource, 4, 6, booker=world.actor("other_company"), status=S.APPROVED)
    response = world.client("company").post(
        reverse("partnerships:resource_book", args=[resource.pk]),
        {
            "starts_on": day(6).isoformat(),
            "ends_on": day(7).isoformat(),
            "quantity": "1",
            "purpose": "Atelier",
        },
    )
    assert response.status_code == 400
    assert "entièrement réservée" in html.unescape(response.content.decode())


def test_refusing_asks_for_confirmation_and_a_reason(world: World) -> None:
    resource = provider_resource(world)
    booking = booked(resource, 3, 4, booker=world.actor("company"))
    client = world.client("provider")
    url = reverse("partnerships:booking_refuse", args=[booking.pk])
    page = text_of(client, url)
    assert "Refuser la demande" in page
    assert "Motif du refus" in page
    # Without the confirmation button, or without a reason, nothing changes.
    assert client.post(url, {"reason": "En panne."}).status_code == 200
    assert client.post(url, {"confirme": "oui", "reason": ""}).status_code == 400
    booking.refresh_from_db()
    assert booking.status == S.REQUESTED
    assert client.post(url, {"confirme": "oui", "reason": "En panne."}).status_code == 302
    booking.refresh_from_db()
    assert (booking.status, booking.refusal_reason) == (S.REFUSED, "En panne.")


def test_the_booker_cancels_after_a_confirmation_page(world: World) -> None:
    resource = provider_resource(world)
    booking = booked(resource, 3, 4, booker=world.actor("company"), status=S.APPROVED)
    client = world.client("company")
    url = reverse("partnerships:booking_cancel", args=[booking.pk])
    assert "Oui, annuler la réservation" in text_of(client, url)
    assert client.post(url, {"confirme": "oui"}).status_code == 302
    booking.refresh_from_db()
    assert booking.status == S.CANCELLED


def test_the_owner_notes_the_return_and_the_damage(world: World) -> None:
    resource = provider_resource(world)
    booking = past_booking(resource, -3, -1, booker=world.actor("company"))
    client = world.client("provider")
    assert "Noter le retour" in text_of(client, reverse("partnerships:booking_inbox"))
    response = client.post(
        reverse("partnerships:booking_return", args=[booking.pk]),
        {"returned_on": day(0).isoformat(), "damage_notes": "Une housse perdue."},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.status, booking.damage_notes) == (S.RETURNED, "Une housse perdue.")


def test_the_booker_cannot_approve_its_own_request(world: World) -> None:
    booking = booked(provider_resource(world), 3, 4, booker=world.actor("company"))
    response = world.client("company").post(
        reverse("partnerships:booking_approve", args=[booking.pk])
    )
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.status == S.REQUESTED


# ---------------------------------------------------------------- e-mails


@pytest.mark.django_db(transaction=True)
def test_the_owner_is_told_of_a_request_and_the_booker_of_the_decision() -> None:
    world = World.build()
    resource = provider_resource(world, title="Licences Office")
    booking = booked(resource, 3, 4, booker=world.actor("company"))
    run_worker()
    assert [m.to for m in mail.outbox] == [["provider@exemple.mq"]]
    assert "Nouvelle demande de réservation : Licences Office" in mail.outbox[0].subject
    assert "Organisation company demande à réserver" in mail.outbox[0].body
    mail.outbox.clear()

    client = world.client("provider")
    client.post(
        reverse("partnerships:booking_refuse", args=[booking.pk]),
        {"confirme": "oui", "reason": "Toutes prêtées ce mois-ci."},
    )
    run_worker()
    assert [m.to for m in mail.outbox] == [["company@exemple.mq"]]
    assert "n'est pas acceptée" in mail.outbox[0].subject
    assert "Toutes prêtées ce mois-ci." in mail.outbox[0].body


# ---------------------------------------------------------------- reports and XLSX


def report_resource(world: World) -> Resource:
    resource = provider_resource(world, quantity=2, title="Tablettes")
    past_booking(resource, -10, -6, 2, booker=world.actor("company"), status=S.RETURNED)
    past_booking(resource, -3, -2, 1, booker=world.actor("other_company"))
    return resource


def test_the_resource_report_page_shows_the_use_over_the_period(world: World) -> None:
    resource = report_resource(world)
    start, end = day(-19), day(0)  # 20 days, 40 unit-days
    text = text_of(
        world.client("provider"),
        reverse("partnerships:resource_report", args=[resource.pk]),
        {"start": start.isoformat(), "end": end.isoformat()},
    )
    # 5 days × 2 + 2 days × 1 = 12 unit-days over 7 days booked.
    assert "<dd>7</dd>" in text
    assert "<dd>12 / 40</dd>" in text
    assert "<dd>30 %</dd>" in text
    assert "Organisation company" in text
    assert "Organisation other company" in text


def test_the_resource_report_xlsx_has_the_figures_and_no_formula(world: World) -> None:
    resource = report_resource(world)
    hostile = past_booking(resource, -15, -14, booker=world.actor("company"), status=S.RETURNED)
    Booking.objects.filter(pk=hostile.pk).update(damage_notes='=HYPERLINK("http://evil","x")')
    response = world.client("federation").get(
        reverse("partnerships:resource_report_xlsx", args=[resource.pk]),
        {"start": day(-19).isoformat(), "end": day(0).isoformat()},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Synthèse", "Réservations", "Par membre"]
    summary = {row[0]: row[1] for row in workbook["Synthèse"].iter_rows(values_only=True)}
    assert summary["Jours réservés"] == 9
    assert summary["Unités-jours utilisées"] == 14
    assert summary["Unités-jours disponibles"] == 40
    assert summary["Taux d'utilisation (%)"] == 35.0
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert '\'=HYPERLINK("http://evil","x")' in [cell.value for cell in cells]
    assert isinstance(workbook["Réservations"]["A2"].value, date)


def test_the_member_report_shows_booked_and_lent(world: World) -> None:
    report_resource(world)
    theirs = make_resource(
        world.actor("company"), kind="lab", quantity=1, title="Salle TP Lamentin"
    )
    past_booking(theirs, -5, -5, booker=world.actor("provider"))
    url = reverse("partnerships:resource_member_report", args=[world.organisations["company"].pk])
    text = text_of(world.client("company"), url)
    assert "Tablettes" in text
    assert "Salle TP Lamentin" in text
    response = world.client("company").get(
        reverse(
            "partnerships:resource_member_report_xlsx", args=[world.organisations["company"].pk]
        )
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Réservées", "Prêtées"]
    assert [row[0] for row in workbook["Prêtées"].iter_rows(min_row=2, values_only=True)] == [
        "Salle TP Lamentin"
    ]


def test_another_organisation_report_is_not_found(world: World) -> None:
    url = reverse("partnerships:resource_member_report", args=[world.organisations["company"].pk])
    assert world.client("other_company").get(url).status_code == 404
    assert world.client("federation").get(url).status_code == 200


# ---------------------------------------------------------------- menu and home


def test_members_see_the_menu_entry_and_the_owner_its_pending_requests(world: World) -> None:
    booked(provider_resource(world), 3, 4, booker=world.actor("company"))
    home = text_of(world.client("provider"), reverse("home"))
    assert "Ressources mutualisées" in home
    assert "demande de réservation de ressource à décider" in home
    assert "Ressources mutualisées" not in text_of(world.client("person"), reverse("home"))


@pytest.mark.django_db(transaction=True)
def test_the_owner_is_told_of_a_cancellation_and_the_booker_of_an_approval() -> None:
    world = World.build()
    resource = provider_resource(world, title="Tablettes")
    booking = booked(resource, 3, 4, booker=world.actor("company"))
    run_worker()
    mail.outbox.clear()
    world.client("provider").post(reverse("partnerships:booking_approve", args=[booking.pk]))
    run_worker()
    assert [m.to for m in mail.outbox] == [["company@exemple.mq"]]
    assert "Votre réservation de « Tablettes » est acceptée" in mail.outbox[0].subject
    mail.outbox.clear()
    world.client("company").post(
        reverse("partnerships:booking_cancel", args=[booking.pk]), {"confirme": "oui"}
    )
    run_worker()
    assert [m.to for m in mail.outbox] == [["provider@exemple.mq"]]
    assert "Réservation annulée : Tablettes" in mail.outbox[0].subject


def test_the_catalogue_filtered_on_dates_makes_as_many_queries_with_more_bookings(
    world: World,
) -> None:
    url = reverse("partnerships:resource_catalogue")
    dates = {"free_from": day(1).isoformat(), "free_to": day(9).isoformat()}
    client = world.client("company")

    def grow() -> None:
        resource = provider_resource(world, quantity=2)
        for start in (1, 4, 7):
            booked(
                resource, start, start + 1, booker=world.actor("other_company"), status=S.APPROVED
            )

    grow()
    with CaptureQueriesContext(connection) as once:
        client.get(url, dates)
    grow()
    grow()
    with CaptureQueriesContext(connection) as thrice:
        response = client.get(url, dates)
    assert response.status_code == 200
    assert len(thrice.captured_queries) == len(once.captured_queries)
