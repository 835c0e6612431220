"""Offers API: the public search and offer, the company's offers, drafts and status changes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Schema, Status
from ninja.errors import HttpError

from lakou.accounts.models import Organisation
from lakou.api.auth import TokenAuth, request_actor
from lakou.api.errors import errors
from lakou.api.pagination import Rows, paginated
from lakou.api.params import COMMUNE_PATTERN, NOT_BLANK, DecimalNumber, IsoDate
from lakou.api.routers import Router
from lakou.core.validators import LONG_TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from lakou.partnerships.models import Offer
from lakou.partnerships.services.offers import (
    MAX_DURATION_WEEKS,
    SEARCH_MAX_LENGTH,
    OfferData,
    OfferError,
    OfferQuery,
    company_offers,
    offer_create,
    offer_decide,
    offers_search,
)
from lakou.skills.models import Occupation
from lakou.territory.models import Commune

router = Router(tags=["Partenariats"])

PAGE_SIZE = 50

COMPANIES = TokenAuth(
    allowed=lambda actor: actor.is_company,
    refusal=gettext_lazy("Réservé aux entreprises."),
)

Kind = Literal[
    "internship",
    "apprenticeship",
    "professionalisation",
    "job_permanent",
    "job_fixed_term",
    "freelance",
]
KindGroup = Literal["internships", "work_study", "jobs"]


class OfferFilters(Schema):
    q: str = Field("", max_length=SEARCH_MAX_LENGTH, description="Mots recherchés")
    kind: Kind | KindGroup | Literal[""] = Field(
        "",
        description="Un type (internship, apprenticeship, professionalisation, job_permanent "
        "(CDI), job_fixed_term (CDD), freelance) ou un groupe : internships (stages), "
        "work_study (alternance), jobs (emplois)",
    )
    territory: str = Field(
        "",
        pattern=r"^([0-9]{9}|972(0[1-9]|[12][0-9]|3[0-4]))?$",
        description="SIREN d'un EPCI ou code INSEE d'une commune",
    )
    occupation: str = Field("", pattern=r"^([A-N][0-9]{4})?$", description="Code ROME")
    starts_from: IsoDate | None = Field(None, description="Début ce jour ou après")


class OfferOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    description: str
    company: str
    company_id: int
    commune: str = Field(description="Code INSEE")
    commune_name: str
    occupation: str | None = Field(description="Code ROME")
    starts_on: date
    duration_weeks: int | None = Field(description="Vide pour un CDI")
    weekly_hours: Decimal
    monthly_pay: Decimal | None
    pay_notes: str
    school: str | None
    valid_through: date | None
    status: str
    published_at: datetime | None
    url: str


class OfferIn(Schema):
    kind: Kind
    title: str = Field(min_length=1, max_length=TITLE_MAX_LENGTH, pattern=NOT_BLANK)
    description: str = Field(min_length=1, max_length=LONG_TEXT_MAX_LENGTH, pattern=NOT_BLANK)
    commune: str = Field(pattern=COMMUNE_PATTERN, description="Code INSEE de la commune")
    starts_on: IsoDate
    duration_weeks: int | None = Field(
        None, ge=1, le=MAX_DURATION_WEEKS, description="Obligatoire, sauf pour un CDI"
    )
    weekly_hours: Annotated[Decimal, DecimalNumber(1, ge=Decimal("0.1"), le=48)]
    occupation: str = Field("", pattern=r"^([A-N][0-9]{4})?$", description="Code ROME")
    monthly_pay: Annotated[Decimal, DecimalNumber(2, ge=0, le=Decimal("999999.99"))] | None = None
    pay_notes: str = Field("", max_length=200)
    school_id: int | None = Field(None, ge=1, le=2**53, description="Organisme partenaire")
    valid_through: IsoDate | None = None


class OfferStatusIn(Schema):
    action: Literal["publish", "close"]


def offer_out(request: HttpRequest, offer: Offer) -> OfferOut:
    return OfferOut(
        id=offer.pk,
        kind=offer.kind,
        kind_label=offer.get_kind_display(),
        title=offer.title,
        description=offer.description,
        company=offer.company.name,
        company_id=offer.company_id,
        commune=offer.commune.insee_code,
        commune_name=offer.commune.name,
        occupation=offer.occupation.code_rome if offer.occupation else None,
        starts_on=offer.starts_on,
        duration_weeks=offer.duration_weeks,
        weekly_hours=offer.weekly_hours,
        monthly_pay=offer.monthly_pay,
        pay_notes=offer.pay_notes,
        school=offer.school.name if offer.school else None,
        valid_through=offer.valid_through,
        status=offer.status,
        published_at=offer.published_at,
        url=request.build_absolute_uri(offer.get_absolute_url()),
    )


@router.get(
    "/offres",
    response=list[OfferOut],
    url_name="partnerships_offers",
    summary="Offres de stage, d'alternance et d'emploi publiées, avec recherche et filtres",
)
@paginated(page_size=PAGE_SIZE)
def partnerships_offers(request: HttpRequest, filters: Query[OfferFilters]) -> Rows:
    query = OfferQuery(
        text=filters.q,
        kind=filters.kind,
        territory=filters.territory,
        occupation=filters.occupation,
        starts_from=filters.starts_from,
    )
    return Rows(offers_search(query), convert=lambda offer: offer_out(request, offer))


@router.get(
    "/offres/{pk}",
    response=OfferOut,
    url_name="partnerships_offer",
    summary="Une offre publiée",
)
def partnerships_offer(request: HttpRequest, pk: int) -> OfferOut:
    offer = get_object_or_404(Offer.objects.published().with_place(), pk=pk)
    return offer_out(request, offer)


@router.get(
    "/mes-offres",
    response={200: list[OfferOut], **errors(403)},
    auth=COMPANIES,
    url_name="partnerships_my_offers",
    summary="Les offres de l'entreprise du jeton, brouillons et offres closes comprises",
)
@paginated(page_size=PAGE_SIZE)
def partnerships_my_offers(request: HttpRequest) -> Rows:
    actor = request_actor(request)
    return Rows(
        company_offers(actor.organisation_id), convert=lambda offer: offer_out(request, offer)
    )


@router.post(
    "/mes-offres",
    response={201: OfferOut, **errors(403, 409)},
    auth=COMPANIES,
    url_name="partnerships_my_offers",
    summary="Écrire une offre (enregistrée en brouillon)",
)
def partnerships_offer_create(request: HttpRequest, payload: OfferIn) -> Status:
    """Un code de commune, un code ROME ou un organisme inconnus répondent 409 avec le motif."""
    actor = request_actor(request)
    commune = Commune.objects.defer("boundary").filter(insee_code=payload.commune).first()
    if commune is None:
        raise HttpError(409, _("Commune inconnue : %(code)s.") % {"code": payload.commune})
    occupation = None
    if payload.occupation:
        occupation = Occupation.objects.filter(code_rome=payload.occupation).first()
        if occupation is None:
            raise HttpError(409, _("Code ROME inconnu : %(code)s.") % {"code": payload.occupation})
    school = None
    if payload.school_id is not None:
        school = Organisation.objects.filter(
            pk=payload.school_id, kind=Organisation.Kind.PROVIDER
        ).first()
        if school is None:
            raise HttpError(409, _("Cet organisme de formation n'existe pas."))
    data = OfferData(
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        commune=commune,
        starts_on=payload.starts_on,
        duration_weeks=payload.duration_weeks,
        weekly_hours=payload.weekly_hours,
        occupation=occupation,
        monthly_pay=payload.monthly_pay,
        pay_notes=payload.pay_notes,
        school=school,
        valid_through=payload.valid_through,
    )
    try:
        offer = offer_create(actor=actor, data=data)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except OfferError as error:
        raise HttpError(409, error.message) from error
    offer = Offer.objects.with_place().get(pk=offer.pk)
    return Status(201, offer_out(request, offer))


@router.post(
    "/mes-offres/{pk}/statut",
    response={200: OfferOut, **errors(403, 409)},
    auth=COMPANIES,
    url_name="partnerships_offer_status",
    summary="Publier (publish) ou clore (close) une offre de l'entreprise",
)
def partnerships_offer_status(request: HttpRequest, pk: int, payload: OfferStatusIn) -> OfferOut:
    """Une transition refusée (offre déjà close, brouillon à clore) répond 409 avec le motif."""
    actor = request_actor(request)
    offer = get_object_or_404(Offer.objects.of_company(actor.organisation_id), pk=pk)
    try:
        offer_decide(actor=actor, offer=offer, action=payload.action)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except OfferError as error:
        raise HttpError(409, error.message) from error
    return offer_out(request, Offer.objects.with_place().get(pk=offer.pk))
