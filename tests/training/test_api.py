"""Catalogue API: public read with the same search and filters as the page."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.skills.factories import OccupationFactory
from tests.training.factories import make_programme, make_session

pytestmark = pytest.mark.django_db


def test_it_searches_the_catalogue_without_accents(client: Client) -> None:
    make_programme(title="Analyste en cybersécurité", domain="cybersecurity")
    make_programme(title="Bureautique", domain="office", fundings=("free",))
    make_programme(title="Brouillon", is_published=False)
    body = client.get("/api/v1/formations/catalogue", {"q": "CYBERSECURITE"}).json()
    assert body["count"] == 1
    assert body["results"][0]["title"] == "Analyste en cybersécurité"
    assert body["results"][0]["labelled"] is False


def test_it_filters_like_the_page(client: Client) -> None:
    make_programme(title="Bureautique", domain="office", fundings=("free",))
    make_programme(title="Web")
    body = client.get("/api/v1/formations/catalogue", {"funding": "free"}).json()
    assert [r["title"] for r in body["results"]] == ["Bureautique"]
    assert body["results"][0]["fundings"] == ["free"]


def test_one_programme_comes_with_its_sessions(client: Client) -> None:
    occupation = OccupationFactory(developer=True)
    programme = make_programme(title="Web", occupations=(occupation,))
    session = make_session(programme)
    body = client.get(f"/api/v1/formations/catalogue/{programme.pk}").json()
    assert body["occupations"] == ["M1805"]
    assert [s["id"] for s in body["sessions"]] == [session.pk]
    assert body["sessions"][0]["commune"] == "97209"


def test_a_draft_is_not_found(client: Client) -> None:
    draft = make_programme(is_published=False)
    assert client.get(f"/api/v1/formations/catalogue/{draft.pk}").status_code == 404
