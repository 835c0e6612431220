"""The partnership actions API under /api/v1/partenariats, with JSON bodies."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lakou.core.models import AuditEntry
from lakou.partnerships.models import Action, ActionPartner, Contribution
from tests.partnerships.factories_actions import make_action, make_contribution, make_partner
from tests.territory.factories import CommuneFactory
from tests.world import World

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partenariats"


@pytest.fixture
def world() -> World:
    return World.build()


def send(world: World, actor: str, path: str, body: dict[str, Any], method: str = "post") -> Any:
    return getattr(Client(), method)(
        BASE + path,
        json.dumps(body),
        content_type="application/json",
        headers=world.api_headers(actor),
    )


def test_the_public_list_has_public_actions_members_see_all(world: World) -> None:
    make_action(title="Publique")
    make_action(title="Privée", is_public=False)
    public = Client().get(f"{BASE}/actions").json()
    assert [row["title"] for row in public["results"]] == ["Publique"]
    member = Client().get(f"{BASE}/actions", headers=world.api_headers("auditor")).json()
    assert {row["title"] for row in member["results"]} == {"Publique", "Privée"}


def test_the_list_filters_by_kind_territory_and_dates(world: World) -> None:
    make_action(title="Concours", kind="contest")
    make_action(title="En ligne", is_online=True)
    rows = Client().get(f"{BASE}/actions", {"kind": "contest"}).json()["results"]
    assert [row["title"] for row in rows] == ["Concours"]
    rows = Client().get(f"{BASE}/actions", {"territory": "200041788"}).json()["results"]
    assert [row["title"] for row in rows] == ["En ligne"]
    later = (timezone.localdate() + timedelta(days=400)).isoformat()
    assert Client().get(f"{BASE}/actions", {"date_from": later}).json()["count"] == 0
    assert Client().get(f"{BASE}/actions", {"kind": "picnic"}).status_code == 422


def test_a_company_creates_edits_holds_an_action(world: World) -> None:
    commune = CommuneFactory()
    start = timezone.localtime() - timedelta(hours=3)
    body = {
        "kind": "job_dating",
        "title": "Job dating alternance",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M:%S"),  # no offset: Martinique time
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "commune": commune.insee_code,
    }
    created = send(world, "company", "/actions", body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["organisers"] == ["Organisation company"]
    pk = data["id"]
    action = Action.objects.get(pk=pk)
    assert timezone.localtime(action.starts_at).hour == start.hour
    edited = send(world, "company", f"/actions/{pk}", body | {"title": "Job dating 2"}, "put")
    assert edited.status_code == 200
    assert edited.json()["title"] == "Job dating 2"
    assert send(world, "other_company", f"/actions/{pk}", body, "put").status_code == 403
    held = send(world, "company", f"/actions/{pk}/bilan", {"participants": 30, "hires": 2})
    assert held.json()["status"] == "held"
    assert held.json()["participants"] == 30
    not_an_object = Client().post(
        f"{BASE}/actions/{pk}/bilan",
        "[null, null]",
        content_type="application/json",
        headers=world.api_headers("company"),
    )
    assert not_an_object.status_code == 422
    a_boolean = send(world, "company", f"/actions/{pk}/bilan", {"hires": False})
    assert a_boolean.status_code == 422
    cancel = send(world, "company", f"/actions/{pk}/annulation", {"reason": "Trop tard"})
    assert cancel.status_code == 409
    assert AuditEntry.objects.filter(action__startswith="action.").count() == 3


def test_rules_the_schema_cannot_say_answer_409(world: World) -> None:
    start = timezone.now()
    body = {
        "kind": "contest",
        "title": "Concours",
        "starts_at": start.isoformat(),
        "ends_at": (start - timedelta(hours=1)).isoformat(),
        "is_online": True,
    }
    response = send(world, "company", "/actions", body)
    assert response.status_code == 409
    assert "fin" in response.json()["detail"]
    assert send(world, "company", "/actions", body | {"title": " "}).status_code == 422
    too_old = send(world, "company", "/actions", body | {"starts_at": "1900-01-01T00:00"})
    assert too_old.status_code == 409
    assert "2000" in too_old.json()["detail"]
    no_boundary = Client().post(
        f"{BASE}/actions",
        json.dumps(body),
        content_type="multipart/form-data",
        headers=world.api_headers("company"),
    )
    assert no_boundary.status_code == 400
    assert send(world, "person", "/actions", body).status_code == 403
    assert Client().post(f"{BASE}/actions", body).status_code == 401


def test_partners_and_contributions(world: World) -> None:
    action = make_action(actor=world.actor("company"))
    provider = world.organisations["provider"]
    added = send(
        world,
        "company",
        f"/actions/{action.pk}/partenaires",
        {"organisation": provider.pk, "role": "Experts"},
    )
    assert added.status_code == 201
    partner_id = added.json()["id"]
    again = send(
        world, "company", f"/actions/{action.pk}/partenaires", {"organisation": provider.pk}
    )
    assert again.status_code == 409
    hours = send(
        world,
        "company",
        f"/partenaires/{partner_id}/apports",
        {
            "kind": "expertise",
            "date": timezone.localdate().isoformat(),
            "description": "Jury",
            "hours": 7.5,
            "hourly_value": 80,
        },
    )
    assert hours.status_code == 201
    assert hours.json()["value"] == "600.00"
    missing = send(
        world,
        "company",
        f"/partenaires/{partner_id}/apports",
        {"kind": "money", "date": timezone.localdate().isoformat(), "description": "Don"},
    )
    assert missing.status_code == 409

    # JSON says nothing of a number's decimals: any precision is taken and rounded to the cent
    # (schemathesis sent 4391914.434672589, with a property the schema does not name).
    def donation(amount: object, **extra: object) -> Any:
        body = {"kind": "money", "date": timezone.localdate().isoformat(), "description": "Don"}
        return send(
            world,
            "company",
            f"/partenaires/{partner_id}/apports",
            body | {"amount": amount} | extra,
        )

    precise = donation(4391914.434672589, unknown={"": None})
    assert precise.status_code == 201, precise.content
    assert precise.json()["value"] == "4391914.43"
    Contribution.objects.filter(pk=precise.json()["id"]).delete()
    # A number in quotes is refused: the schema promises numbers only (schemathesis sent "j").
    for quoted in ("j", "12.5"):
        text = donation(quoted)
        assert text.status_code == 422, text.content
        assert "Nombre attendu" in text.json()["detail"]
    detail = Client().get(f"{BASE}/actions/{action.pk}", headers=world.api_headers("company"))
    assert detail.json()["partners"][0]["contributions"][0]["value"] == "600.00"
    public = Client().get(f"{BASE}/actions/{action.pk}").json()
    assert public["partners"][0]["contributions"] == []
    removed = Client().post(
        f"{BASE}/apports/{hours.json()['id']}/suppression", headers=world.api_headers("company")
    )
    assert removed.status_code == 204
    assert not Contribution.objects.exists()
    gone = Client().post(
        f"{BASE}/partenaires/{partner_id}/retrait", headers=world.api_headers("company")
    )
    assert gone.status_code == 204
    assert not ActionPartner.objects.exists()


def test_a_stranger_is_refused_before_its_body_is_read(world: World) -> None:
    partner = make_partner(make_action(actor=world.actor("company")), actor=world.actor("company"))
    contribution = make_contribution(partner, actor=world.actor("company"))
    for path in (
        f"/actions/{partner.action_id}/bilan",
        f"/actions/{partner.action_id}/annulation",
        f"/partenaires/{partner.pk}/apports",
        f"/partenaires/{partner.pk}/retrait",
        f"/apports/{contribution.pk}/suppression",
    ):
        response = Client().post(
            BASE + path,
            "pas du JSON",
            content_type="application/json",
            headers=world.api_headers("other_company"),
        )
        assert response.status_code == 403, path
    assert (
        Client()
        .post(f"{BASE}/apports/999999/suppression", headers=world.api_headers("company"))
        .status_code
        == 404
    )
