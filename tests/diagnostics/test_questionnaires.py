from __future__ import annotations

from decimal import Decimal

import pytest

from lakou.core.models import AuditEntry
from lakou.diagnostics.models import Audience, Question, QuestionnaireVersion
from lakou.diagnostics.services.questionnaires import (
    BuildError,
    ChoiceSpec,
    QuestionSpec,
    dimension_save,
    question_save,
    questionnaire_create,
    section_save,
    version_edit,
    version_publish,
    version_spec,
)
from tests.diagnostics.factories import (
    AnswerFactory,
    ChoiceFactory,
    QuestionFactory,
    VersionFactory,
)
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World.build()


def test_it_creates_a_questionnaire_with_an_empty_first_version(world: World) -> None:
    questionnaire = questionnaire_create(
        actor=world.actor("federation"), title="Usages du numérique", audience=Audience.PUBLIC
    )
    assert questionnaire.slug == "usages-du-numerique"
    assert questionnaire.owner == world.organisations["federation"]
    assert list(questionnaire.versions.values_list("number", "is_published")) == [(1, False)]
    again = questionnaire_create(
        actor=world.actor("federation"), title="Usages du numérique", audience=Audience.PUBLIC
    )
    assert again.slug == "usages-du-numerique-2"
    assert AuditEntry.objects.filter(action="questionnaire.create").count() == 2


def test_an_unanswered_version_is_edited_in_place(world: World) -> None:
    version = VersionFactory()
    section = section_save(actor=world.actor("federation"), version=version, title="Vous")
    question = question_save(
        actor=world.actor("federation"),
        section=section,
        spec=QuestionSpec(
            code="age_band",
            kind=Question.Kind.SINGLE_CHOICE,
            label="Quel âge avez-vous ?",
            choices=(ChoiceSpec("young", "Moins de 25 ans"), ChoiceSpec("old", "Plus de 25 ans")),
        ),
    )
    assert question.section.version == version
    assert list(question.choices.values_list("value", flat=True)) == ["young", "old"]
    assert version.questionnaire.versions.count() == 1


class TestFreezing:
    @pytest.fixture
    def answered(self) -> QuestionnaireVersion:
        question = QuestionFactory(code="equipment", single=True, section__title="Matériel")
        ChoiceFactory(question=question, value="yes", label="Oui")
        version = question.section.version
        AnswerFactory(question=question, response__campaign__version=version, value="yes")
        return version

    def test_an_answered_version_is_copied_as_the_next_number(
        self, world: World, answered: QuestionnaireVersion
    ) -> None:
        copy = version_edit(actor=world.actor("federation"), version=answered)
        assert copy != answered
        assert copy.number == answered.number + 1
        assert not copy.is_published
        assert version_spec(copy) == version_spec(answered)

    def test_editing_a_question_of_an_answered_version_changes_only_the_new_version(
        self, world: World, answered: QuestionnaireVersion
    ) -> None:
        question = Question.objects.get(section__version=answered)
        changed = question_save(
            actor=world.actor("federation"),
            section=question.section,
            question=question,
            spec=QuestionSpec(
                code="equipment",
                kind=Question.Kind.SINGLE_CHOICE,
                label="Avez-vous un ordinateur ?",
                choices=(ChoiceSpec("yes", "Oui", points=Decimal(2)), ChoiceSpec("no", "Non")),
            ),
        )
        assert changed.section.version.number == answered.number + 1
        question.refresh_from_db()
        assert question.label != "Avez-vous un ordinateur ?"
        assert list(question.choices.values_list("value", flat=True)) == ["yes"]
        assert list(changed.choices.values_list("value", "points")) == [
            ("yes", Decimal(2)),
            ("no", Decimal(0)),
        ]

    def test_a_frozen_version_without_answers_is_copied_too(self, world: World) -> None:
        version = VersionFactory(frozen=True)
        section = section_save(actor=world.actor("federation"), version=version, title="Nouvelle")
        assert section.version.number == version.number + 1
        assert not version.sections.exists()

    def test_renaming_a_section_of_an_answered_version_makes_a_new_version(
        self, world: World, answered: QuestionnaireVersion
    ) -> None:
        section = answered.sections.get()
        renamed = section_save(
            actor=world.actor("federation"), version=answered, section=section, title="Équipement"
        )
        assert renamed.version.number == answered.number + 1
        section.refresh_from_db()
        assert section.title == "Matériel"
        assert renamed.questions.get().code == "equipment"


def test_a_question_code_is_unique_in_a_version(world: World) -> None:
    question = QuestionFactory(code="age")
    with pytest.raises(BuildError, match="« age » est déjà utilisé"):
        question_save(
            actor=world.actor("federation"),
            section=question.section,
            spec=QuestionSpec(code="age", kind=Question.Kind.NUMBER, label="Âge ?"),
        )


def test_a_version_without_questions_cannot_be_published(world: World) -> None:
    version = VersionFactory(is_published=False)
    with pytest.raises(BuildError, match="sans question"):
        version_publish(actor=world.actor("federation"), version=version)
    QuestionFactory(section__version=version)
    version_publish(actor=world.actor("federation"), version=version)
    version.refresh_from_db()
    assert version.is_published


def test_a_dimension_is_added_with_its_label(world: World) -> None:
    version = VersionFactory()
    dimension = dimension_save(
        actor=world.actor("federation"), version=version, code="data", label="Données"
    )
    assert dimension.version == version
    renamed = dimension_save(
        actor=world.actor("federation"), version=version, code="data", label="Les données"
    )
    assert renamed.pk == dimension.pk
    assert renamed.label == "Les données"
