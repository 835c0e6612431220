"""Enrolment API: a learner asks for a seat, the provider reads the roster and decides."""

from __future__ import annotations

import json
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from lakou.api.auth import TokenAuth, request_actor
from lakou.training.models import Enrolment, Session
from lakou.training.services import TrainingError
from lakou.training.services_enrolment import (
    ACTIONS,
    enrolment_decide,
    enrolment_request,
    roster_rows,
)

router = Router(tags=["Formations"])


class EnrolmentIn(Schema):
    first_name: str = Field("", max_length=150, description="Prénom, s'il n'est pas connu")
    last_name: str = Field("", max_length=150, description="Nom, s'il n'est pas connu")
    message: str = Field("", max_length=2000, description="Message à l'organisme")
    phone: str = Field("", max_length=30)


class DecisionIn(Schema):
    action: str = Field(description="accept, refuse, waitlist, attend, complete, drop ou cancel")
    reason: str = Field("", max_length=2000, description="Motif, obligatoire pour refuse")


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
    response={201: EnrolmentOut},
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
    response=list[EnrolmentOut],
    auth=TokenAuth(),
    url_name="training_session_enrolments",
    summary="Les inscriptions d'une session (organisme de la session)",
)
def training_session_roster(request: HttpRequest, pk: int) -> list[EnrolmentOut]:
    actor = request_actor(request)
    if not actor.is_provider:
        raise HttpError(403, _("Réservé aux organismes de formation."))
    session = get_object_or_404(
        Session.objects.filter(programme__provider_id=actor.organisation_id), pk=pk
    )
    return [_out(enrolment) for enrolment in roster_rows(session)]


def _decision_input(request: HttpRequest) -> DecisionIn:
    """The body is read after the enrolment is found: someone else's enrolment is a 404 first."""
    try:
        if request.content_type == "application/json":
            data = json.loads(request.body or b"{}")
        else:
            data = request.POST.dict()
        return DecisionIn.model_validate(data)
    except ValueError as error:  # JSON or pydantic validation error
        raise HttpError(400, _("Corps de requête invalide : %(e)s") % {"e": error}) from error


@router.post(
    "/inscriptions/{pk}/decision",
    response=EnrolmentOut,
    auth=TokenAuth(),
    url_name="training_enrolment_decision",
    summary="Décider d'une inscription (organisme) ou l'annuler (personne inscrite)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": DecisionIn.model_json_schema()}},
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
    if payload.action not in ACTIONS:
        raise HttpError(400, _("Action inconnue : « %(a)s ».") % {"a": payload.action})
    if payload.action == "refuse" and not payload.reason.strip():
        raise HttpError(400, _("Expliquez à la personne pourquoi sa demande n'est pas retenue."))
    try:
        enrolment_decide(
            actor=actor, enrolment=enrolment, action=payload.action, reason=payload.reason
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except TrainingError as error:
        raise HttpError(409, error.message) from error
    return _out(enrolment)
