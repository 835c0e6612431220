"""The catalogue search finds what people type: French stems, accents ignored, every part of a
programme, the best match first. The suite runs on SQLite and on PostgreSQL: each case holds on
both (the same programmes found)."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client, RequestFactory
from django.urls import reverse

from lakou.training.admin import ProgrammeAdmin
from lakou.training.models import Programme, ProgrammeAudience
from lakou.training.services.catalogue import (
    CatalogueQuery,
    catalogue_programmes,
    programme_update,
    programmes_reindex,
)
from tests.skills.factories import CompetenceFactory, OccupationFactory
from tests.training.factories import make_programme, programme_data, provider_actor

pytestmark = pytest.mark.django_db


def found(text: str, **filters: Any) -> list[str]:
    """The titles the catalogue gives for `text`, in its order."""
    return [p.title for p in catalogue_programmes(CatalogueQuery(text=text, **filters))]


@pytest.fixture
def seniors_and_others() -> None:
    make_programme(title="Premiers pas avec la tablette", audiences=("seniors", "everyone"))
    make_programme(title="Démarches en ligne", audiences=("seniors",))
    make_programme(title="Data analyst", domain="data", audiences=("job_seekers",))


@pytest.mark.parametrize("words", ["senior", "seniors", "Seniors", "SENIORS"])
@pytest.mark.usefixtures("seniors_and_others")
def test_a_search_for_seniors_finds_the_programmes_for_seniors(words: str) -> None:
    assert set(found(words)) == {"Premiers pas avec la tablette", "Démarches en ligne"}


@pytest.mark.usefixtures("seniors_and_others")
def test_the_search_for_seniors_finds_what_the_audience_filter_finds() -> None:
    assert set(found("seniors")) == set(found("", audience="seniors"))


@pytest.mark.parametrize(
    ("words", "title"),
    [
        ("internet", "Naviguer en sécurité"),
        ("smartphone", "Mon téléphone au quotidien"),
        ("smartphones", "Mon téléphone au quotidien"),
    ],
)
def test_words_of_the_content_are_found(words: str, title: str) -> None:
    make_programme(title="Naviguer en sécurité", content="Internet, la messagerie et les achats.")
    make_programme(
        title="Mon téléphone au quotidien", content="Régler son smartphone, installer une appli."
    )
    make_programme(title="Tableur", domain="office", content="Formules et graphiques.")
    assert found(words) == [title]


@pytest.mark.parametrize("words", ["débutant", "debutant", "Débutants", "grand débutant"])
def test_a_beginner_finds_the_programmes_without_entry_level(words: str) -> None:
    make_programme(title="Premiers pas", entry_level="0")
    make_programme(title="Administrateur systèmes", entry_level="5")
    if words == "grand débutant":
        # Every word must be found: "grand" is in no programme yet.
        assert found(words) == []
        make_programme(title="Grand public", entry_level="0")
        assert found(words) == ["Grand public"]
    else:
        assert found(words) == ["Premiers pas"]


@pytest.mark.parametrize(
    "words", ["développeurs web", "developpeur WEB", "Développeuse web", "dévelop web"]
)
def test_a_plural_a_feminine_or_a_word_begun_finds_the_title(words: str) -> None:
    make_programme(title="Développeur web")
    make_programme(title="Technicien réseaux", domain="networks", objective="Câbler un réseau.")
    make_programme(title="Développeur d'applications mobiles", domain="other", objective="Apps.")
    assert found(words) == ["Développeur web"]


def test_every_word_of_the_search_must_be_found() -> None:
    make_programme(title="Développeur web", domain="web")
    make_programme(title="Développeur data", domain="data", objective="Pipelines de données.")
    assert found("développeur données") == ["Développeur data"]
    assert found("développeur cuisine") == []


def test_a_title_match_comes_before_a_content_match() -> None:
    make_programme(title="Bureautique", domain="office", content="Le tableur et le smartphone.")
    make_programme(title="Smartphone pour tous", domain="digital_basics", content="Les réglages.")
    make_programme(title="Appareils", domain="other", content="Tablette, smartphone et ordinateur.")
    assert found("smartphone")[0] == "Smartphone pour tous"
    assert set(found("smartphone")) == {"Smartphone pour tous", "Bureautique", "Appareils"}


def test_an_audience_match_comes_before_a_content_match() -> None:
    make_programme(title="Tableur", domain="office", content="Pour les seniors curieux.")
    make_programme(title="Tablette", domain="digital_basics", audiences=("seniors",))
    assert found("seniors") == ["Tablette", "Tableur"]


def test_equal_matches_come_by_title() -> None:
    for title in ("Web C", "Web A", "Web B"):
        make_programme(title=title)
    assert found("web") == ["Web A", "Web B", "Web C"]


@pytest.mark.parametrize(
    ("words", "title"),
    [
        ("bureautique", "Tableur"),  # the domain's name
        ("cybersécurité", "Analyste"),  # the domain's name
        ("sécurité", "Analyste"),  # what people type for cybersecurity
        ("évaluer informations", "Veille"),  # a competence
        ("développeuse informatique", "Logiciel"),  # an occupation
        ("reconversion", "Logiciel"),  # an audience
        ("RNCP37674", "Logiciel"),  # the certification code
    ],
)
def test_it_searches_domain_competences_occupations_and_audiences(words: str, title: str) -> None:
    make_programme(title="Tableur", domain="office", audiences=("employees",))
    make_programme(title="Analyste", domain="cybersecurity", audiences=("employees",))
    make_programme(
        title="Veille",
        domain="other",
        audiences=("employees",),
        competences=((CompetenceFactory(), None),),
    )
    make_programme(
        title="Logiciel",
        domain="other",
        audiences=("career_changers",),
        occupations=(OccupationFactory(developer=True),),
        certification_kind="rncp",
        certification_code="RNCP37674",
    )
    assert found(words) == [title]


def test_search_words_are_cut_at_any_sign() -> None:
    make_programme(title="Designer UX/UI", domain="design")
    make_programme(title="Formateur e-learning", domain="other")
    assert found("ux") == ["Designer UX/UI"]
    assert found("UI") == ["Designer UX/UI"]
    assert found("learning") == ["Formateur e-learning"]


def test_a_search_of_stop_words_only_filters_nothing() -> None:
    make_programme(title="Web")
    make_programme(title="Cloud", domain="cloud")
    assert found("de la") == ["Cloud", "Web"]


def test_a_changed_programme_is_found_by_its_new_words_only() -> None:
    actor = provider_actor()
    programme = make_programme(actor=actor, title="Tablette", audiences=("seniors",))
    programme_update(
        actor=actor,
        programme=programme,
        data=programme_data(title="Tablette", audiences=("young_people",)),
    )
    assert found("seniors") == []
    assert found("jeunes") == ["Tablette"]


def test_a_programme_changed_in_the_admin_is_found_by_its_new_words(rf: RequestFactory) -> None:
    programme = make_programme(title="Tablette", audiences=("young_people",))
    # What the admin saves before `save_related`: the programme, then its inline rows.
    Programme.objects.filter(pk=programme.pk).update(title="Smartphone")
    ProgrammeAudience.objects.filter(programme=programme).update(audience="seniors")
    form = SimpleNamespace(instance=programme, save_m2m=lambda: None)
    ProgrammeAdmin(Programme, admin.site).save_related(rf.post("/"), form, [], change=True)
    assert found("smartphone seniors") == ["Smartphone"]
    assert found("tablette") == []


def test_drafts_are_not_found() -> None:
    make_programme(title="Smartphone", is_published=False)
    assert found("smartphone") == []


def test_reindex_catalogue_indexes_the_programmes_already_there() -> None:
    make_programme(title="Premiers pas", audiences=("seniors",))
    Programme.objects.update(search_text="", search_vector=None)
    assert found("seniors") == []
    output = io.StringIO()
    call_command("reindex_catalogue", stdout=output)
    assert output.getvalue() == "1 formation indexée.\n"
    assert found("seniors") == ["Premiers pas"]


def test_the_migration_indexes_with_its_own_models() -> None:
    """Migration 0004 gives `programmes_reindex` the historical models of its own state."""
    make_programme(
        title="Premiers pas",
        audiences=("seniors",),
        competences=((CompetenceFactory(), None),),
        occupations=(OccupationFactory(developer=True),),
    )
    Programme.objects.update(search_text="", search_vector=None)
    state = MigrationLoader(connection).project_state(("training", "0004_programme_search"))
    assert programmes_reindex(state.apps.get_model("training", "Programme").objects.all()) == 1
    assert found("seniors débutant développeuse") == ["Premiers pas"]


def test_the_page_finds_seniors(client: Client) -> None:
    make_programme(title="Premiers pas avec la tablette", audiences=("seniors",))
    page = client.get(reverse("training:catalogue"), {"q": "senior"}).content.decode()
    assert "Premiers pas avec la tablette" in page
    assert "1 formation trouvée" in page


def test_a_search_over_200_characters_is_explained_at_the_field(client: Client) -> None:
    response = client.get(reverse("training:catalogue"), {"q": "a" * 201})
    page = response.content.decode()
    assert response.status_code == 200
    assert "La recherche est limitée à 200 caractères (elle en compte 201)" in page
    assert 'aria-invalid="true" aria-describedby="id_q-erreur"' in page


def test_a_search_of_200_characters_is_run(client: Client) -> None:
    make_programme(title="Web")
    page = client.get(reverse("training:catalogue"), {"q": "web " + "w" * 196}).content.decode()
    assert "La recherche est limitée" not in page
    assert "Aucune formation ne répond à ces critères." in page


def test_the_api_answers_422_to_a_search_over_200_characters(client: Client) -> None:
    response = client.get("/api/v1/formations/catalogue", {"q": "a" * 201})
    assert response.status_code == 422
    body = response.json()
    assert "q : 200 caractères au plus" in body["detail"]
    assert [(error["loc"], error["type"]) for error in body["errors"]] == [
        (["query", "q"], "string_too_long")
    ]


def test_the_api_searches_by_stems(client: Client) -> None:
    make_programme(title="Premiers pas avec la tablette", audiences=("seniors",))
    make_programme(title="Data analyst", domain="data")
    body = client.get("/api/v1/formations/catalogue", {"q": "senior"}).json()
    assert [result["title"] for result in body["results"]] == ["Premiers pas avec la tablette"]
