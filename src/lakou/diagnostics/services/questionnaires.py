"""Building questionnaires: create, edit (a new version once answered), publish.

A version's content can be read into a plain `QuestionnaireSpec` and written back from one;
the built-in questionnaires, the XLSForm import and the copy made when an answered version is
edited all go through the same two functions, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.diagnostics.models import (
    Answer,
    Choice,
    Dimension,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Section,
)
from lakou.diagnostics.services.answers import version_questions
from lakou.skills.models import Competence

CHOICE_KINDS = (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE)
# Kinds whose choices are kept: the answers proposed, or the words of a scale's points
# (`1 | Pas du tout`), which the answering page shows instead of bare numbers.
LABELLED_KINDS = (*CHOICE_KINDS, Question.Kind.SCALE)


@dataclass(frozen=True)
class ChoiceSpec:
    value: str
    label: str
    dimension: str = ""
    points: Decimal = Decimal(0)


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    kind: str
    label: str
    help_text: str = ""
    required: bool = True
    choices: tuple[ChoiceSpec, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    scale_dimension: str = ""
    competence: str = ""  # "digcomp:2.3"
    shown_if_question: str = ""
    shown_if_value: str = ""


@dataclass(frozen=True)
class SectionSpec:
    title: str
    description: str = ""
    questions: tuple[QuestionSpec, ...] = ()


@dataclass(frozen=True)
class QuestionnaireSpec:
    slug: str
    title: str
    audience: str
    description: str = ""
    dimensions: tuple[tuple[str, str], ...] = ()
    sections: tuple[SectionSpec, ...] = field(default=())


class BuildError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def competence_key(competence: Competence | None) -> str:
    return f"{competence.framework.code}:{competence.code}" if competence else ""


def find_competence(key: str) -> Competence | None:
    framework, _, code = key.partition(":")
    if not code:
        return None
    return Competence.objects.filter(framework__code=framework, code=code).first()


def version_spec(version: QuestionnaireVersion) -> QuestionnaireSpec:
    """The content of a version as plain data."""
    questionnaire = version.questionnaire
    questions_by_section: dict[int, list[QuestionSpec]] = {}
    for question in version_questions(version).select_related("competence__framework"):
        questions_by_section.setdefault(question.section_id, []).append(
            QuestionSpec(
                code=question.code,
                kind=question.kind,
                label=question.label,
                help_text=question.help_text,
                required=question.required,
                choices=tuple(
                    ChoiceSpec(
                        value=choice.value,
                        label=choice.label,
                        dimension=choice.dimension.code if choice.dimension else "",
                        points=choice.points,
                    )
                    for choice in question.choices.all()
                ),
                min_value=question.min_value,
                max_value=question.max_value,
                scale_dimension=question.scale_dimension.code if question.scale_dimension else "",
                competence=competence_key(question.competence),
                shown_if_question=question.shown_if_question.code
                if question.shown_if_question
                else "",
                shown_if_value=question.shown_if_value,
            )
        )
    sections = tuple(
        SectionSpec(
            title=section.title,
            description=section.description,
            questions=tuple(questions_by_section.get(section.pk, [])),
        )
        for section in version.sections.order_by("position", "pk")
    )
    return QuestionnaireSpec(
        slug=questionnaire.slug,
        title=questionnaire.title,
        audience=questionnaire.audience,
        description=questionnaire.description,
        dimensions=tuple(
            version.dimensions.order_by("position", "pk").values_list("code", "label")
        ),
        sections=sections,
    )


def version_fill(version: QuestionnaireVersion, spec: QuestionnaireSpec) -> None:
    """Write the dimensions, sections, questions and choices of `spec` into an empty version."""
    dimensions = {
        code: Dimension.objects.create(version=version, code=code, label=label, position=position)
        for position, (code, label) in enumerate(spec.dimensions, start=1)
    }
    questions: dict[str, Question] = {}
    for section_position, section_spec in enumerate(spec.sections, start=1):
        section = Section.objects.create(
            version=version,
            position=section_position,
            title=section_spec.title,
            description=section_spec.description,
        )
        for position, q in enumerate(section_spec.questions, start=1):
            question = Question.objects.create(
                section=section,
                position=position,
                code=q.code,
                kind=q.kind,
                label=q.label,
                help_text=q.help_text,
                required=q.required,
                min_value=q.min_value,
                max_value=q.max_value,
                competence=find_competence(q.competence),
                scale_dimension=dimensions.get(q.scale_dimension),
                shown_if_question=questions.get(q.shown_if_question),
                shown_if_value=q.shown_if_value if q.shown_if_question else "",
            )
            questions[q.code] = question
            Choice.objects.bulk_create(
                Choice(
                    question=question,
                    position=choice_position,
                    value=c.value,
                    label=c.label,
                    dimension=dimensions.get(c.dimension),
                    points=c.points,
                )
                for choice_position, c in enumerate(q.choices, start=1)
            )


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "questionnaire"
    slug, n = base, 1
    while Questionnaire.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def questionnaire_create(
    *,
    actor: Actor,
    title: str,
    audience: str,
    description: str = "",
    owner: Organisation | None = None,
) -> Questionnaire:
    """A new questionnaire with an empty version 1 to build."""
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(
            slug=_unique_slug(title),
            title=title,
            audience=audience,
            description=description,
            owner=owner if owner is not None else actor.organisation,
        )
        QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
        audit_record(actor=actor, action="questionnaire.create", obj=questionnaire)
    return questionnaire


def questionnaire_create_from_spec(
    *,
    actor: Actor | None,
    spec: QuestionnaireSpec,
    owner: Organisation | None = None,
    is_builtin: bool = False,
) -> QuestionnaireVersion:
    """A questionnaire from plain data; a new version of it when its slug already exists."""
    with transaction.atomic():
        questionnaire, created = Questionnaire.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "title": spec.title,
                "audience": spec.audience,
                "description": spec.description,
                "is_builtin": is_builtin,
                "owner": owner,
            },
        )
        version = QuestionnaireVersion.objects.create(
            questionnaire=questionnaire, number=_next_number(questionnaire)
        )
        version_fill(version, spec)
        audit_record(
            actor=actor,
            action="questionnaire.create" if created else "version.create",
            obj=version,
        )
    return version


def _next_number(questionnaire: Questionnaire) -> int:
    top = questionnaire.versions.aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def version_has_answers(version: QuestionnaireVersion) -> bool:
    return version.is_frozen or Answer.objects.filter(question__section__version=version).exists()


def version_edit(*, actor: Actor, version: QuestionnaireVersion) -> QuestionnaireVersion:
    """The version to write into: itself while it has no answer, else a copy numbered +1."""
    if not version_has_answers(version):
        return version
    with transaction.atomic():
        spec = version_spec(version)
        copy = QuestionnaireVersion.objects.create(
            questionnaire=version.questionnaire, number=_next_number(version.questionnaire)
        )
        version_fill(copy, spec)
        audit_record(actor=actor, action="version.copy", obj=copy, changes={"from": version.number})
    return copy


def _section_in(version: QuestionnaireVersion, section: Section) -> Section:
    """The same section (by rank) in `version`, which may be a copy of the section's version."""
    if section.version_id == version.pk:
        return section
    rank = list(
        section.version.sections.order_by("position", "pk").values_list("pk", flat=True)
    ).index(section.pk)
    return list(version.sections.order_by("position", "pk"))[rank]


