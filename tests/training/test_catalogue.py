"""The public catalogue: published programmes, search without accents or case, each filter."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from lakou.training.models import Programme
from lakou.training.services.catalogue import (
    CatalogueQuery,
    catalogue_programmes,
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


def titles(**query: Any) -> set[str]:
    return {p.title for p in catalogue_programmes(CatalogueQuery(**query))}


def page_titles(client: Client, **params: str) -> str:
    return client.get(reverse("training:catalogue"), params).content.decode()


def test_only_published_programmes_are_in_the_catalogue(client: Client) -> None:
    make_programme(title="Bootcamp données")
    make_programme(title="Brouillon secret", is_published=False)
    page = page_titles(client)
    assert "Bootcamp données" in page
    assert "Brouillon secret" not in page


@pytest.mark.parametrize("words", ["securite", "SÉCURITÉ", "Cybersécurité", "cyber sécu"])
def test_search_ignores_accents_and_case(words: str) -> None:
    make_programme(title="Analyste en cybersécurité", domain="cybersecurity")
    make_programme(title="Bureautique pour seniors", domain="office")
    assert titles(text=words) == {"Analyste en cybersécurité"}


def test_search_looks_in_the_provider_name_and_objective() -> None:
    make_programme(title="Premiers pas", objective="Découvrir la tablette numérique.")
    assert titles(text="TABLETTE") == {"Premiers pas"}


def test_a_renamed_provider_is_found_by_its_new_name() -> None:
    programme = make_programme(title="Premiers pas")
    provider = programme.provider
    provider.name = "Kalbass Formation"
    provider.save()

    assert titles(text="kalbass") == {"Premiers pas"}


def test_the_page_searches_by_words(client: Client) -> None:
    make_programme(title="Développeur web")
    make_programme(title="Technicien réseaux", domain="networks")
    page = page_titles(client, q="developpeur")
    assert "Développeur web" in page
    assert "Technicien réseaux" not in page


def test_it_filters_by_domain() -> None:
    make_programme(title="Cloud", domain="cloud")
    make_programme(title="Web", domain="web")
    assert titles(domain="cloud") == {"Cloud"}


def test_it_filters_by_audience() -> None:
    make_programme(title="Seniors", audiences=("seniors", "everyone"))
    make_programme(title="Jeunes", audiences=("young_people",))
    assert titles(audience="seniors") == {"Seniors"}


def test_it_filters_by_format() -> None:
    make_programme(title="En ligne", format="e_learning")
    make_programme(title="En salle", format="in_person")
    assert titles(format="e_learning") == {"En ligne"}


def test_it_filters_by_funding() -> None:
    make_programme(title="CPF", fundings=("cpf", "employer"))
    make_programme(title="Gratuite", fundings=("free",))
    assert titles(funding="free") == {"Gratuite"}


def test_it_filters_certifying_programmes() -> None:
    make_programme(title="RNCP", certification_kind="rncp", certification_code="RNCP37827")
    make_programme(title="Sans certification")
    assert titles(certifying=True) == {"RNCP"}


def test_it_filters_labelled_programmes() -> None:
    actor = provider_actor()
    labelled = make_programme(actor=actor, title="Labellisée")
    make_programme(actor=actor, title="Sans label")
    programme_submit_for_label(actor=actor, programme=labelled)
    programme_label(actor=federation_actor(), programme=labelled)
    assert titles(labelled=True) == {"Labellisée"}


def test_it_filters_by_commune_and_epci_of_upcoming_sessions() -> None:
    fort_de_france = CommuneFactory()
    marigot = CommuneFactory(marigot=True)
    make_session(make_programme(title="Au centre"), commune=fort_de_france)
    make_session(make_programme(title="Au nord"), commune=marigot)
    cancelled = make_session(make_programme(title="Annulée au nord"), commune=marigot)
    cancelled.status = "cancelled"
    cancelled.save()
    assert titles(territory="97216") == {"Au nord"}
    assert titles(territory=marigot.epci.siren) == {"Au nord"}
    assert titles(territory=fort_de_france.epci.siren) == {"Au centre"}


def test_it_filters_by_start_dates() -> None:
    make_session(make_programme(title="Bientôt"), starts_in_days=5)
    make_session(make_programme(title="Plus tard"), starts_in_days=90)
    today = timezone.localdate()
    assert titles(starts_before=today + timedelta(days=30)) == {"Bientôt"}
    assert titles(starts_after=today + timedelta(days=30)) == {"Plus tard"}


def test_the_page_applies_the_filters_from_the_query_string(client: Client) -> None:
    make_session(make_programme(title="Au nord"), commune=CommuneFactory(marigot=True))
    make_programme(title="Nulle part")
    page = page_titles(client, commune="97216")
    assert "Au nord" in page
    assert "Nulle part" not in page
    assert "1 formation trouvée" in page


def test_the_chosen_filters_stay_selected(client: Client) -> None:
    page = page_titles(client, domain="cloud", commune="97216", certifying="on", q="réseau")
    assert '<option value="cloud" selected>' in page
    assert 'name="certifying" id="id_certifying" checked' in page
    assert 'value="réseau"' in page


def test_an_invalid_filter_is_ignored_not_an_error(client: Client) -> None:
    make_programme(title="Web")
    make_programme(title="Cloud", domain="cloud")
    response = client.get(reverse("training:catalogue"), {"domain": "cuisine", "format": "hybrid"})
    assert response.status_code == 200
    assert "Certains filtres ne sont pas valides" in response.content.decode()
    other = client.get(reverse("training:catalogue"), {"domain": "cloud", "commune": "00000"})
    assert "Cloud" in other.content.decode()
    assert "Web" not in other.content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_the_catalogue_page_has_a_constant_number_of_queries(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    actor = provider_actor()
    for number in range(count):
        programme = make_programme(actor=actor, title=f"Formation {number}")
        make_session(programme)
    client.get(reverse("training:catalogue"))  # reads the EPCI and communes into the cache
    # The page with its total count, the audiences and fundings, each programme's next session.
    with django_assert_num_queries(3):
        response = client.get(reverse("training:catalogue"), {"q": "formation"})
    assert response.status_code == 200
    assert response.content.decode().count('class="card') >= count


def test_the_catalogue_paginates_20_per_page(client: Client) -> None:
    actor = provider_actor()
    for number in range(21):
        make_programme(actor=actor, title=f"Formation {number:02d}")
    first = page_titles(client)
    second = page_titles(client, page="2")
    assert "Formation 19" in first
    assert "Formation 20" not in first
    assert "Formation 20" in second
    assert "Page 2 sur 2" in second


def test_the_provider_sees_its_drafts_and_nobody_else_does() -> None:
    actor = provider_actor()
    draft = make_programme(actor=actor, is_published=False)
    assert draft in Programme.objects.visible_to(actor)
    assert draft not in Programme.objects.visible_to(provider_actor())
    assert draft in Programme.objects.visible_to(federation_actor())
