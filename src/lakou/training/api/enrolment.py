"""Enrolment API: a learner asks for a seat, the provider reads the roster and decides."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Field, Schema, Status
from ninja.errors import HttpError
from pydantic import AfterValidator, TypeAdapter

from lakou.api.auth import TokenAuth, request_actor
from lakou.api.body import body_schema, parse_body, validate_body
from lakou.api.errors import describe_pattern, errors
from lakou.api.pagination import Rows, paginated
from lakou.api.params import NOT_BLANK
from lakou.api.routers import Router
from lakou.core.validators import (
    PHONE_ERROR,
    PHONE_PATTERN,
    SHORT_TEXT_MAX_LENGTH,
    normalise_phone,
)
from lakou.training.errors import TrainingError
from lakou.training.models import Enrolment, Session
from lakou.training.services.enrolment import (
    enrolment_decide,
    enrolment_request,
    roster_rows,
)

router = Router(tags=["Formations"])


class EnrolmentIn(Schema):
    first_name: str = Field("", max_length=150, description="Prénom, s'il n'est pas connu")
    last_name: str = Field("", max_length=150, description="Nom, s'il n'est pas connu")
    message: str = Field("", max_length=SHORT_TEXT_MAX_LENGTH, description="Message à l'organisme")
    phone: Annotated[str, AfterValidator(normalise_phone)] = Field(
        "",
        max_length=30,
        pattern=describe_pattern(PHONE_PATTERN, PHONE_ERROR),
        description="Numéro français (0696 12 34 56), rendu en +596696123456",
    )


PROVIDERS = TokenAuth(
    allowed=lambda actor: actor.is_provider,
    refusal=gettext_lazy("Réservé aux organismes de formation."),
)

# The keys of `services.enrolment.ACTIONS` but refuse; a test checks that they agree.
OtherAction = Literal["accept", "waitlist", "attend", "complete", "drop", "cancel"]


class RefusalIn(Schema):
    action: Literal["refuse"]
    reason: str = Field(
        min_length=1,
        max_length=2000,
        pattern=NOT_BLANK,
        description="Motif, lu par la personne (obligatoire pour refuse)",
    )


class OtherDecisionIn(Schema):
    action: OtherAction
    reason: str = Field("", max_length=2000)


DECISION_IN: TypeAdapter[RefusalIn | OtherDecisionIn] = TypeAdapter(
    Annotated[RefusalIn | OtherDecisionIn, Field(discriminator="action")]
)


class EnrolmentOut(Schema):
    id: int
    session: int
    learner_email: str
    learner_name: str
    phone: str
    message: str
    status: str
    status_label: str
    refusal_reason: str
    requested_at: datetime
    decided_at: datetime | None
    completed_on: date | None


def _out(enrolment: Enrolment) -> EnrolmentOut:
    learner = enrolment.learner
    return EnrolmentOut(
        id=enrolment.pk,
        session=enrolment.session_id,
        learner_email=learner.email,
        learner_name=learner.get_full_name(),
        phone=enrolment.phone or learner.phone,
        message=enrolment.message,
        status=enrolment.status,
        status_label=enrolment.get_status_display(),
        refusal_reason=enrolment.refusal_reason,
        requested_at=enrolment.requested_at,
        decided_at=enrolment.decided_at,
        completed_on=enrolment.completed_on,
    )


@router.post(
    "/sessions/{pk}/inscriptions",
    response={201: EnrolmentOut, **errors(409)},
    auth=TokenAuth(),
    url_name="training_session_enrolments",
    summary="Demander une place dans une session (pour soi-même)",
)
def training_enrolment_request(request: HttpRequest, pk: int, payload: EnrolmentIn) -> Status:
    """La demande part chez l'organisme, qui l'accepte, la refuse ou la met en liste d'attente."""
    actor = request_actor(request)
    session = get_object_or_404(Session.objects.visible_to(actor), pk=pk)
    try:
        enrolment = enrolment_request(
            actor=actor,
            session=session,
            first_name=payload.first_name,
            last_name=payload.last_name,
            message=payload.message,
            phone=payload.phone,
        )
    except TrainingError as error:
        raise HttpError(409, error.message) from error
    enrolment = Enrolment.objects.select_related("learner").get(pk=enrolment.pk)
    return Status(201, _out(enrolment))


@router.get(
    "/sessions/{pk}/inscriptions",
    response={200: list[EnrolmentOut], **errors(403)},
    auth=PROVIDERS,
    url_name="training_session_enrolments",
    summary="Les inscriptions d'une session (organisme de la session)",
)
@paginated(page_size=50)
def training_session_roster(request: HttpRequest, pk: int) -> Rows:
    actor = request_actor(request)
    session = get_object_or_404(
        Session.objects.filter(programme__provider_id=actor.organisation_id), pk=pk
    )
    return Rows(roster_rows(session), convert=_out)


def _decision_input(request: HttpRequest) -> RefusalIn | OtherDecisionIn:
    """The body is read after the enrolment is found: someone else's enrolment is a 404 first.
    The roster table posts a form; other clients send JSON."""
    if request.content_type == "application/json":
        data = parse_body(request)
    else:
        data = request.POST.dict()
    return validate_body(DECISION_IN, data)


@router.post(
    "/inscriptions/{pk}/decision",
    response={200: EnrolmentOut, **errors(403, 409)},
    auth=TokenAuth(),
    url_name="training_enrolment_decision",
    summary="Décider d'une inscription (organisme) ou l'annuler (personne inscrite)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": body_schema(DECISION_IN)}},
        }
    },
)
def training_enrolment_decision(request: HttpRequest, pk: int) -> EnrolmentOut:
    """Une transition refusée (session complète, état incompatible) répond 409 avec le motif."""
    actor = request_actor(request)
    mine = Q(learner_id=actor.user.pk if actor.user else None)
    if actor.is_provider:
        mine |= Q(session__programme__provider_id=actor.organisation_id)
    enrolment = get_object_or_404(
        Enrolment.objects.filter(mine).select_related("session__programme", "learner"), pk=pk
    )
    payload = _decision_input(request)
    try:
        enrolment_decide(
            actor=actor, enrolment=enrolment, action=payload.action, reason=payload.reason
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except TrainingError as error:
        raise HttpError(409, error.message) from error
    return _out(enrolment)
