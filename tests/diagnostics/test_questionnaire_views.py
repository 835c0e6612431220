from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook
from pytest_django import DjangoAssertNumQueries

from lakou.diagnostics.models import Question, Questionnaire, QuestionnaireVersion
from lakou.diagnostics.services.builtin import PUBLIC_SLUG, load_builtin_questionnaires
from lakou.diagnostics.services.xlsform import version_to_xlsform
from tests.diagnostics.factories import (
    AnswerFactory,
    ChoiceFactory,
    DimensionFactory,
    QuestionFactory,
    VersionFactory,
)
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World.build()


@pytest.fixture
def staff(world: World) -> Client:
    return world.client("federation")


def test_staff_create_a_questionnaire_and_land_on_its_first_version(staff: Client) -> None:
    response = staff.post(
        reverse("diagnostics:questionnaire_create"),
        {"title": "Usages du numérique", "audience": "public", "description": ""},
    )
    version = QuestionnaireVersion.objects.get(questionnaire__title="Usages du numérique")
    assert response.status_code == 302
    assert response["Location"] == reverse("diagnostics:version_detail", kwargs={"pk": version.pk})


def test_the_form_shows_errors_next_to_the_fields(staff: Client) -> None:
    response = staff.post(reverse("diagnostics:questionnaire_create"), {"title": ""})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_staff_add_a_section_then_a_scored_question(staff: Client) -> None:
    version = VersionFactory(is_published=False)
    DimensionFactory(version=version, code="data", label="Données")
    staff.post(
        reverse("diagnostics:section_create", kwargs={"pk": version.pk}),
        {"title": "Vos données", "description": ""},
    )
    section = version.sections.get()
    response = staff.post(
        reverse("diagnostics:question_create", kwargs={"pk": section.pk}),
        {
            "code": "backup",
            "kind": "single_choice",
            "label": "Faites-vous des sauvegardes ?",
            "required": "on",
            "choices": "never | Jamais | data | 0\nalways | Toujours | data | 2",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(code="backup")
    assert [
        (c.value, c.dimension.code if c.dimension else None, int(c.points))
        for c in question.choices.all()
    ] == [
        ("never", "data", 0),
        ("always", "data", 2),
    ]
    page = staff.get(reverse("diagnostics:version_detail", kwargs={"pk": version.pk}))
    assert "Faites-vous des sauvegardes ?" in page.content.decode()


def test_a_bad_choice_line_is_explained(staff: Client) -> None:
    question = QuestionFactory()
    response = staff.post(
        reverse("diagnostics:question_create", kwargs={"pk": question.section.pk}),
        {"code": "q", "kind": "single_choice", "label": "Q ?", "choices": "a | A | inconnue | 1"},
    )
    assert response.status_code == 200
    assert (
        "Ligne 1 : dimension « inconnue » inconnue dans cette version." in response.content.decode()
    )


def test_editing_an_answered_question_makes_a_new_version_and_says_so(staff: Client) -> None:
    question = QuestionFactory(code="equipment", single=True, label="Avez-vous du matériel ?")
    ChoiceFactory(question=question, value="yes", label="Oui")
    version = question.section.version
    AnswerFactory(question=question, response__campaign__version=version, value="yes")
    response = staff.post(
        reverse("diagnostics:question_edit", kwargs={"pk": question.pk}),
        {
            "code": "equipment",
            "kind": "single_choice",
            "label": "Avez-vous un ordinateur ?",
            "choices": "yes | Oui",
        },
        follow=True,
    )
    new = QuestionnaireVersion.objects.get(
        questionnaire=version.questionnaire, number=version.number + 1
    )
    assert response.redirect_chain[-1][0] == reverse(
        "diagnostics:version_detail", kwargs={"pk": new.pk}
    )
    page = response.content.decode()
    assert f"a créé la version {new.number}" in page
    question.refresh_from_db()
    assert question.label == "Avez-vous du matériel ?"


def test_the_list_page_runs_a_fixed_number_of_queries(
    staff: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    load_builtin_questionnaires()
    VersionFactory.create_batch(3)
    with django_assert_num_queries(6):
        response = staff.get(reverse("diagnostics:questionnaire_list"))
    assert "Vos besoins numériques" in response.content.decode()


def test_staff_download_and_reimport_a_questionnaire(staff: Client) -> None:
    load_builtin_questionnaires()
    version = QuestionnaireVersion.objects.get(questionnaire__slug=PUBLIC_SLUG)
    download = staff.get(reverse("diagnostics:version_xlsform", kwargs={"pk": version.pk}))
    assert download["Content-Disposition"] == f'attachment; filename="{PUBLIC_SLUG}-v1.xlsx"'
    upload = io.BytesIO(download.content)
    upload.name = "besoins.xlsx"
    response = staff.post(reverse("diagnostics:xlsform_upload"), {"file": upload})
    assert response.status_code == 302
    assert version.questionnaire.versions.count() == 2


def test_an_import_error_is_shown_with_its_row(staff: Client) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    sheet.append(["type", "name", "label"])
    sheet.append(["foo", "bar", "Bar"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "mauvais.xlsx"
    response = staff.post(reverse("diagnostics:xlsform_upload"), {"file": buffer})
    assert response.status_code == 400
    assert (
        "Feuille « survey », ligne 2, colonne « type » : type inconnu « foo »"
        in response.content.decode()
    )
    assert not Questionnaire.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("questionnaire.txt", b"type;name;label\n", "Envoyez un fichier .xlsx."),
        (
            "rapport.xlsx",
            b"%PDF-1.7\n%\xe2\xe3\n",
            "Ce fichier n'est pas un classeur Excel (.xlsx).",
        ),
        ("vide.xlsx", b"", "Le fichier soumis est vide."),
    ],
    ids=["text", "pdf-renamed-xlsx", "empty"],
)
def test_a_file_that_is_not_a_workbook_answers_400_with_the_error_at_the_field(
    staff: Client, name: str, content: bytes, message: str
) -> None:
    upload = io.BytesIO(content)
    upload.name = name
    response = staff.post(reverse("diagnostics:xlsform_upload"), {"file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [message]
    assert escape(message) in response.content.decode()
    assert not Questionnaire.objects.exists()


@pytest.mark.parametrize("actor", ["company", "epci"])
def test_other_organisations_do_not_see_the_builder(world: World, actor: str) -> None:
    version = VersionFactory()
    response = world.client(actor).get(
        reverse("diagnostics:version_detail", kwargs={"pk": version.pk})
    )
    assert response.status_code == 404


class TestApi:
    def test_it_lists_questionnaires_with_a_published_version(self) -> None:
        load_builtin_questionnaires()
        VersionFactory(is_published=False, questionnaire__title="Brouillon")
        data = Client().get("/api/v1/diagnostic/questionnaires").json()["results"]
        assert [q["title"] for q in data] == [
            "Maturité numérique de l'entreprise",
            "Vos besoins numériques",
        ]

    def test_it_reads_a_published_version_with_its_questions(self) -> None:
        load_builtin_questionnaires()
        version = QuestionnaireVersion.objects.get(questionnaire__slug=PUBLIC_SLUG)
        data = Client().get(f"/api/v1/diagnostic/questionnaires/versions/{version.pk}").json()
        assert data["questionnaire"] == PUBLIC_SLUG
        questions = {q["code"]: q for s in data["sections"] for q in s["questions"]}
        assert questions["obstacle_other"]["shown_if_question"] == "obstacles"
        assert questions["level_security"]["scale_dimension"] == "digcomp-4"
        assert len(data["dimensions"]) == 5

    def test_an_unpublished_version_is_not_found(self) -> None:
        version = VersionFactory(is_published=False)
        response = Client().get(f"/api/v1/diagnostic/questionnaires/versions/{version.pk}")
        assert response.status_code == 404


def test_export_is_a_real_workbook() -> None:
    load_builtin_questionnaires()
    version = QuestionnaireVersion.objects.get(questionnaire__slug=PUBLIC_SLUG)
    assert version_to_xlsform(version)[:2] == b"PK"
