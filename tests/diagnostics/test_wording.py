"""What the answering pages say: scale points in words, one name per dimension (issue 9)."""

from __future__ import annotations

import datetime as dt
import html
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lakou.diagnostics.models import Audience, Choice, Question, Response, Section
from lakou.diagnostics.models.dimensions import MaturityDimension
from lakou.diagnostics.services.builtin import PUBLIC_SLUG, load_builtin_questionnaires
from lakou.diagnostics.services.questionnaires import version_spec
from tests.diagnostics.factories import (
    ChoiceFactory,
    DimensionFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    SectionFactory,
    VersionFactory,
)
from tests.diagnostics.factories_audits import AuditFactory, RegistryCompanyFactory
from tests.diagnostics.factories_campaigns import open_campaign
from tests.diagnostics.test_audit_views import audit_post_data
from tests.territory.factories import CommuneFactory
from tests.world import World

pytestmark = pytest.mark.django_db

WORDS = ["Pas du tout", "Un peu", "Assez", "Tout à fait"]


@pytest.fixture
def world(settings: pytest.FixtureRequest, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return World.build()


def scale_campaign(*, words: bool) -> tuple[object, Question]:
    questionnaire = QuestionnaireFactory(audience=Audience.PUBLIC, title="Usages")
    version = VersionFactory(questionnaire=questionnaire)
    section = SectionFactory(version=version, position=1, title="Vous")
    question = QuestionFactory(
        section=section, position=1, code="ease", label="À l'aise sur internet ?", scale=True
    )
    if words:
        for value, label in enumerate(WORDS, start=1):
            ChoiceFactory(question=question, position=value, value=str(value), label=label)
    return open_campaign(version=version), question


def first_step(client: Client, campaign: object) -> str:
    client.post(
        reverse("diagnostics:respond_start", kwargs={"short_code": campaign.short_code})  # type: ignore[attr-defined]
    )
    response = Response.objects.get()
    url = reverse("diagnostics:respond_step", kwargs={"pk": response.pk, "step": 1})
    return html.unescape(client.get(url).content.decode())


def radio_labels(page: str) -> list[str]:
    labels = []
    for chunk in page.split('<label for="champ-ease-')[1:]:
        labels.append(chunk[chunk.index(">") + 1 : chunk.index("</label>")])
    return labels


# ---------------------------------------------------------------- scales


def test_a_scale_shows_the_words_of_its_points_on_the_buttons() -> None:
    campaign, _question = scale_campaign(words=True)
    page = first_step(Client(), campaign)
    assert radio_labels(page) == WORDS
    assert 'value="1"' in page  # the answer stays the number the scores read


def test_a_scale_without_words_still_shows_its_numbers() -> None:
    campaign, _question = scale_campaign(words=False)
    assert radio_labels(first_step(Client(), campaign)) == ["1", "2", "3", "4"]


def test_the_review_page_repeats_the_words_chosen() -> None:
    campaign, _question = scale_campaign(words=True)
    client = Client()
    first_step(client, campaign)
    response = Response.objects.get()
    client.post(
        reverse("diagnostics:respond_step", kwargs={"pk": response.pk, "step": 1}), {"q_ease": "2"}
    )
    review = client.get(reverse("diagnostics:respond_review", kwargs={"pk": response.pk}))
    assert "Un peu" in review.content.decode()
    assert Response.objects.get().answers.get().value == 2


def test_the_public_questionnaire_names_its_levels_instead_of_a_key_in_the_help() -> None:
    CommuneFactory()
    load_builtin_questionnaires()
    question = Question.objects.get(
        section__version__questionnaire__slug=PUBLIC_SLUG, code="level_information"
    )
    assert question.help_text == ""
    assert [c.label for c in question.choices.order_by("position")] == [
        "Je ne sais pas faire",
        "Je fais avec de l'aide",
        "Je fais seul les choses simples",
        "Je suis à l'aise",
    ]


def test_an_existing_public_questionnaire_gets_the_words_of_its_key() -> None:
    """Migration 0004 on a database loaded before: the key in the help becomes the words."""
    CommuneFactory()
    load_builtin_questionnaires()
    questions = Question.objects.filter(
        section__version__questionnaire__slug=PUBLIC_SLUG, kind=Question.Kind.SCALE
    )
    migration = importlib.import_module("lakou.diagnostics.migrations.0004_builtin_scale_words")
    Choice.objects.filter(question__in=questions).delete()
    questions.update(help_text=migration.OLD_HELP)
    Section.objects.filter(version__questionnaire__slug=PUBLIC_SLUG, position=1).update(
        description=migration.OLD_SECTION
    )

    migration.name_the_points(apps, None)

    assert not questions.exclude(help_text="").exists()
    assert Choice.objects.filter(question__in=questions).count() == 4 * questions.count()
    assert Section.objects.filter(description=migration.NEW_SECTION).exists()
    loaded = version_spec(questions.first().section.version)  # type: ignore[union-attr]
    assert loaded.sections[0].questions[0].choices[0].label == "Je ne sais pas faire"


def test_the_builder_takes_the_words_of_a_scale_and_refuses_a_point_outside_it(
    world: World,
) -> None:
    version = VersionFactory(is_published=False)
    section = Section.objects.create(version=version, title="Vous")
    url = reverse("diagnostics:question_create", kwargs={"pk": section.pk})
    form = {
        "code": "ease",
        "kind": "scale",
        "label": "À l'aise ?",
        "min_value": "1",
        "max_value": "4",
    }
    client = world.client("federation")

    refused = client.post(url, {**form, "choices": "1 | Pas du tout\n7 | Trop"})
    assert "Pour une échelle, écrivez un point par ligne" in html.unescape(refused.content.decode())
    assert not Question.objects.exists()

    client.post(url, {**form, "choices": "\n".join(f"{n} | {w}" for n, w in enumerate(WORDS, 1))})
    question = Question.objects.get()
    assert [c.label for c in question.choices.order_by("position")] == WORDS


# ---------------------------------------------------------------- dimension names


def test_the_thank_you_page_and_the_results_page_name_a_dimension_alike(world: World) -> None:
    company = world.organisations["company"]
    campaign = open_campaign(audience=Audience.COMPANIES)
    # A version written before the names were shared, with the DMA's translation.
    DimensionFactory(version=campaign.version, code="readiness", label="Préparation numérique")
    response = ResponseFactory(
        campaign=campaign,
        company=company,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now() - dt.timedelta(days=1),
        scores={"dimensions": {"readiness": 40}, "overall": 40, "band": "progressing"},
    )
    client = world.client("company")
    thanks = client.get(reverse("diagnostics:respond_thanks", kwargs={"pk": response.pk}))
    results = client.get(reverse("diagnostics:response_result", kwargs={"pk": response.pk}))

    name = str(MaturityDimension.READINESS.label)
    assert name == "Équipement et outils"
    assert f'<th scope="row">{name}</th>' in html.unescape(thanks.content.decode())
    assert f'<th scope="row">{name}</th>' in html.unescape(results.content.decode())
    assert "Préparation numérique" not in thanks.content.decode()


def test_the_audit_form_uses_the_same_names(world: World) -> None:
    company = RegistryCompanyFactory()
    page = world.client("auditor").get(reverse("diagnostics:audit_create", args=[company.pk]))
    text = html.unescape(page.content.decode())
    for label in ("Stratégie numérique", "Équipement et outils", "Personnes et compétences"):
        assert label in text


# ---------------------------------------------------------------- « de » before a name


def test_an_audit_of_a_company_whose_name_starts_with_a_vowel_reads_d_apostrophe(
    world: World,
) -> None:
    company = RegistryCompanyFactory(name="Électricité Piton")
    audit = AuditFactory(auditor=world.organisations["auditor"], company=company)
    page = world.client("auditor").get(reverse("diagnostics:audit_detail", args=[audit.pk]))
    text = html.unescape(page.content.decode())
    assert "<h1>Audit d'Électricité Piton</h1>" in text
    assert "<title>Audit d'Électricité Piton —" in text
    assert "Audit de Électricité" not in text


def test_recording_an_audit_says_d_apostrophe_and_de_as_french_does(world: World) -> None:
    client = world.client("auditor")
    for name, said in (
        ("Habitat Caraïbes", "Audit d'Habitat Caraïbes"),
        ("Piton", "Audit de Piton"),
    ):
        company = RegistryCompanyFactory(name=name)
        done = client.post(
            reverse("diagnostics:audit_create", args=[company.pk]),
            audit_post_data(audited_on="2026-04-02"),
            follow=True,
        )
        assert f"{said} enregistré." in html.unescape(done.content.decode())


def test_the_registry_import_offers_a_simulation_in_french_only(world: World) -> None:
    page = world.client("federation").get(reverse("diagnostics:registry_import"))
    text = page.content.decode()
    assert "Simulation : vérifier le fichier sans rien enregistrer" in text
    assert "dry run" not in text
