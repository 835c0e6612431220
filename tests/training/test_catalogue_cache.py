"""The catalogue is built once per process every few seconds, and forgotten at any write."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from lakou.core import microcache
from lakou.training.services.catalogue import CATALOGUE, programme_label, programme_submit_for_label
from tests.training.factories import federation_actor, make_programme, provider_actor

pytestmark = pytest.mark.django_db


def catalogue(client: Client, **params: str) -> str:
    response = client.get(reverse("training:catalogue"), params)
    assert response.status_code == 200
    return response.content.decode()


def main_content(page: str) -> str:
    """The page between <main> and </main>: the header carries a fresh CSRF token each time."""
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_very_long_query_is_kept_under_a_short_key(client: Client) -> None:
    make_programme(title="Web")
    page = catalogue(client, q="web " * 60)
    assert "200 caractères" in page


def test_the_same_catalogue_page_is_built_once(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    make_programme(title="Web")
    first = catalogue(client)
    with django_assert_num_queries(0):
        again = catalogue(client)
    assert main_content(again) == main_content(first)
    assert "Web" in main_content(again)


def test_another_search_is_built_for_itself(client: Client) -> None:
    make_programme(title="Web")
    make_programme(title="Réseaux")
    catalogue(client)
    page = catalogue(client, q="reseaux")
    assert "Réseaux" in page
    assert "1 formation trouvée" in page


def test_a_new_programme_shows_at_once(client: Client) -> None:
    actor = provider_actor()
    make_programme(actor=actor, title="Web")
    catalogue(client)
    make_programme(actor=actor, title="Cybersécurité pour les TPE")
    assert "Cybersécurité pour les TPE" in catalogue(client)


def test_a_label_written_by_a_bulk_update_shows_at_once(client: Client) -> None:
    actor = provider_actor()
    programme = make_programme(actor=actor, title="Web")
    before = catalogue(client, labelled="on")
    assert "Aucune formation ne répond à ces critères" in before
    programme_submit_for_label(actor=actor, programme=programme)
    programme_label(actor=federation_actor(), programme=programme)
    assert "1 formation trouvée" in catalogue(client, labelled="on")


def test_without_micro_cache_every_visit_builds_the_page(
    client: Client,
    settings: pytest.FixtureRequest,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    settings.MICROCACHE_SECONDS = 0  # type: ignore[attr-defined]
    make_programme(title="Web")
    catalogue(client)
    with django_assert_num_queries(3):
        catalogue(client)


def test_a_write_forgets_again_when_its_transaction_commits(
    django_capture_on_commit_callbacks: object,
) -> None:
    built: list[int] = []

    def build() -> int:
        built.append(1)
        return len(built)

    with (
        django_capture_on_commit_callbacks(execute=True),  # type: ignore[operator]
        transaction.atomic(),
    ):
        microcache.bump(CATALOGUE)
        # A read between the write and its commit sees (and may keep) the old rows...
        assert microcache.remember(CATALOGUE, "k", build) == 1
    # ...so the commit forgets it again.
    assert microcache.remember(CATALOGUE, "k", build) == 2
    assert microcache.remember(CATALOGUE, "k", build) == 2


def test_the_api_list_is_built_once_and_forgotten_at_a_write(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    actor = provider_actor()
    make_programme(actor=actor, title="Web")
    url = reverse("api-1.0.0:training_catalogue")
    first = client.get(url).json()
    with django_assert_num_queries(0):
        assert client.get(url).json() == first
    make_programme(actor=actor, title="Réseaux")
    titles = [row["title"] for row in client.get(url).json()["results"]]
    assert titles == ["Réseaux", "Web"]
