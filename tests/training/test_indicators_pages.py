"""Indicator 2 on the public page, in the API and on each programme page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lakou.territory.models import Commune
from lakou.training.models import Programme, Situation
from tests.accounts.factories import OrganisationFactory
from tests.territory.factories import CommuneFactory
from tests.training.factories import make_programme
from tests.training.factories_indicators import answer, certify, learner, unreachable
from tests.world import World

PAGE = reverse("training:indicators")
ISSUED = dt.date(2024, 2, 1)  # due on 1 August 2024, long past whatever day the tests run
ANSWERED = dt.date(2024, 8, 20)


def api_url(indicator_id: str) -> str:
    return reverse("api-1.0.0:training_indicator", kwargs={"indicator_id": indicator_id})


def certified_group(
    programme: Programme,
    commune: Commune,
    *,
    employed: int = 0,
    job_seeking: int = 0,
    silent: int = 0,
    prefix: str = "p",
) -> None:
    """People certified on ISSUED: `employed` and `job_seeking` answered in time, `silent` not."""
    situations = [Situation.PERMANENT] * employed + [Situation.JOB_SEEKING] * job_seeking
    for index, situation in enumerate(situations):
        certificate = certify(
            learner(f"{prefix}{index}"), programme, issued_on=ISSUED, commune=commune
        )
        answer(certificate, situation, on=ANSWERED)
    for index in range(silent):
        person = learner(f"{prefix}-silent{index}")
        unreachable(certify(person, programme, issued_on=ISSUED, commune=commune))


def certifying_programme(title: str = "Développeur web", **fields: Any) -> Programme:
    provider = OrganisationFactory(provider=True, name=fields.pop("provider_name", "Organisme A"))
    return make_programme(
        provider=provider,
        title=title,
        certification_kind="rncp",
        certification_code="RNCP37827",
        **fields,
    )


@pytest.fixture
def fifteen(db: None) -> Programme:
    """15 people in 2024: 5 employed, 5 job seeking, 5 without an answer; groups of 5, public."""
    programme = certifying_programme()
    certified_group(programme, CommuneFactory(), employed=5, job_seeking=5, silent=5)
    return programme


@pytest.fixture
def three(db: None) -> Programme:
    """3 people in 2024: too few to publish anything."""
    programme = certifying_programme(
        "Analyste SOC", domain="cybersecurity", provider_name="Organisme B"
    )
    certified_group(programme, CommuneFactory(marigot=True), employed=2, job_seeking=1, prefix="s")
    return programme


# ---------------------------------------------------------------- the page


def test_anyone_reads_the_figures_in_plain_french(fifteen: Programme) -> None:
    response = Client().get(PAGE, {"period": "2024"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "15 personnes certifiées" in text
    assert "50 % en emploi six mois après" in text
    assert "réponses : 10 sur 15 attendues, 67 %" in text
    assert "Secret statistique" in text
    assert "Développeur web" in text  # the per-programme table


def test_the_public_page_hides_groups_under_five_people(three: Programme) -> None:
    text = Client().get(PAGE, {"period": "2024"}).content.decode()
    assert "3 personnes certifiées" not in text
    assert "Personnes certifiées : secret statistique" in text
    assert "Emploi six mois après : secret statistique" in text


def test_federation_staff_see_the_exact_figures(three: Programme) -> None:
    world = World.build()
    text = world.client("federation").get(PAGE, {"period": "2024"}).content.decode()
    assert "3 personnes certifiées" in text
    assert "67 % en emploi six mois après" in text
    assert "vous voyez les chiffres exacts" in text


def test_epci_staff_see_the_public_figures(three: Programme) -> None:
    world = World.build()
    text = world.client("epci").get(PAGE, {"period": "2024"}).content.decode()
    assert "Personnes certifiées : secret statistique" in text


def test_a_territory_narrows_the_figures(fifteen: Programme, three: Programme) -> None:
    text = Client().get(PAGE, {"period": "2024", "territory": "97209"}).content.decode()
    assert "Fort-de-France" in text
    assert "15 personnes certifiées" in text
    assert "Analyste SOC" not in text


def test_a_bad_period_is_shown_next_to_the_field_and_in_the_summary(db: None) -> None:
    response = Client().get(PAGE, {"period": "2026-Q7"})
    assert response.status_code == 400
    text = response.content.decode()
    assert text.count("Période invalide") == 2
    assert 'href="#id_period"' in text


def test_an_unknown_territory_is_refused_in_french(db: None) -> None:
    response = Client().get(PAGE, {"period": "2026", "territory": "97299"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_the_page_shows_this_year_by_default(db: None) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 200
    assert "Aucune personne certifiée pour ces critères." in response.content.decode()


def _page_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE, {"period": "2024"}).status_code == 200
    return len(queries)


def test_the_page_query_count_does_not_grow_with_the_programmes(
    fifteen: Programme, django_assert_num_queries: Any
) -> None:
    client = Client()
    before = _page_queries(client)
    for index in range(4):
        programme = certifying_programme(f"Formation {index}", provider_name=f"Organisme {index}")
        certified_group(programme, CommuneFactory(lamentin=True), employed=1, prefix=f"x{index}")
    # 2 territory choices + 5 indicator queries + session and user lookups, whatever the rows.
    with django_assert_num_queries(before):
        client.get(PAGE, {"period": "2024"})


# ---------------------------------------------------------------- the API


def test_the_api_gives_public_figures_without_a_token(three: Programme) -> None:
    response = Client().get(api_url("people-certified"), {"period": "2024"})
    assert response.status_code == 200
    body = response.json()
    assert body["indicator"] == "people-certified"
    assert body["numerator"] is None
    assert body["statistical_secrecy"] is True


def test_the_api_gives_exact_figures_to_a_federation_token(three: Programme) -> None:
    world = World.build()
    response = Client().get(
        api_url("employment-6-months"), {"period": "2024"}, headers=world.api_headers("federation")
    )
    body = response.json()
    assert (body["numerator"], body["denominator"], body["due"]) == (2, 3, 3)
    assert body["statistical_secrecy"] is False
    programme_row = body["breakdowns"]["programme"][0]
    assert programme_row["label"] == "Analyste SOC (Organisme B)"
    assert programme_row["employed"] == 2


def test_the_api_keeps_the_secret_for_an_epci_token(three: Programme) -> None:
    world = World.build()
    response = Client().get(
        api_url("employment-6-months"), {"period": "2024"}, headers=world.api_headers("epci")
    )
    assert response.json()["numerator"] is None


def test_the_api_publishes_groups_of_five(fifteen: Programme) -> None:
    body = Client().get(api_url("employment-6-months"), {"period": "2024"}).json()
    assert (body["numerator"], body["denominator"], body["due"]) == (5, 10, 15)
    assert body["percentage"] == 50.0
    assert body["response_percentage"] == 66.7


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("indicator_id", "params", "status", "message"),
    [
        ("companies-diagnosed", {"period": "2026"}, 404, "Indicateurs des formations"),
        ("employment-6-months", {"period": "2026-Q9"}, 422, "Écrivez une année (2026)"),
        ("people-certified", {"period": "2026", "territory": "123456789"}, 404, "Aucun EPCI"),
    ],
)
def test_the_api_refuses_bad_input_in_french(
    indicator_id: str, params: dict[str, str], status: int, message: str
) -> None:
    response = Client().get(api_url(indicator_id), params)
    assert response.status_code == status
    assert message in response.json()["detail"]


# ---------------------------------------------------------------- the programme page


def test_a_programme_page_shows_its_outcomes_from_five_people(fifteen: Programme) -> None:
    text = Client().get(fifteen.get_absolute_url()).content.decode()
    assert "Que deviennent les personnes certifiées ?" in text
    assert "50 % (réponses : 10 sur 15 attendues, 67 %)" in text


def test_a_programme_page_waits_for_five_people(three: Programme) -> None:
    text = Client().get(three.get_absolute_url()).content.decode()
    assert text.count("Pas encore assez de personnes pour publier ce résultat (au moins 5).") == 2


def test_a_programme_that_does_not_certify_has_no_outcomes(db: None) -> None:
    programme = make_programme()
    text = Client().get(programme.get_absolute_url()).content.decode()
    assert "Que deviennent les personnes certifiées ?" not in text


def test_the_programme_page_query_count_does_not_grow_with_certificates(
    three: Programme, django_assert_num_queries: Any
) -> None:
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        client.get(three.get_absolute_url())
    certified_group(three, CommuneFactory(), employed=6, job_seeking=6, prefix="more")
    with django_assert_num_queries(len(queries)):
        response = client.get(three.get_absolute_url())
    # 15 people answered now, 8 of them employed.
    assert "53 % (réponses : 15 sur 15 attendues, 100 %)" in response.content.decode()
