from __future__ import annotations

from typing import Any

import pytest

from lakou.diagnostics.models import Question
from lakou.diagnostics.services.answers import (
    AnswerError,
    clean_answer,
    condition_met,
    visible_questions,
)
from tests.diagnostics.factories import ChoiceFactory, QuestionFactory, SectionFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def _with_choices(kind: str, *values: str) -> Question:
    question = QuestionFactory(kind=kind)
    for value in values:
        ChoiceFactory(question=question, value=value)
    return question


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(["oui"], "oui"), ([" non "], "non"), ([], None), ([""], None)],
)
def test_single_choice_keeps_a_proposed_value(raw: list[str], expected: Any) -> None:
    question = _with_choices(Question.Kind.SINGLE_CHOICE, "oui", "non")
    assert clean_answer(question, raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [(["peut-etre"], "Choisissez une des réponses proposées."), (["oui", "non"], "Une seule")],
)
def test_single_choice_refuses_anything_else(raw: list[str], message: str) -> None:
    question = _with_choices(Question.Kind.SINGLE_CHOICE, "oui", "non")
    with pytest.raises(AnswerError, match=message):
        clean_answer(question, raw)


def test_multiple_choice_keeps_a_subset_in_the_choices_order() -> None:
    question = _with_choices(Question.Kind.MULTIPLE_CHOICE, "a", "b", "c")
    assert clean_answer(question, ["c", "a", "a"]) == ["a", "c"]


def test_multiple_choice_refuses_an_unknown_value() -> None:
    question = _with_choices(Question.Kind.MULTIPLE_CHOICE, "a", "b")
    with pytest.raises(AnswerError, match="Choisissez parmi les réponses proposées"):
        clean_answer(question, ["a", "z"])


@pytest.mark.parametrize(("raw", "expected"), [(["1"], 1), (["4"], 4), (["3"], 3)])
def test_scale_keeps_an_integer_within_bounds(raw: list[str], expected: int) -> None:
    assert clean_answer(QuestionFactory(scale=True), raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (["0"], "entre 1 et 4"),
        (["5"], "entre 1 et 4"),
        (["2,5"], "nombre entier"),
        (["x"], "entier"),
    ],
)
def test_scale_refuses_out_of_bounds_or_not_integer(raw: list[str], message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        clean_answer(QuestionFactory(scale=True), raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(["12"], 12), (["12,5"], 12.5), (["12.5"], 12.5), (["1 200"], 1200), (["3,0"], 3)],
)
def test_number_accepts_the_french_decimal_comma(raw: list[str], expected: float) -> None:
    question = QuestionFactory(number=True, min_value=0, max_value=5000)
    assert clean_answer(question, raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (["-1"], "entre 0 et 50"),
        (["51"], "entre 0 et 50"),
        (["douze"], "Indiquez un nombre"),
        (["nan"], "Indiquez un nombre"),
        (["1,2,3"], "Indiquez un nombre"),
    ],
)
def test_number_refuses_what_is_not_a_number_in_bounds(raw: list[str], message: str) -> None:
    question = QuestionFactory(number=True, min_value=0, max_value=50)
    with pytest.raises(AnswerError, match=message):
        clean_answer(question, raw)


def test_number_with_only_a_minimum_says_so() -> None:
    question = QuestionFactory(number=True, min_value=1)
    with pytest.raises(AnswerError, match="supérieur ou égal à 1"):
        clean_answer(question, ["0"])


def test_short_text_is_limited_to_200_characters() -> None:
    question = QuestionFactory(kind=Question.Kind.SHORT_TEXT)
    assert clean_answer(question, ["  Bonjour  "]) == "Bonjour"
    assert clean_answer(question, ["a" * 200]) == "a" * 200
    with pytest.raises(AnswerError, match="201 caractères pour 200 au plus"):
        clean_answer(question, ["a" * 201])


def test_long_text_is_limited_to_5000_characters() -> None:
    question = QuestionFactory(long_text=True)
    assert clean_answer(question, ["a" * 5000]) == "a" * 5000
    with pytest.raises(AnswerError, match="5000 au plus"):
        clean_answer(question, ["a" * 5001])


