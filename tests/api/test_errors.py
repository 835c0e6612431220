"""Every answer ninja gives is JSON in French: validation, 400, 401, 403, 404 and 500."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from lakou.territory import api as territory_api
from tests.diagnostics.factories_campaigns import open_campaign, two_epcis
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World.build()


def test_a_body_that_is_not_json_is_a_400_in_french(world: World) -> None:
    response = Client().post(
        "/api/v1/diagnostic/audits",
        "{pas du json",
        content_type="application/json",
        headers=world.api_headers("auditor"),
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Le corps de la requête n'est pas du JSON valide (en UTF-8)."
    }


def test_a_body_read_after_the_access_check_answers_the_same_400(world: World) -> None:
    """The campaign push reads its body by hand: the same answer, and the documented 400."""
    two_epcis()
    campaign = open_campaign()
    response = Client().post(
        f"/api/v1/diagnostic/campagnes/{campaign.pk}/reponses",
        b"\xff\xfe",
        content_type="application/json",
        headers=world.api_headers("federation"),
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Le corps de la requête n'est pas du JSON valide (en UTF-8)."
    }
    refused = Client().post(
        f"/api/v1/diagnostic/campagnes/{campaign.pk}/reponses",
        {"answers": {"computer_age": "vieux"}},
        content_type="application/json",
        headers=world.api_headers("federation"),
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "La réponse contient des erreurs."
    assert refused.json()["errors"]


def test_a_body_that_breaks_the_schema_is_a_422_field_by_field(world: World) -> None:
    response = Client().post(
        "/api/v1/diagnostic/audits",
        {"company_siret": "123", "audited_on": 0, "method": "guess", "scores": {}},
        content_type="application/json",
        headers=world.api_headers("auditor"),
    )
    assert response.status_code == 422
    errors = {tuple(error["loc"]): error["msg"] for error in response.json()["errors"]}
    assert errors[("body", "payload", "audited_on")] == "Date attendue (AAAA-MM-JJ)."
    assert errors[("body", "payload", "scores")] == "1 élément(s) au moins."
    assert errors[("body", "payload", "method")].startswith("Valeur inconnue ; valeurs possibles")
    assert " ou 'mixed'" in errors[("body", "payload", "method")]
    assert "Format invalide" in errors[("body", "payload", "company_siret")]


@pytest.mark.parametrize("header", [None, "Bearer lakou_inconnu", "Basic dXNlcjpwYXNz"])
def test_without_a_valid_token_the_answer_is_401_in_french(header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = Client().get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"].startswith("Authentification requise")


def test_a_token_of_the_wrong_kind_is_a_403_in_french_before_the_body_is_read(
    world: World,
) -> None:
    response = Client().post(
        "/api/v1/diagnostic/audits",
        "{pas du json",
        content_type="application/json",
        headers=world.api_headers("company"),
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Seul un cabinet d'audit peut enregistrer un audit."}


def test_an_unknown_object_is_a_404_in_french() -> None:
    response = Client().get("/api/v1/formations/catalogue/987654")
    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable."}


def test_an_unexpected_error_is_a_500_in_json_and_is_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(territory_api, "_epcis", broken)
    with caplog.at_level(logging.ERROR, logger="lakou.api"):
        response = Client().get("/api/v1/territoire/epci")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": "Erreur interne. L'incident est enregistré ; réessayez plus tard."
    }
    [record] = [r for r in caplog.records if r.name == "lakou.api"]
    assert "GET /api/v1/territoire/epci" in record.getMessage()
    assert record.exc_info is not None
    assert "panne simulée" in str(record.exc_info[1])


NUL = "Le caractère nul (U+0000) n'est accepté dans aucun texte."


def test_a_nul_character_is_refused_in_a_query_a_path_or_a_body(world: World) -> None:
    """PostgreSQL cannot store U+0000: it is a 422 everywhere, never a 500."""
    query = Client().get("/api/v1/formations/catalogue", {"q": "a\x00b"})
    path = Client().get("/api/v1/territoire/communes/972%0009")
    body = Client().post(
        "/api/v1/diagnostic/audits",
        '{"company_siret": "x\\u0000"}',
        content_type="application/json",
        headers=world.api_headers("auditor"),
    )
    two_epcis()
    campaign = open_campaign()
    by_hand = Client().post(
        f"/api/v1/diagnostic/campagnes/{campaign.pk}/reponses",
        {"answers": {"commune\x00": "97209"}},
        content_type="application/json",
        headers=world.api_headers("federation"),
    )
    for response, loc in [
        (query, ["query", "q"]),
        (path, ["path", "insee_code"]),
        (body, ["body", "company_siret"]),
        (by_hand, ["body", "answers", "commune\x00"]),
    ]:
        assert response.status_code == 422, loc
        assert response.json()["errors"] == [{"loc": loc, "msg": NUL, "type": "string_nul"}]


@pytest.mark.parametrize("blank", [" ", "\t", "\x85", "\x1c", "\x1f", "\ufeff", "\u00a0", "\u3000"])
def test_a_text_of_spaces_is_blank_for_python_and_for_the_schemas_readers(blank: str) -> None:
    """Python's `\\s` and JavaScript's differ (U+0085, U+001C-U+001F, U+FEFF): the pattern the
    OpenAPI document publishes excludes them all, so a client and the server agree."""
    import re

    from lakou.api.params import NOT_BLANK

    assert re.search(NOT_BLANK, blank * 3) is None
    assert re.search(NOT_BLANK, f"{blank}é{blank}") is not None


@pytest.mark.django_db
def test_a_body_that_is_not_an_object_is_refused_everywhere() -> None:
    """Ninja's schemas read the attributes of any value: `[null, null]` passed as an empty body
    (schemathesis found it on the enrolment request); every body must be a JSON object."""
    from django.test import Client

    from tests.world import World

    world = World.build()
    for body in ("[null, null]", '"texte"', "12"):
        response = Client().post(
            "/api/v1/formations/sessions/1/inscriptions",
            body,
            content_type="application/json",
            headers=world.api_headers("person"),
        )
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["msg"] == "Objet JSON attendu."
