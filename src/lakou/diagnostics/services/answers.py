"""Server-side validation of one answer per question kind, and which questions are shown.

`clean_answer` turns what a form posted (always a list of strings) into the JSON value stored
in `Answer.value`:

    single_choice → "value"          multiple_choice → ["value", …] (in the choices' order)
    scale, skill_level → int         number → int, or float when it has decimals
    short_text, long_text → str      commune → INSEE code "97209"        yes_no → bool

An empty answer cleans to None (the service then deletes the stored answer); whether a question
must be answered is checked at submission, not here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet

from lakou.diagnostics.models import Choice, Question, QuestionnaireVersion
from lakou.territory.models import Commune

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
SKILL_LEVEL_MAX = 8
SKILL_LEVEL_UNKNOWN = 0  # "je ne sais pas"
YES_VALUES = {"yes", "oui", "true", "1"}
NO_VALUES = {"no", "non", "false", "0"}
INTEGER_RE = re.compile(r"^[+-]?\d+$")
NUMBER_RE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")

Kind = Question.Kind


class AnswerError(ValueError):
    """An answer that cannot be kept; the message is shown next to the question."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def version_questions(version: QuestionnaireVersion) -> QuerySet[Question]:
    """Every question of a version in reading order, with choices and conditions loaded."""
    return (
        Question.objects.filter(section__version=version)
        .select_related("section", "shown_if_question", "competence", "scale_dimension")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=Choice.objects.select_related("dimension").order_by("position", "pk"),
            )
        )
        .order_by("section__position", "section__pk", "position", "pk")
    )


def _choice_values(question: Question) -> list[str]:
    return [choice.value for choice in question.choices.all()]


def _words(raw: list[str]) -> list[str]:
    return [item.strip() for item in raw if item is not None and item.strip()]


def _single(raw: list[str]) -> str:
    if len(raw) > 1:
        raise AnswerError("Une seule réponse est attendue.")
    return raw[0]


def _integer(text: str, low: int | None, high: int | None) -> int:
    if not INTEGER_RE.match(text):
        raise AnswerError("Indiquez un nombre entier.")
    value = int(text)
    _check_bounds(value, low, high)
    return value


def _check_bounds(value: float, low: int | None, high: int | None) -> None:
    if low is not None and high is not None and not low <= value <= high:
        raise AnswerError(f"Indiquez un nombre entre {low} et {high}.")
    if low is not None and value < low:
        raise AnswerError(f"Indiquez un nombre supérieur ou égal à {low}.")
    if high is not None and value > high:
        raise AnswerError(f"Indiquez un nombre inférieur ou égal à {high}.")


def _number(text: str, low: int | None, high: int | None) -> int | float:
    compact = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not NUMBER_RE.match(compact):
        raise AnswerError("Indiquez un nombre, par exemple 12 ou 12,5.")
    value = float(compact.replace(",", "."))
    if not math.isfinite(value):
        raise AnswerError("Indiquez un nombre, par exemple 12 ou 12,5.")
    _check_bounds(value, low, high)
    return int(value) if value.is_integer() else value


def _text(raw: list[str], limit: int) -> str:
    text = "\n".join(raw).strip()
    if len(text) > limit:
        raise AnswerError(
            f"Votre réponse est trop longue : {len(text)} caractères pour {limit} au plus."
        )
    return text


def clean_answer(question: Question, raw: list[str]) -> Any:
    """The JSON value to store for `raw`, None when empty; raises AnswerError in French."""
    kind = question.kind
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        limit = SHORT_TEXT_MAX if kind == Kind.SHORT_TEXT else LONG_TEXT_MAX
        return _text([item for item in raw if item is not None], limit) or None
    words = _words(raw)
    if not words:
        return None
    if kind == Kind.MULTIPLE_CHOICE:
        allowed = _choice_values(question)
        unknown = [word for word in words if word not in allowed]
        if unknown:
            raise AnswerError("Choisissez parmi les réponses proposées.")
        return [value for value in allowed if value in words]
    text = _single(words)
    if kind == Kind.SINGLE_CHOICE:
        if text not in _choice_values(question):
            raise AnswerError("Choisissez une des réponses proposées.")
        return text
    if kind == Kind.SCALE:
        return _integer(text, question.min_value, question.max_value)
    if kind == Kind.NUMBER:
        return _number(text, question.min_value, question.max_value)
    if kind == Kind.SKILL_LEVEL:
        if not INTEGER_RE.match(text) or not 0 <= int(text) <= SKILL_LEVEL_MAX:
            raise AnswerError("Choisissez un niveau de 1 à 8, ou « je ne sais pas ».")
        return int(text)
    if kind == Kind.YES_NO:
        if text.lower() in YES_VALUES:
            return True
        if text.lower() in NO_VALUES:
            return False
        raise AnswerError("Répondez par oui ou par non.")
    if kind == Kind.COMMUNE:
        if not Commune.objects.filter(insee_code=text).exists():
            raise AnswerError("Choisissez une commune de Martinique dans la liste.")
        return text
    raise AnswerError("Type de question inconnu.")


def condition_met(answer: Any, expected: str) -> bool:
    """Does an answer equal (or, for a list, contain) the expected value of a condition?"""
    if answer is None:
        return False
    if isinstance(answer, list):
        return expected in answer
    if isinstance(answer, bool):
        return expected.lower() in (YES_VALUES if answer else NO_VALUES)
    if isinstance(answer, float) and answer.is_integer():
        answer = int(answer)
    return str(answer) == expected


def visible_questions(
    version: QuestionnaireVersion, answers_by_code: Mapping[str, Any]
) -> list[Question]:
    """The questions shown for these answers, in reading order.

    A conditional question is shown only when its condition question is itself shown and
    answered with the expected value, so hiding a question hides what depends on it.
    """
    shown: list[Question] = []
    shown_pks: set[int] = set()
    for question in version_questions(version):
        condition = question.shown_if_question
        if condition is not None and (
            condition.pk not in shown_pks
            or not condition_met(answers_by_code.get(condition.code), question.shown_if_value)
        ):
            continue
        shown.append(question)
        shown_pks.add(question.pk)
    return shown
