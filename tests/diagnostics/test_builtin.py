from __future__ import annotations

from collections import Counter

import pytest

from lakou.diagnostics.models import Question, Questionnaire, QuestionnaireVersion
from lakou.diagnostics.services.builtin import (
    MATURITY_SLUG,
    PUBLIC_SLUG,
    load_builtin_questionnaires,
)
from lakou.diagnostics.services.responses import _skill_target
from tests.diagnostics.factories import load_reference_data

pytestmark = pytest.mark.django_db


def _version(slug: str) -> QuestionnaireVersion:
    return QuestionnaireVersion.objects.get(questionnaire__slug=slug, number=1)


def test_it_creates_the_two_questionnaires_once() -> None:
    assert load_builtin_questionnaires() == {"questionnaires intégrés créés": 2}
    assert load_builtin_questionnaires() == {"questionnaires intégrés créés": 0}
    questionnaires = Questionnaire.objects.filter(is_builtin=True)
    assert sorted(questionnaires.values_list("title", flat=True)) == [
        "Maturité numérique de l'entreprise",
        "Vos besoins numériques",
    ]
    assert all(v.is_published for v in QuestionnaireVersion.objects.all())


def test_the_maturity_questionnaire_scores_the_six_dma_dimensions() -> None:
    load_builtin_questionnaires()
    version = _version(MATURITY_SLUG)
    assert list(version.dimensions.values_list("code", flat=True)) == [
        "strategy",
        "readiness",
        "human",
        "data",
        "automation",
        "green",
    ]
    scored = Counter(
        Question.objects.filter(section__version=version, choices__dimension__isnull=False)
        .distinct()
        .values_list("choices__dimension__code", flat=True)
    )
    per_dimension = Counter(
        code
        for code, _question in set(
            Question.objects.filter(
                section__version=version, choices__dimension__isnull=False
            ).values_list("choices__dimension__code", "pk")
        )
    )
    assert set(scored) == set(per_dimension)
    assert all(2 <= count <= 4 for count in per_dimension.values()), per_dimension


def test_the_skill_needs_choices_name_real_competences_and_occupations() -> None:
    load_reference_data()
    load_builtin_questionnaires()
    version = _version(MATURITY_SLUG)
    for code in ("train_skills", "recruit_skills"):
        question = Question.objects.get(section__version=version, code=code)
        for value in question.choices.values_list("value", flat=True):
            competence, occupation = _skill_target(value)
            assert competence is not None or occupation is not None, value


def test_every_condition_points_to_an_earlier_question() -> None:
    load_builtin_questionnaires()
    for slug in (MATURITY_SLUG, PUBLIC_SLUG):
        seen: set[str] = set()
        for question in Question.objects.filter(section__version=_version(slug)).order_by(
            "section__position", "position"
        ):
            if question.shown_if_question is not None:
                assert question.shown_if_question.code in seen
                assert (
                    question.shown_if_value
                    in question.shown_if_question.choices.values_list("value", flat=True)
                    or question.shown_if_question.kind == Question.Kind.YES_NO
                )
            seen.add(question.code)


def test_the_public_questionnaire_covers_the_brief() -> None:
    load_builtin_questionnaires()
    version = _version(PUBLIC_SLUG)
    assert version.dimensions.count() == 5
    questions = {q.code: q for q in Question.objects.filter(section__version=version)}
    assert sum(q.scale_dimension is not None for q in questions.values()) == 5
    assert set(questions["obstacles"].choices.values_list("value", flat=True)) >= {
        "equipment",
        "connection",
        "confidence",
        "cost",
        "time",
        "other",
    }
    assert questions["obstacle_other"].shown_if_question == questions["obstacles"]
    assert questions["commune"].kind == Question.Kind.COMMUNE
    assert set(questions["preferred_format"].choices.values_list("value", flat=True)) == {
        "in_person",
        "online",
        "hybrid",
    }
    assert {"age_band", "availability"} <= set(questions)