def section_save(
    *,
    actor: Actor,
    version: QuestionnaireVersion,
    title: str,
    description: str = "",
    section: Section | None = None,
) -> Section:
    """Add a section, or change one; on an answered version this happens in a new version."""
    with transaction.atomic():
        target = version_edit(actor=actor, version=version)
        if section is None:
            top = target.sections.aggregate(top=Max("position"))["top"] or 0
            section = Section.objects.create(
                version=target, position=top + 1, title=title, description=description
            )
            action = "section.create"
        else:
            section = _section_in(target, section)
            section.title, section.description = title, description
            section.save(update_fields=["title", "description"])
            action = "section.update"
        audit_record(actor=actor, action=action, obj=section)
    return section


def question_save(
    *,
    actor: Actor,
    section: Section,
    spec: QuestionSpec,
    question: Question | None = None,
) -> Question:
    """Add a question to a section or change one, choices included (replaced as a whole).

    On an answered version the change is made in a new version; the returned question
    belongs to it.
    """
    with transaction.atomic():
        target = version_edit(actor=actor, version=section.version)
        section = _section_in(target, section)
        others = Question.objects.filter(section__version=target).exclude(
            code=question.code if question else None
        )
        if others.filter(code=spec.code).exists():
            raise BuildError(f"Le nom de variable « {spec.code} » est déjà utilisé.")
        dimensions = {d.code: d for d in target.dimensions.all()}
        condition = (
            others.filter(code=spec.shown_if_question).first() if spec.shown_if_question else None
        )
        if question is None:
            top = section.questions.aggregate(top=Max("position"))["top"] or 0
            question = Question(section=section, position=top + 1)
            action = "question.create"
        else:
            question = Question.objects.get(section__version=target, code=question.code)
            action = "question.update"
        question.code = spec.code
        question.kind = spec.kind
        question.label = spec.label
        question.help_text = spec.help_text
        question.required = spec.required
        question.min_value = spec.min_value
        question.max_value = spec.max_value
        question.competence = find_competence(spec.competence)
        question.scale_dimension = dimensions.get(spec.scale_dimension)
        question.shown_if_question = condition
        question.shown_if_value = spec.shown_if_value if condition else ""
        question.save()
        question.choices.all().delete()
        if spec.kind in LABELLED_KINDS:
            Choice.objects.bulk_create(
                Choice(
                    question=question,
                    position=position,
                    value=c.value,
                    label=c.label,
                    dimension=dimensions.get(c.dimension),
                    points=c.points,
                )
                for position, c in enumerate(spec.choices, start=1)
            )
        audit_record(actor=actor, action=action, obj=question)
    return question


def dimension_save(
    *, actor: Actor, version: QuestionnaireVersion, code: str, label: str
) -> Dimension:
    """Add a dimension, or rename the one with this code; in a new version once answered."""
    with transaction.atomic():
        target = version_edit(actor=actor, version=version)
        top = target.dimensions.aggregate(top=Max("position"))["top"] or 0
        dimension, _created = Dimension.objects.update_or_create(
            version=target,
            code=code,
            defaults={"label": label},
            create_defaults={"label": label, "position": top + 1},
        )
        audit_record(actor=actor, action="dimension.save", obj=dimension)
    return dimension


def version_publish(*, actor: Actor, version: QuestionnaireVersion) -> QuestionnaireVersion:
    """Make a version available to campaigns; a version with no question cannot be published."""
    if not Question.objects.filter(section__version=version).exists():
        raise BuildError("Une version sans question ne peut pas être publiée.")
    with transaction.atomic():
        version.is_published = True
        version.save(update_fields=["is_published"])
        audit_record(actor=actor, action="version.publish", obj=version)
    return version
