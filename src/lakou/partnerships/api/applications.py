"""Applications API: the learner applies (message and PDF CV, a multipart form), follows and
withdraws; the company reads an offer's pipeline and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Schema, Status, UploadedFile
from ninja.errors import HttpError
from pydantic import TypeAdapter

from lakou.api.auth import TokenAuth, request_actor
from lakou.api.body import body_schema, parse_body, validate_body
from lakou.api.errors import errors
from lakou.api.pagination import Rows, paginated
from lakou.api.params import NOT_BLANK
from lakou.api.routers import Router
from lakou.core.throttle import client_address, throttle_hit
from lakou.core.validators import SHORT_TEXT_MAX_LENGTH
from lakou.partnerships.models import Application, Offer
from lakou.partnerships.perms import applications as perms
from lakou.partnerships.services.applications import (
    APPLY_THROTTLE_SCOPE,
    application_decide,
    application_submit,
    apply_limits,
    learner_applications,
    offer_pipeline,
)
from lakou.partnerships.services.offers import OfferError

router = Router(tags=["Partenariats"])

COMPANIES = TokenAuth(
    allowed=lambda actor: actor.is_company,
    refusal=gettext_lazy("Réservé aux entreprises."),
)
PERSONS = TokenAuth(
    allowed=lambda actor: actor.is_person,
    refusal=gettext_lazy("Réservé aux personnes qui candidatent en leur nom."),
)


class ApplicationOut(Schema):
    id: int
    offer: int
    offer_title: str
    company: str
    learner_name: str
    learner_email: str
    message: str
    has_cv: bool
    status: str
    status_label: str
    refusal_reason: str
    created_at: datetime
    decided_at: datetime | None
    hire_confirmed_at: datetime | None = Field(description="Emploi : embauche confirmée le")
    flagged_at: datetime | None


class RefusalIn(Schema):
    action: Literal["refuse"]
    reason: Application.RefusalReason = Field(description="filled, profile, dates, level, other")


class OtherDecisionIn(Schema):
    action: Literal["examine", "accept", "withdraw", "confirm_hire"]


DECISION_IN: TypeAdapter[RefusalIn | OtherDecisionIn] = TypeAdapter(
    Annotated[RefusalIn | OtherDecisionIn, Field(discriminator="action")]
)


def application_out(application: Application) -> ApplicationOut:
    return ApplicationOut(
        id=application.pk,
        offer=application.offer_id,
        offer_title=application.offer.title,
        company=application.offer.company.name,
        learner_name=application.learner.display_name,
        learner_email=application.learner.email,
        message=application.message,
        has_cv=bool(application.cv),
        status=application.status,
        status_label=application.get_status_display(),
        refusal_reason=application.refusal_reason,
        created_at=application.created_at,
        decided_at=application.decided_at,
        hire_confirmed_at=application.hire_confirmed_at,
        flagged_at=application.flagged_at,
    )


@router.get(
    "/mes-offres/{pk}/candidatures",
    response={200: list[ApplicationOut], **errors(403)},
    auth=COMPANIES,
    url_name="partnerships_offer_applications",
    summary="Les candidatures à une offre de l'entreprise du jeton",
)
@paginated(page_size=50)
def partnerships_offer_applications(request: HttpRequest, pk: int) -> Rows:
    actor = request_actor(request)
    offer = get_object_or_404(Offer.objects.of_company(actor.organisation_id), pk=pk)
    return Rows(offer_pipeline(offer).select_related("offer__company"), convert=application_out)


@router.get(
    "/mes-candidatures",
    response={200: list[ApplicationOut], **errors(403)},
    auth=PERSONS,
    url_name="partnerships_my_applications",
    summary="Les candidatures de la personne du jeton",
)
@paginated(page_size=50)
def partnerships_my_applications(request: HttpRequest) -> Rows:
    actor = request_actor(request)
    assert actor.user is not None
    return Rows(
        learner_applications(actor.user.pk).select_related("learner"), convert=application_out
    )


Message = Annotated[
    str,
    Form(
        min_length=1,
        max_length=SHORT_TEXT_MAX_LENGTH,
        pattern=NOT_BLANK,
        description="Le message à l'entreprise : pourquoi cette offre, votre formation",
    ),
]
CvFile = Annotated[UploadedFile, File(description="Le CV, un fichier PDF de 5 Mo au plus")]


@router.post(
    "/offres/{pk}/candidatures",
    response={201: ApplicationOut, **errors(400, 403, 409, 429)},
    auth=PERSONS,
    url_name="partnerships_offer_apply",
    summary="Candidater à une offre publiée : un message et le CV en PDF (multipart/form-data)",
)
def partnerships_offer_apply(
    request: HttpRequest,
    pk: int,
    message: Message,
    cv: CvFile,
) -> Status:
    """Comme le formulaire de la page de l'offre : un CV qui n'est pas un PDF (ou vide, ou trop
    lourd) et un message vide répondent 400 avec le motif ; une offre close ou une candidature
    déjà en cours, 409 ; plus de 10 candidatures par heure, 429. L'entreprise est prévenue par
    e-mail."""
    actor = request_actor(request)
    offer = get_object_or_404(
        Offer.objects.visible_to(actor).select_related("company"),
        pk=pk,
        status__in=[Offer.Status.PUBLISHED, Offer.Status.CLOSED],
    )
    if not perms.can_apply(actor):
        raise HttpError(403, str(PERSONS.refusal))
    if throttle_hit(APPLY_THROTTLE_SCOPE, apply_limits(actor, client_address(request))):
        raise HttpError(429, _("Trop de candidatures envoyées ; réessayez dans une heure."))
    try:
        application = application_submit(actor=actor, offer=offer, message=message, cv=cv)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except OfferError as error:
        raise HttpError(400 if error.field else 409, error.message) from error
    return Status(201, application_out(application))


def _decision_input(request: HttpRequest) -> RefusalIn | OtherDecisionIn:
    """Read after the application is found: someone else's application is a 404 first. A form
    body is read too (the access table's client posts one); other clients send JSON."""
    if request.content_type == "application/json":
        data = parse_body(request)
    else:
        data = request.POST.dict()
    return validate_body(DECISION_IN, data)


@router.post(
    "/candidatures/{pk}/decision",
    response={200: ApplicationOut, **errors(403, 409)},
    auth=TokenAuth(),
    url_name="partnerships_application_decision",
    summary="Examiner, accepter, refuser, confirmer l'embauche (entreprise, emploi) ou retirer "
    "(candidat) une candidature",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": body_schema(DECISION_IN)}},
        }
    },
)
def partnerships_application_decision(request: HttpRequest, pk: int) -> ApplicationOut:
    """Une transition refusée (candidature déjà acceptée, refusée ou retirée ; embauche d'une
    candidature non acceptée ou d'un stage) répond 409."""
    actor = request_actor(request)
    mine = Q(learner_id=actor.user.pk if actor.user else None)
    if actor.is_company:
        mine |= Q(offer__company_id=actor.organisation_id)
    application = get_object_or_404(
        Application.objects.filter(mine).select_related("offer__company", "learner"), pk=pk
    )
    payload = _decision_input(request)
    reason = payload.reason if isinstance(payload, RefusalIn) else ""
    try:
        application_decide(
            actor=actor, application=application, action=payload.action, reason=reason
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except OfferError as error:
        raise HttpError(409, error.message) from error
    return application_out(application)
