from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from lakou.diagnostics.models import Question, Questionnaire, QuestionnaireVersion
from lakou.diagnostics.services.builtin import (
    MATURITY_SLUG,
    PUBLIC_SLUG,
    load_builtin_questionnaires,
)
from lakou.diagnostics.services.questionnaires import version_spec
from lakou.diagnostics.services.xlsform import (
    XlsFormError,
    parse_xlsform,
    version_to_xlsform,
    xlsform_import,
)
from tests.diagnostics.factories import (
    ChoiceFactory,
    QuestionFactory,
    SectionFactory,
    VersionFactory,
    load_reference_data,
)

pytestmark = pytest.mark.django_db

SURVEY = ["type", "name", "label", "hint", "required", "relevant"]


def workbook(
    survey: list[list[Any]],
    choices: list[list[Any]] | None = None,
    settings: list[Any] | None = None,
    survey_header: list[str] = SURVEY,
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    sheet.append(survey_header)
    for row in survey:
        sheet.append(row)
    choice_sheet = book.create_sheet("choices")
    choice_sheet.append(["list_name", "name", "label", "dimension", "points"])
    for row in choices or []:
        choice_sheet.append(row)
    settings_sheet = book.create_sheet("settings")
    settings_sheet.append(["form_title", "form_id", "version"])
    settings_sheet.append(settings or ["Sondage", "sondage", "1"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def errors_of(data: bytes) -> list[str]:
    with pytest.raises(XlsFormError) as caught:
        parse_xlsform(data)
    return caught.value.errors


@pytest.mark.parametrize("slug", [MATURITY_SLUG, PUBLIC_SLUG])
def test_the_builtin_questionnaires_survive_a_round_trip(slug: str) -> None:
    load_reference_data()
    load_builtin_questionnaires()
    original = QuestionnaireVersion.objects.get(questionnaire__slug=slug, number=1)
    data = version_to_xlsform(original)
    imported = xlsform_import(actor=_script_actor(), data=data)
    assert imported.questionnaire == original.questionnaire
    assert imported.number == 2
    assert version_spec(imported) == version_spec(original)


def _script_actor() -> Any:
    """An import run by a script, with no signed-in user."""
    from lakou.core.actor import Actor

    return Actor(user=None)


def test_the_export_writes_the_three_xlsform_sheets() -> None:
    load_reference_data()
    load_builtin_questionnaires()
    version = QuestionnaireVersion.objects.get(questionnaire__slug=PUBLIC_SLUG)
    book = load_workbook(io.BytesIO(version_to_xlsform(version)))
    assert {"survey", "choices", "settings"} <= set(book.sheetnames)
    survey = [row for row in book["survey"].iter_rows(values_only=True)]
    by_name = {row[1]: row for row in survey[1:]}
    assert by_name["level_information"][0] == "range"
    assert by_name["commune"][0] == "select_one communes"
    assert by_name["obstacle_other"][5] == "selected(${obstacles}, 'other')"
    communes = [row for row in book["choices"].iter_rows(values_only=True) if row[0] == "communes"]
    assert len(communes) == 34
    settings = list(book["settings"].iter_rows(values_only=True))
    assert settings[1][:3] == ("Vos besoins numériques", PUBLIC_SLUG, "1")


def test_it_imports_a_kobo_style_form() -> None:
    data = workbook(
        [
            ["start", "start", "", "", "", ""],
            ["begin_group", "g1", "Vous", "Quelques questions", "", ""],
            ["select_one oui_non", "ordi", "Avez-vous un ordinateur ?", "", "yes", ""],
            ["text", "pourquoi", "Pourquoi ?", "", "no", "${ordi} = 'non'"],
            ["select_one yes_no", "tablette", "Une tablette ?", "", "TRUE()", ""],
            ["integer", "age", "Votre âge", "", "yes", ""],
            ["end_group", "g1", "", "", "", ""],
        ],
        choices=[
            ["oui_non", "oui", "Oui", "equipement", 2],
            ["oui_non", "non", "Non", "equipement", 0],
            ["yes_no", "yes", "Oui", None, None],
            ["yes_no", "no", "Non", None, None],
        ],
    )
    spec = parse_xlsform(data)
    assert spec.slug == "sondage"
    assert spec.dimensions == (("equipement", "equipement"),)
    [section] = spec.sections
    assert section.title == "Vous"
    kinds = {q.code: q.kind for q in section.questions}
    assert kinds == {
        "ordi": Question.Kind.SINGLE_CHOICE,
        "pourquoi": Question.Kind.SHORT_TEXT,
        "tablette": Question.Kind.YES_NO,
        "age": Question.Kind.NUMBER,
    }
    why = section.questions[1]
    assert (why.shown_if_question, why.shown_if_value, why.required) == ("ordi", "non", False)


def test_an_unknown_type_names_the_sheet_row_and_column() -> None:
    data = workbook(
        [["text", f"q{n}", f"Question {n}", "", "", ""] for n in range(10)]
        + [["foo", "bar", "Bar", "", "", ""]]
    )
    assert errors_of(data) == [
        "Feuille « survey », ligne 12, colonne « type » : type inconnu « foo »"
    ]


def test_a_bad_file_imports_nothing() -> None:
    data = workbook(
        [["text", "q1", "Question 1", "", "", ""], ["text", "q1", "Encore", "", "", ""]],
        choices=[["liste", "pas une valeur", "Libellé", None, "beaucoup"]],
    )
    assert errors_of(data) == [
        "Feuille « choices », ligne 2, colonne « name » : valeur « pas une valeur » invalide : "
        "lettres, chiffres, - et _ seulement.",
    ]
    with pytest.raises(XlsFormError):
        xlsform_import(actor=_script_actor(), data=data)
    assert not Questionnaire.objects.exists()


def test_survey_errors_are_all_reported() -> None:
    data = workbook(
        [
            ["select_one absente", "q1", "Question 1", "", "", ""],
            ["text", "q1", "Question 1 bis", "", "", ""],
            ["text", "q3", "", "", "peut-être", "${q9} = 'x'"],
            ["date", "q4", "Quand ?", "", "", ""],
            ["text", "q5", "Question 5", "", "", "${q1} != 'x'"],
        ],
        choices=[["liste", "a", "A", None, "beaucoup"]],
    )
    assert errors_of(data) == [
        "Feuille « choices », ligne 2, colonne « points » : « beaucoup » n'est pas un nombre.",
    ]
    data = workbook(
        [
            ["select_one absente", "q1", "Question 1", "", "", ""],
            ["text", "q2", "Question 2", "", "", ""],
            ["text", "q2", "Question 2 bis", "", "", ""],
            ["text", "q3", "", "", "peut-être", "${q9} = 'x'"],
            ["date", "q4", "Quand ?", "", "", ""],
            ["text", "q5", "Question 5", "", "", "${q2} != 'x'"],
        ],
    )
    assert errors_of(data) == [
        "Feuille « survey », ligne 2, colonne « type » : liste « absente » absente de la feuille "
        "« choices ».",
        "Feuille « survey », ligne 4, colonne « name » : nom de variable « q2 » en double.",
        "Feuille « survey », ligne 5, colonne « label » : libellé manquant.",
        "Feuille « survey », ligne 5, colonne « required » : « peut-être » : oui ou non attendu.",
        "Feuille « survey », ligne 5, colonne « relevant » : la condition porte sur « q9 », qui "
        "n'est pas une question placée avant.",
        "Feuille « survey », ligne 6, colonne « type » : type « date » non pris en charge par Lakou.",
        "Feuille « survey », ligne 7, colonne « relevant » : condition « ${q2} != 'x' » non "
        "reconnue : écrivez ${question} = 'valeur' ou selected(${question}, 'valeur').",
    ]


def test_a_missing_column_or_sheet_is_named() -> None:
    data = workbook([["text", "Nom"]], survey_header=["type", "label"])
    assert errors_of(data) == ["Feuille « survey », colonne « name » : colonne manquante."]
    assert errors_of(b"pas un classeur") == [
        "Le fichier n'est pas un classeur Excel (.xlsx) lisible."
    ]


def test_an_unclosed_group_is_refused() -> None:
    data = workbook([["begin_group", "g", "Groupe", "", "", ""], ["text", "a", "A", "", "", ""]])
    assert errors_of(data) == [
        "Feuille « survey », colonne « type » : un « begin_group » n'est jamais fermé par "
        "« end_group »."
    ]


def test_hostile_labels_are_exported_as_text_and_import_back_unchanged() -> None:
    version = VersionFactory(
        questionnaire__slug="hostile", questionnaire__title='=HYPERLINK("http://evil","x")'
    )
    section = SectionFactory(version=version, title="@SUM(A1)")
    question = QuestionFactory(
        section=section, single=True, code="q", label="=cmd|' /C calc'!A0", help_text="-5 %"
    )
    ChoiceFactory(question=question, value="moins", label="-2+3")
    ChoiceFactory(question=question, value="plus", label="+1+1")
    ChoiceFactory(question=question, value="1", label="Marie-Anne")
    data = version_to_xlsform(version)
    book = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells}
    assert {"'=cmd|' /C calc'!A0", "'-5 %", "'@SUM(A1)", "'-2+3", "'+1+1", "Marie-Anne"} <= texts
    imported = xlsform_import(actor=_script_actor(), data=data)
    assert imported.questionnaire == version.questionnaire
    assert version_spec(imported) == version_spec(version)
