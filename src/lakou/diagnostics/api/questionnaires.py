"""Read-only API of the published questionnaires (public, like the answering pages)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema

from lakou.api.pagination import Rows, paginated
from lakou.api.routers import Router
from lakou.diagnostics.models import Questionnaire, QuestionnaireVersion
from lakou.diagnostics.services.answers import version_questions
from lakou.diagnostics.services.questionnaires import competence_key

router = Router(tags=["Diagnostic"])


class VersionSummaryOut(Schema):
    id: int
    number: int
    frozen: bool = Field(description="Vrai quand la version a des réponses et ne change plus")


class QuestionnaireOut(Schema):
    slug: str
    title: str
    audience: str = Field(description="companies (entreprises) ou public (grand public)")
    description: str
    is_builtin: bool
    versions: list[VersionSummaryOut] = Field(
        description="Versions publiées, la plus récente d'abord"
    )


class DimensionOut(Schema):
    code: str
    label: str


class ChoiceOut(Schema):
    value: str
    label: str
    dimension: str | None = Field(description="Code de la dimension qui reçoit les points")
    points: Decimal


class QuestionOut(Schema):
    code: str
    kind: str
    label: str
    help_text: str
    required: bool
    min_value: int | None
    max_value: int | None
    competence: str | None = Field(description="référentiel:code, par exemple digcomp:2.3")
    scale_dimension: str | None
    shown_if_question: str | None = Field(description="Affichée seulement si cette question…")
    shown_if_value: str = Field(
        description="…a cette valeur (ou la contient, pour un choix multiple)"
    )
    choices: list[ChoiceOut]


class SectionOut(Schema):
    title: str
    description: str
    questions: list[QuestionOut]


class VersionOut(Schema):
    id: int
    number: int
    questionnaire: str = Field(description="Identifiant (slug) du questionnaire")
    title: str
    audience: str
    frozen: bool
    dimensions: list[DimensionOut]
    sections: list[SectionOut]


def _published() -> QuerySet[QuestionnaireVersion]:
    return QuestionnaireVersion.objects.filter(is_published=True)


def _questionnaire_out(q: Questionnaire) -> QuestionnaireOut:
    return QuestionnaireOut(
        slug=q.slug,
        title=q.title,
        audience=q.audience,
        description=q.description,
        is_builtin=q.is_builtin,
        versions=[
            VersionSummaryOut(id=v.pk, number=v.number, frozen=v.is_frozen)
            for v in q.versions.all()
        ],
    )


@router.get("/questionnaires", response=list[QuestionnaireOut], auth=None)
@paginated(page_size=25)
def list_questionnaires(request: HttpRequest) -> Rows:
    """Les questionnaires qui ont au moins une version publiée."""
    questionnaires = (
        Questionnaire.objects.filter(versions__is_published=True)
        .distinct()
        .prefetch_related(Prefetch("versions", queryset=_published().order_by("-number")))
        .order_by("title", "pk")
    )
    return Rows(questionnaires, convert=_questionnaire_out)


@router.get("/questionnaires/versions/{version_id}", response=VersionOut, auth=None)
def get_questionnaire_version(request: HttpRequest, version_id: int) -> VersionOut:
    """Une version publiée : ses dimensions, ses sections, ses questions et leurs réponses."""
    version = get_object_or_404(_published().select_related("questionnaire"), pk=version_id)
    questions = list(version_questions(version).select_related("competence__framework"))
    sections = []
    for section in version.sections.order_by("position", "pk"):
        sections.append(
            SectionOut(
                title=section.title,
                description=section.description,
                questions=[
                    QuestionOut(
                        code=q.code,
                        kind=q.kind,
                        label=q.label,
                        help_text=q.help_text,
                        required=q.required,
                        min_value=q.min_value,
                        max_value=q.max_value,
                        competence=competence_key(q.competence) or None,
                        scale_dimension=q.scale_dimension.code if q.scale_dimension else None,
                        shown_if_question=q.shown_if_question.code if q.shown_if_question else None,
                        shown_if_value=q.shown_if_value,
                        choices=[
                            ChoiceOut(
                                value=c.value,
                                label=c.label,
                                dimension=c.dimension.code if c.dimension else None,
                                points=c.points,
                            )
                            for c in q.choices.all()
                        ],
                    )
                    for q in questions
                    if q.section_id == section.pk
                ],
            )
        )
    return VersionOut(
        id=version.pk,
        number=version.number,
        questionnaire=version.questionnaire.slug,
        title=version.questionnaire.title,
        audience=version.questionnaire.audience,
        frozen=version.is_frozen,
        dimensions=[
            DimensionOut(code=d.code, label=d.label)
            for d in version.dimensions.order_by("position")
        ],
        sections=sections,
    )
