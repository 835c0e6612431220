"""One pagination for the whole API: bounded, a page past the end is empty, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.skills.factories import OccupationFactory
from tests.training.factories_followup import make_follow_up
from tests.world import World

pytestmark = pytest.mark.django_db

HUGE = 9_223_372_036_854_775_807  # the probe's page number: 2**63 - 1


@pytest.fixture
def world() -> World:
    return World.build()


def lists(world: World) -> dict[str, dict[str, str]]:
    """The three lists the probe found, each with the headers it needs."""
    return {
        "/api/v1/formations/catalogue": {},
        "/api/v1/competences/metiers": {},
        "/api/v1/formations/suivis": world.api_headers("provider"),
    }


@pytest.mark.parametrize("page", [HUGE, 1_000_001, 0, -1])
def test_a_page_number_out_of_bounds_is_a_422_in_french_on_every_list(
    world: World, page: int
) -> None:
    for url, headers in lists(world).items():
        response = Client().get(url, {"page": page}, headers=headers)
        assert response.status_code == 422, url
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert body["errors"][0]["loc"] == ["query", "page"]
        message = "supérieur ou égal à 1" if page < 1 else "inférieur ou égal à 1000000"
        assert message in body["errors"][0]["msg"]
        assert body["detail"].startswith("Requête invalide — page : ")


def test_a_page_past_the_end_is_an_empty_page(world: World) -> None:
    OccupationFactory()
    make_follow_up(provider=world.organisations["provider"])
    for url, headers in lists(world).items():
        response = Client().get(url, {"page": 1_000_000}, headers=headers)
        assert response.status_code == 200, url
        body = response.json()
        assert body["results"] == []
        assert body["page"] == 1_000_000
        assert body["pages"] == 1


def test_a_page_size_beyond_100_is_refused_and_a_smaller_one_is_used(world: World) -> None:
    for code in ("M1801", "M1802", "M1803"):
        OccupationFactory(code_rome=code)
    too_big = Client().get("/api/v1/competences/metiers", {"page_size": 101})
    assert too_big.status_code == 422
    assert "inférieur ou égal à 100" in too_big.json()["detail"]
    body = Client().get("/api/v1/competences/metiers", {"page_size": 2, "page": 2}).json()
    assert (body["count"], body["page"], body["pages"], body["page_size"]) == (3, 2, 2, 2)
    assert [row["code_rome"] for row in body["results"]] == ["M1803"]


def test_a_page_that_is_not_a_number_is_a_422_in_french() -> None:
    response = Client().get("/api/v1/formations/catalogue", {"page": "deux"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"loc": ["query", "page"], "msg": "Nombre entier attendu.", "type": "int_parsing"}
    ]
