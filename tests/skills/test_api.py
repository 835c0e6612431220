from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.mark.django_db
def test_it_lists_the_frameworks_without_a_token(client: Client, reference: dict[str, int]) -> None:
    response = client.get("/api/v1/competences/referentiels")
    assert response.status_code == 200
    assert [f["code"] for f in response.json()] == ["digcomp", "ecf"]


@pytest.mark.django_db
def test_one_framework_has_its_areas_competences_and_levels(
    client: Client, reference: dict[str, int]
) -> None:
    body = client.get("/api/v1/competences/referentiels/digcomp").json()
    assert len(body["areas"]) == 5
    assert sum(len(area["competences"]) for area in body["areas"]) == 21
    assert [level["code"] for level in body["levels"]] == [str(n) for n in range(1, 9)]
    first = body["areas"][0]["competences"][0]
    assert first["code"] == "1.1"
    assert first["name_fr_is_own_wording"] is True
    assert first["name_en"].startswith("Browsing")


@pytest.mark.django_db
def test_the_ecf_framework_carries_its_version_caveat(
    client: Client, reference: dict[str, int]
) -> None:
    body = client.get("/api/v1/competences/referentiels/ecf").json()
    assert sum(len(area["competences"]) for area in body["areas"]) == 40
    assert "3.0" in body["caveat"]


@pytest.mark.django_db
def test_an_unknown_framework_is_404(client: Client, reference: dict[str, int]) -> None:
    assert client.get("/api/v1/competences/referentiels/ecf-4").status_code == 404


@pytest.mark.django_db
def test_occupations_are_paginated(client: Client, reference: dict[str, int]) -> None:
    body = client.get("/api/v1/competences/metiers").json()
    assert body["count"] == 170
    assert len(body["results"]) == 25
    second = client.get("/api/v1/competences/metiers", {"page": 7}).json()
    assert len(second["results"]) == 170 - 6 * 25


@pytest.mark.django_db
def test_occupations_can_be_searched_and_filtered(
    client: Client, reference: dict[str, int]
) -> None:
    body = client.get("/api/v1/competences/metiers", {"q": "CYBERSÉCURITÉ"}).json()
    assert "M1844" in {item["code_rome"] for item in body["results"]}
    body = client.get("/api/v1/competences/metiers", {"domain": "E11"}).json()
    assert body["count"] == 16
    assert {item["domain_code"] for item in body["results"]} == {"E11"}


@pytest.mark.django_db
def test_one_occupation_has_its_titles(client: Client, reference: dict[str, int]) -> None:
    body = client.get("/api/v1/competences/metiers/M1805").json()
    assert body["label"] == "Développeur / Développeuse informatique"
    assert len(body["titles"]) == 16
    assert body["titles"][0]["classification"] == "principal"


@pytest.mark.django_db
def test_an_unknown_occupation_is_404(client: Client, reference: dict[str, int]) -> None:
    assert client.get("/api/v1/competences/metiers/Z9999").status_code == 404


@pytest.mark.django_db
def test_the_openapi_schema_documents_the_skills_routes(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/competences/metiers/{code_rome}" in paths
    assert "/api/v1/competences/referentiels/{code}" in paths
