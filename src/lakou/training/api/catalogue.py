"""Catalogue API: public read of the published programmes and their sessions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema

from lakou.api.pagination import RememberedRows, Rows, paginated
from lakou.api.params import IsoDate
from lakou.api.routers import Router
from lakou.training.models import Programme, Session
from lakou.training.services.catalogue import (
    CATALOGUE,
    CATALOGUE_SEARCH_MAX_LENGTH,
    CatalogueQuery,
    catalogue_programmes,
)

router = Router(tags=["Formations"])

PAGE_SIZE = 50


class CatalogueFilters(Schema):
    q: str = Field(
        "",
        max_length=CATALOGUE_SEARCH_MAX_LENGTH,
        description="Mots recherchés (accents et casse ignorés), 200 caractères au plus",
    )
    domain: str = Field(
        "", max_length=20, description="data, cloud, cybersecurity, web, digital_basics…"
    )
    audience: str = Field(
        "", max_length=20, description="everyone, seniors, career_changers, job_seekers…"
    )
    format: str = Field("", max_length=12, description="in_person, e_learning ou hybrid")
    territory: str = Field(
        "", max_length=9, description="SIREN d'un EPCI ou code INSEE d'une commune"
    )
    starts_after: IsoDate | None = Field(None, description="Une session commence ce jour ou après")
    starts_before: IsoDate | None = Field(None, description="Une session commence ce jour ou avant")
    funding: str = Field(
        "", max_length=20, description="cpf, employer, france_travail, region ou free"
    )
    certifying: bool = False
    labelled: bool = Field(False, description="Seulement les formations au label valide")


class SessionOut(Schema):
    id: int
    starts_on: date
    ends_on: date
    schedule: str
    is_remote: bool
    commune: str | None = Field(description="Code INSEE")
    venue: str
    seats: int
    enrolment_deadline: date | None
    status: str
    url: str


class ProgrammeOut(Schema):
    id: int
    title: str
    provider: str
    provider_id: int
    objective: str
    domain: str
    format: str
    audiences: list[str]
    duration_hours: int
    entry_level: str
    certification_kind: str
    certification_code: str
    certifier: str
    price: Decimal
    fundings: list[str]
    labelled: bool
    label_expires_at: date | None
    url: str


class ProgrammeDetailOut(ProgrammeOut):
    content: str
    expected_results: str
    prerequisites: str
    accessibility: str
    competences: list[dict[str, str | None]]
    occupations: list[str] = Field(description="Codes ROME")
    sessions: list[SessionOut]


def _programme(request: HttpRequest, programme: Programme) -> dict[str, Any]:
    labelled = programme.is_labelled
    return {
        "id": programme.pk,
        "title": programme.title,
        "provider": programme.provider.name,
        "provider_id": programme.provider_id,
        "objective": programme.objective,
        "domain": programme.domain,
        "format": programme.format,
        "audiences": programme.audience_codes(),
        "duration_hours": programme.duration_hours,
        "entry_level": programme.entry_level,
        "certification_kind": programme.certification_kind,
        "certification_code": programme.certification_code,
        "certifier": programme.certifier,
        "price": programme.price,
        "fundings": programme.funding_codes(),
        "labelled": labelled,
        "label_expires_at": programme.label_expires_at if labelled else None,
        "url": request.build_absolute_uri(programme.get_absolute_url()),
    }


def _session(request: HttpRequest, session: Session) -> SessionOut:
    return SessionOut(
        id=session.pk,
        starts_on=session.starts_on,
        ends_on=session.ends_on,
        schedule=session.schedule,
        is_remote=session.is_remote,
        commune=session.commune.insee_code if session.commune else None,
        venue=session.venue,
        seats=session.seats,
        enrolment_deadline=session.enrolment_deadline,
        status=session.status,
        url=request.build_absolute_uri(session.get_absolute_url()),
    )


@router.get(
    "/catalogue",
    response=list[ProgrammeOut],
    url_name="training_catalogue",
    # The operation ids this router had as training/api.py (ninja derives them from the module):
    # kept, so that the OpenAPI document and the clients generated from it do not change.
    operation_id="lakou_training_api_catalogue",
    summary="Catalogue public des formations, avec recherche et filtres",
)
@paginated(page_size=PAGE_SIZE)
def catalogue(request: HttpRequest, filters: Query[CatalogueFilters]) -> Rows:
    query = CatalogueQuery(text=filters.q, **filters.dict(exclude={"q"}))
    programmes = catalogue_programmes(query)
    # The same for everybody, but its links carry the address asked and the next sessions the day.
    key = f"{request.build_absolute_uri('/')}:{timezone.localdate()}:{query}"
    return RememberedRows(
        programmes.for_catalogue(),
        convert=lambda programme: ProgrammeOut(**_programme(request, programme)),
        counted=programmes,
        family=CATALOGUE,
        key=key,
    )


@router.get(
    "/catalogue/{pk}",
    response=ProgrammeDetailOut,
    url_name="training_programme",
    operation_id="lakou_training_api_programme",
    summary="Une formation publiée, avec ses compétences, ses métiers et ses sessions",
)
def programme(request: HttpRequest, pk: int) -> ProgrammeDetailOut:
    found = get_object_or_404(
        Programme.objects.published()
        .select_related("provider")
        .prefetch_related(
            "audience_rows",
            "funding_rows",
            "occupations",
            "competence_rows__competence__framework",
            "competence_rows__level",
        ),
        pk=pk,
    )
    sessions = found.sessions.not_cancelled().with_place()
    return ProgrammeDetailOut(
        **_programme(request, found),
        content=found.content,
        expected_results=found.expected_results,
        prerequisites=found.prerequisites,
        accessibility=found.accessibility,
        competences=[
            {
                "framework": row.competence.framework.code,
                "code": row.competence.code,
                "name": row.competence.name_fr,
                "level": row.level.code if row.level else None,
            }
            for row in found.competence_rows.all()
        ],
        occupations=[occupation.code_rome for occupation in found.occupations.all()],
        sessions=[_session(request, session) for session in sessions],
    )
