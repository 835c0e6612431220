"""A campaign, response or company the actor may not see answers exactly as a missing id.

Each case opens an existing object the actor may not see and the same address with an id that
does not exist: the status (404) and what the body says must be the same, so that nobody learns
that a draft campaign or another company's result exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from lakou.diagnostics.models import Audience, Campaign
from tests.diagnostics.factories_audits import RegistryCompanyFactory, ResponseFactory
from tests.diagnostics.factories_campaigns import open_campaign
from tests.world import World

pytestmark = pytest.mark.django_db

MISSING_PK = 987_654


def draft_campaign(world: World) -> int:
    return open_campaign(status=Campaign.Status.DRAFT, owner=world.organisations["federation"]).pk


def draft_company_campaign(world: World) -> int:
    return open_campaign(
        audience=Audience.COMPANIES,
        status=Campaign.Status.DRAFT,
        owner=world.organisations["federation"],
    ).pk


def public_campaign(world: World) -> int:
    return open_campaign(owner=world.organisations["federation"]).pk


def another_companys_result(world: World) -> int:
    return ResponseFactory().pk


def registry_company(world: World) -> int:
    return RegistryCompanyFactory().pk


PAGES: dict[str, tuple[str, str, Callable[[World], int], tuple[str, ...]]] = {
    "a draft campaign's page": (
        "diagnostics:campaign_detail",
        "get",
        draft_campaign,
        ("company", "person", "provider"),
    ),
    "editing it": ("diagnostics:campaign_edit", "get", draft_campaign, ("company", "person")),
    "opening it": ("diagnostics:campaign_open", "post", draft_campaign, ("company", "person")),
    "its poster": ("diagnostics:campaign_poster", "get", draft_campaign, ("company", "auditor")),
    "another company's result": (
        "diagnostics:response_result",
        "get",
        another_companys_result,
        ("person", "auditor", "company"),
    ),
    "auditing a registry company": (
        "diagnostics:audit_create",
        "get",
        registry_company,
        ("person", "provider", "company"),
    ),
}

PUSH = "/api/v1/diagnostic/campagnes/{}/reponses"
PUSHES: dict[str, tuple[Callable[[World], int], tuple[str, ...]]] = {
    "a draft company campaign": (draft_company_campaign, ("company",)),
    "a public campaign it does not relay": (public_campaign, ("person", "company", "provider")),
}


def answer(response: HttpResponse) -> tuple[int, Any]:
    """The status and what the body says: the JSON of the API, the headings of a page."""
    if response["Content-Type"].startswith("application/json"):
        return response.status_code, json.loads(response.content)
    return response.status_code, re.findall(r"<h1[^>]*>(.*?)</h1>", response.content.decode())


@pytest.mark.parametrize(
    ("what", "actor"),
    [(what, actor) for what, (*_rest, actors) in PAGES.items() for actor in actors],
)
def test_a_page_answers_for_an_object_out_of_sight_as_for_a_missing_one(
    what: str, actor: str
) -> None:
    world = World.build()
    name, method, make, _actors = PAGES[what]
    client = world.client(actor)
    send = client.post if method == "post" else client.get

    hidden = answer(send(reverse(name, args=[make(world)])))
    missing = answer(send(reverse(name, args=[MISSING_PK])))

    assert hidden[0] == 404
    assert hidden == missing


@pytest.mark.parametrize(
    ("what", "actor"),
    [(what, actor) for what, (_make, actors) in PUSHES.items() for actor in actors],
)
def test_pushing_a_response_out_of_sight_answers_as_for_a_missing_campaign(
    what: str, actor: str
) -> None:
    world = World.build()
    make = PUSHES[what][0]
    headers = world.api_headers(actor)
    body = json.dumps({"answers": {}})

    def push(pk: int) -> tuple[int, Any]:
        return answer(
            Client().post(PUSH.format(pk), body, content_type="application/json", headers=headers)
        )

    hidden, missing = push(make(world)), push(MISSING_PK)

    assert hidden[0] == 404
    assert hidden == missing


def test_403_stays_where_the_actor_sees_the_object() -> None:
    """A company sees itself but does not audit itself."""
    world = World.build()
    own = world.organisations["company"].pk
    assert (
        world.client("company").get(reverse("diagnostics:audit_create", args=[own])).status_code
        == 403
    )
