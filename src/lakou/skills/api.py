"""Public API of the reference data: skill frameworks and ROME digital occupations (no token)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema

from lakou.api.pagination import paginated
from lakou.api.routers import Router
from lakou.skills.models import Framework, Occupation

router = Router(tags=["Compétences"])

OCCUPATIONS_PER_PAGE = 25


class FrameworkSummaryOut(Schema):
    code: str = Field(description="Code du référentiel (digcomp, ecf…)")
    kind: str
    name: str
    short_name: str
    version: str
    description: str
    caveat: str = Field(description="Mise en garde à lire avant usage (version, libellés)")


class LevelOut(Schema):
    code: str
    rank: int
    name_fr: str
    name_fr_is_own_wording: bool
    name_en: str
    cognitive_domain_fr: str
    cognitive_domain_en: str
    autonomy_fr: str
    autonomy_en: str


class CompetenceOut(Schema):
    code: str
    name_fr: str
    name_fr_is_own_wording: bool = Field(
        description="Vrai quand le libellé français est rédigé par Lakou (pas de traduction "
        "officielle)"
    )
    name_en: str = Field(description="Titre officiel, en anglais")
    uri: str


class AreaOut(Schema):
    code: str
    name_fr: str
    name_fr_is_own_wording: bool
    name_fr_is_official: bool = Field(
        description="Faux pour un libellé de Lakou ou repris d'un site tiers non officiel"
    )
    name_fr_source: str = Field(description="Origine du libellé français s'il n'est pas officiel")
    name_en: str
    competences: list[CompetenceOut]


class FrameworkOut(FrameworkSummaryOut):
    official_title: str
    publisher: str
    reference: str
    url: str
    source_note: str
    licence_note: str
    areas: list[AreaOut]
    levels: list[LevelOut]


class OccupationSummaryOut(Schema):
    code_rome: str
    label: str
    domain_code: str
    domain_label: str
    title_count: int = Field(description="Nombre d'appellations du métier")


class OccupationTitleOut(Schema):
    code_ogr: str
    label_long: str
    label_short: str
    classification: str = Field(description="principal ou synonym")
    rarely_used: bool


class OccupationOut(Schema):
    code_rome: str
    label: str
    parent_code: str
    parent_label: str
    parent_label_v3: str
    domain_code: str
    domain_label: str
    major_domain_code: str
    major_domain_label: str
    is_parent_fiche: bool
    digital_transition: bool
    executive_job: bool | None
    regulated_job: bool | None
    titles: list[OccupationTitleOut]


@router.get(
    "/referentiels", response=list[FrameworkSummaryOut], summary="Référentiels de compétences"
)
def list_frameworks(request: HttpRequest) -> QuerySet[Framework]:
    return Framework.objects.all()


@router.get(
    "/referentiels/{code}",
    response=FrameworkOut,
    summary="Un référentiel : domaines, compétences et niveaux",
)
def get_framework(request: HttpRequest, code: str) -> Framework:
    return get_object_or_404(Framework.objects.with_contents(), code=code)


@router.get(
    "/metiers",
    response=list[OccupationSummaryOut],
    summary="Métiers du numérique (ROME 4.0), avec recherche et filtre par domaine",
)
@paginated(page_size=OCCUPATIONS_PER_PAGE)
def list_occupations(request: HttpRequest, q: str = "", domain: str = "") -> QuerySet[Occupation]:
    """`q` cherche dans les intitulés et les appellations, sans tenir compte des accents."""
    return Occupation.objects.search(q).in_domain(domain).with_title_count()


@router.get("/metiers/{code_rome}", response=OccupationOut, summary="Un métier et ses appellations")
def get_occupation(request: HttpRequest, code_rome: str) -> Occupation:
    return get_object_or_404(Occupation.objects.with_titles(), code_rome=code_rome)


ROUTES = [("/competences", router)]