def test_commune_must_be_a_known_insee_code() -> None:
    CommuneFactory()
    question = QuestionFactory(commune=True)
    assert clean_answer(question, ["97209"]) == "97209"
    with pytest.raises(AnswerError, match="commune de Martinique"):
        clean_answer(question, ["75056"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(["yes"], True), (["oui"], True), (["no"], False), (["Non"], False)],
)
def test_yes_no_becomes_a_boolean(raw: list[str], expected: bool) -> None:
    assert clean_answer(QuestionFactory(yes_no=True), raw) is expected


def test_yes_no_refuses_anything_else() -> None:
    with pytest.raises(AnswerError, match="oui ou par non"):
        clean_answer(QuestionFactory(yes_no=True), ["peut-être"])


@pytest.mark.parametrize(("raw", "expected"), [(["0"], 0), (["1"], 1), (["8"], 8)])
def test_skill_level_is_a_digcomp_level_or_i_do_not_know(raw: list[str], expected: int) -> None:
    assert clean_answer(QuestionFactory(skill_level=True), raw) == expected


@pytest.mark.parametrize("raw", [["9"], ["-1"], ["expert"]])
def test_skill_level_refuses_other_levels(raw: list[str]) -> None:
    with pytest.raises(AnswerError, match="niveau de 1 à 8"):
        clean_answer(QuestionFactory(skill_level=True), raw)


@pytest.mark.parametrize(
    ("answer", "expected", "met"),
    [
        ("other", "other", True),
        ("cost", "other", False),
        (["cost", "other"], "other", True),
        (["cost"], "other", False),
        (True, "yes", True),
        (False, "yes", False),
        (False, "no", True),
        (3, "3", True),
        (None, "x", False),
    ],
)
def test_a_condition_matches_equal_or_contained_values(
    answer: Any, expected: str, met: bool
) -> None:
    assert condition_met(answer, expected) is met


class TestVisibleQuestions:
    @pytest.fixture
    def questions(self) -> dict[str, Question]:
        section = SectionFactory()
        obstacles = _with_choices(Question.Kind.MULTIPLE_CHOICE, "cost", "other")
        obstacles.section, obstacles.code, obstacles.position = section, "obstacles", 1
        obstacles.save()
        other = QuestionFactory(
            section=section,
            position=2,
            code="obstacle_other",
            shown_if_question=obstacles,
            shown_if_value="other",
        )
        detail = QuestionFactory(
            section=section,
            position=3,
            code="obstacle_detail",
            kind=Question.Kind.YES_NO,
            shown_if_question=other,
            shown_if_value="précis",
        )
        always = QuestionFactory(section=section, position=4, code="always")
        return {q.code: q for q in (obstacles, other, detail, always)}

    def _codes(self, questions: dict[str, Question], answers: dict[str, Any]) -> list[str]:
        version = questions["always"].section.version
        return [q.code for q in visible_questions(version, answers)]

    def test_a_conditional_question_is_hidden_until_its_value_is_chosen(
        self, questions: dict[str, Question]
    ) -> None:
        assert self._codes(questions, {}) == ["obstacles", "always"]
        assert self._codes(questions, {"obstacles": ["cost"]}) == ["obstacles", "always"]

    def test_it_is_shown_when_the_multiple_choice_contains_the_value(
        self, questions: dict[str, Question]
    ) -> None:
        assert self._codes(questions, {"obstacles": ["cost", "other"]}) == [
            "obstacles",
            "obstacle_other",
            "always",
        ]

    def test_hiding_a_question_hides_what_depends_on_it(
        self, questions: dict[str, Question]
    ) -> None:
        answers = {"obstacles": ["other"], "obstacle_other": "précis"}
        assert "obstacle_detail" in self._codes(questions, answers)
        answers["obstacles"] = ["cost"]
        assert self._codes(questions, answers) == ["obstacles", "always"]
