"""Pooled resources API: members list, share and book with their token; the owner decides."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lakou.partnerships.models import Booking, Resource
from tests.partnerships.factories_resources import booked, day, make_resource, past_booking
from tests.territory.factories import CommuneFactory
from tests.world import World

pytestmark = pytest.mark.django_db

S = Booking.Status
API = "/api/v1/partenariats"


@pytest.fixture
def world() -> World:
    return World.build()


def post_json(world: World, actor: str, url: str, body: dict[str, Any]) -> Any:
    return Client().post(
        url, body, content_type="application/json", headers=world.api_headers(actor)
    )


def get(world: World, actor: str, url: str, **params: str) -> Any:
    return Client().get(url, params, headers=world.api_headers(actor))


def test_a_member_shares_a_resource_in_a_commune(world: World) -> None:
    CommuneFactory(insee_code="97213", name="Le Lamentin")
    response = post_json(
        world,
        "association",
        f"{API}/ressources",
        {
            "kind": "lab",
            "title": "Salle informatique de 12 postes",
            "description": "Postes sous Linux, vidéoprojecteur.",
            "quantity": 1,
            "commune": "97213",
            "venue": "Maison des associations",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["owner"], body["commune"], body["quantity"]) == (
        "Organisation association",
        "97213",
        1,
    )


def test_an_unknown_commune_or_an_unlimited_lab_answers_409(world: World) -> None:
    base = {"kind": "lab", "title": "Salle", "description": "Salle.", "quantity": 1}
    assert (
        post_json(world, "company", f"{API}/ressources", {**base, "commune": "97299"}).status_code
        == 409
    )
    assert (
        post_json(world, "company", f"{API}/ressources", {**base, "quantity": None}).status_code
        == 409
    )
    assert not Resource.objects.exists()


def test_the_list_filters_on_free_dates_and_hides_withdrawn_ones(world: World) -> None:
    busy = make_resource(world.actor("provider"), quantity=1, title="Vidéoprojecteur")
    make_resource(world.actor("provider"), quantity=1, title="Retiré", is_shared=False)
    make_resource(world.actor("provider"), quantity=None, kind="course_material", title="Kit")
    booked(busy, 2, 4, booker=world.actor("company"), status=S.APPROVED)
    everything = get(world, "company", f"{API}/ressources").json()
    assert [r["title"] for r in everything["results"]] == ["Kit", "Vidéoprojecteur"]
    free = get(
        world,
        "company",
        f"{API}/ressources",
        free_from=day(4).isoformat(),
        free_to=day(5).isoformat(),
    ).json()
    assert [r["title"] for r in free["results"]] == ["Kit"]
    assert get(world, "company", f"{API}/ressources", kind="course_material").json()["count"] == 1


def test_a_person_without_organisation_is_refused(world: World) -> None:
    assert get(world, "person", f"{API}/ressources").status_code == 403


def test_the_detail_gives_the_availability(world: World) -> None:
    resource = make_resource(world.actor("provider"), quantity=2)
    booked(resource, 0, 1, booker=world.actor("company"), status=S.APPROVED)
    body = get(world, "epci", f"{API}/ressources/{resource.pk}").json()
    assert body["availability"][0] == {
        "start": day(0).isoformat(),
        "end": day(1).isoformat(),
        "used": 1,
        "free": 1,
    }


def test_book_then_approve_then_a_second_one_that_no_longer_fits(world: World) -> None:
    resource = make_resource(world.actor("provider"), quantity=2)
    url = f"{API}/ressources/{resource.pk}/reservations"
    body = {
        "starts_on": day(3).isoformat(),
        "ends_on": day(5).isoformat(),
        "quantity": 2,
        "purpose": "Formation bureautique",
    }
    first = post_json(world, "company", url, body)
    assert first.status_code == 201
    assert first.json()["status"] == "requested"
    second = post_json(world, "other_company", url, {**body, "starts_on": day(5).isoformat()})
    assert second.status_code == 201  # pending requests do not count

    decided = post_json(
        world,
        "provider",
        f"{API}/reservations/{first.json()['id']}/decision",
        {"action": "approve"},
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"
    refused = post_json(
        world,
        "provider",
        f"{API}/reservations/{second.json()['id']}/decision",
        {"action": "approve"},
    )
    assert refused.status_code == 409
    assert "entièrement réservée" in refused.json()["detail"]
    third = post_json(world, "other_company", url, {**body, "starts_on": day(5).isoformat()})
    assert third.status_code == 409


def test_the_owner_does_not_book_its_own_resource(world: World) -> None:
    resource = make_resource(world.actor("provider"))
    response = post_json(
        world,
        "provider",
        f"{API}/ressources/{resource.pk}/reservations",
        {"starts_on": day(3).isoformat(), "ends_on": day(3).isoformat(), "purpose": "x"},
    )
    assert response.status_code == 403


def test_decisions_answer_by_role(world: World) -> None:
    resource = make_resource(world.actor("provider"))
    booking = booked(resource, 3, 4, booker=world.actor("company"))
    url = f"{API}/reservations/{booking.pk}/decision"
    assert post_json(world, "company", url, {"action": "approve"}).status_code == 403
    assert post_json(world, "other_company", url, {"action": "approve"}).status_code == 404
    assert post_json(world, "provider", url, {"action": "refuse"}).status_code == 422
    assert post_json(world, "provider", url, {"action": "cancel"}).status_code == 403
    refused = post_json(world, "provider", url, {"action": "refuse", "reason": "En réparation."})
    assert refused.json()["refusal_reason"] == "En réparation."
    assert post_json(world, "company", url, {"action": "cancel"}).status_code == 409


def test_the_owner_notes_a_return_with_damage(world: World) -> None:
    resource = make_resource(world.actor("provider"))
    booking = past_booking(resource, -4, -1, booker=world.actor("company"))
    response = post_json(
        world,
        "provider",
        f"{API}/reservations/{booking.pk}/decision",
        {"action": "return", "returned_on": day(-1).isoformat(), "damage_notes": "Clavier abîmé."},
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["damage_notes"]) == (
        "returned",
        "Clavier abîmé.",
    )


def test_my_bookings_booked_and_lent(world: World) -> None:
    resource = make_resource(world.actor("provider"), title="Tablettes")
    booked(resource, 3, 4, booker=world.actor("company"))
    booked(resource, 5, 6, booker=world.actor("other_company"), status=S.APPROVED)
    mine = get(world, "company", f"{API}/reservations").json()
    assert [b["resource_title"] for b in mine["results"]] == ["Tablettes"]
    lent = get(world, "provider", f"{API}/reservations", side="lent", status="approved").json()
    assert [b["booker"] for b in lent["results"]] == ["Organisation other company"]


def test_free_dates_in_either_order_are_the_days_between_them(world: World) -> None:
    busy = make_resource(world.actor("provider"), quantity=1, title="Vidéoprojecteur")
    booked(busy, 2, 2, booker=world.actor("company"), status=S.APPROVED)
    url = f"{API}/ressources"
    reverse_order = get(
        world, "company", url, free_from=day(3).isoformat(), free_to=day(1).isoformat()
    )
    assert reverse_order.status_code == 200
    assert reverse_order.json()["count"] == 0
    assert get(world, "company", url, free_to=day(3).isoformat()).json()["count"] == 1


def test_a_quantity_is_a_json_number_never_true_nor_a_text(world: World) -> None:
    base = {"kind": "lab", "title": "Salle", "description": "Salle."}
    for quantity in (True, "2"):
        response = post_json(world, "company", f"{API}/ressources", {**base, "quantity": quantity})
        assert response.status_code == 422, quantity
    assert not Resource.objects.exists()
