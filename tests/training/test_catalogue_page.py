"""The catalogue page as a visitor reads it: cards, next session, pages, place filters from cache."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from lakou.training.services.catalogue import (
    CatalogueQuery,
    catalogue_page,
    programme_label,
    programme_submit_for_label,
)
from tests.territory.factories import CommuneFactory
from tests.training.factories import (
    federation_actor,
    make_programme,
    make_session,
    provider_actor,
)

pytestmark = pytest.mark.django_db


def catalogue(client: Client, **params: str) -> str:
    response = client.get(reverse("training:catalogue"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_card_shows_what_a_learner_compares() -> None:
    actor = provider_actor()
    programme = make_programme(
        actor=actor,
        title="Analyste cybersécurité",
        domain="cybersecurity",
        format="hybrid",
        duration_hours=400,
        certification_kind="rncp",
        certification_code="RNCP37827",
        audiences=("job_seekers", "career_changers"),
        fundings=("cpf", "free"),
    )
    programme_submit_for_label(actor=actor, programme=programme)
    programme_label(actor=federation_actor(), programme=programme)

    (card,) = catalogue_page(CatalogueQuery(), 1, per_page=20).object_list

    assert card.title == "Analyste cybersécurité"
    assert card.get_absolute_url() == programme.get_absolute_url()
    assert card.provider_name == programme.provider.name
    assert (card.domain, card.format) == ("Cybersécurité", "Hybride")
    assert card.is_labelled
    assert (card.certification, card.certification_code) == ("RNCP", "RNCP37827")
    assert card.audiences == ("Demandeurs d'emploi", "Personnes en reconversion")
    assert card.fundings == ("CPF", "Gratuit")


def test_the_page_shows_the_card_in_words(client: Client) -> None:
    make_programme(
        title="Tablette pour seniors",
        duration_hours=1,
        certification_kind="rs",
        certification_code="RS5678",
        audiences=("seniors",),
    )
    page = catalogue(client)
    assert "Tablette pour seniors" in page
    assert "1 heure" in page
    assert "Certifiante : Répertoire spécifique (RS) RS5678" in page
    assert "Public : Seniors" in page
    assert "Labellisé par la fédération" not in page


def test_the_card_gives_the_soonest_session_that_still_runs(client: Client) -> None:
    programme = make_programme(title="Cloud")
    cancelled = make_session(programme, starts_in_days=3, commune=CommuneFactory())
    cancelled.status = "cancelled"
    cancelled.save()
    make_session(programme, starts_in_days=40, commune=CommuneFactory(marigot=True))
    make_session(
        programme, starts_in_days=10, commune=CommuneFactory(marigot=True), venue="Médiathèque"
    )
    soonest = timezone.localdate() + timedelta(days=10)
    page = catalogue(client)
    assert f"Prochaine session le {soonest:%d/%m/%Y} (Médiathèque, Le Marigot)" in page
    assert page.count("Prochaine session") == 1


def test_a_remote_session_says_so(client: Client) -> None:
    make_session(make_programme(title="En ligne"), is_remote=True)
    assert "(À distance)" in catalogue(client)


def test_a_programme_without_upcoming_session_says_so(client: Client) -> None:
    make_programme(title="Bientôt")
    assert "Pas de session prévue pour l'instant." in catalogue(client)


def test_the_count_covers_every_page(client: Client) -> None:
    actor = provider_actor()
    for number in range(21):
        make_programme(actor=actor, title=f"Formation {number:02d}")
    second = catalogue(client, page="2")
    assert "21 formations trouvées" in second
    assert "Formation 20" in second
    assert "Page 2 sur 2" in second


@pytest.mark.parametrize("asked", ["3", "0", "-2", "99999999999999999999"])
def test_a_page_out_of_range_shows_the_last_one(client: Client, asked: str) -> None:
    actor = provider_actor()
    for number in range(21):
        make_programme(actor=actor, title=f"Formation {number:02d}")
    page = catalogue(client, page=asked)
    assert "Formation 20" in page
    assert "Formation 19" not in page
    assert "Page 2 sur 2" in page
    assert "21 formations trouvées" in page


def test_a_page_that_is_not_a_number_shows_the_first_one(client: Client) -> None:
    make_programme(title="Technicien réseaux")
    page = catalogue(client, page="deux")
    assert "Technicien réseaux" in page
    assert "1 formation trouvée" in page


@pytest.mark.parametrize("asked", ["1", "4"])
def test_a_search_that_finds_nothing_says_so_on_any_page(client: Client, asked: str) -> None:
    make_programme(title="Technicien réseaux")
    page = catalogue(client, q="astronomie", page=asked)
    assert "Aucune formation ne répond à ces critères." in page
    assert "Technicien réseaux" not in page


def test_the_place_lists_are_read_once_then_kept(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    make_programme(title="Web")
    # EPCI and communes, then the page with its count, the audiences and fundings, the sessions.
    with django_assert_num_queries(5):
        catalogue(client)
    with django_assert_num_queries(3):
        page = catalogue(client, domain="web")
    assert "Web" in page


def test_a_commune_added_to_the_reference_is_offered_at_once(client: Client) -> None:
    catalogue(client)
    CommuneFactory(marigot=True)
    page = catalogue(client)
    assert '<option value="97216">Le Marigot</option>' in page
    assert ">CAP Nord Martinique</option>" in page


def test_a_renamed_epci_is_offered_under_its_new_name(client: Client) -> None:
    commune = CommuneFactory(marigot=True)
    catalogue(client)
    commune.epci.short_name = "Cap Nord"
    commune.epci.save()
    page = catalogue(client)
    assert f'<option value="{commune.epci.siren}">Cap Nord</option>' in page


def test_a_chosen_commune_filters_without_reading_the_communes(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    make_session(make_programme(title="Au nord"), commune=CommuneFactory(marigot=True))
    make_session(make_programme(title="Au centre"), commune=CommuneFactory())
    catalogue(client)
    with django_assert_num_queries(3):
        page = catalogue(client, commune="97216")
    assert "Au nord" in page
    assert "Au centre" not in page
    assert '<option value="97216" selected>Le Marigot</option>' in page
