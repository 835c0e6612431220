"""Certificates API: public status of a certificate; issuing and revoking for the provider."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.errors import HttpError
from pydantic import TypeAdapter

from lakou.api.auth import TokenAuth, request_actor
from lakou.api.body import read_body
from lakou.api.errors import errors
from lakou.api.params import NOT_BLANK, IsoDate
from lakou.api.routers import Router
from lakou.core.actor import Actor
from lakou.training.errors import TrainingError
from lakou.training.models import Certificate, Enrolment
from lakou.training.perms import certificates as perms_certificates
from lakou.training.services.certificates import (
    INVALID,
    certificate_issue,
    certificate_revoke,
    certificate_url,
    certificate_verify,
)
from lakou.training.services.keys import organisation_issuer

router = Router(tags=["Formations"])


class IssuerOut(Schema):
    id: str = Field(description="Adresse du profil Open Badges de l'organisme (JSON)")
    name: str


class CertificateStatusOut(Schema):
    uid: UUID
    state: str = Field(description="valid, revoked, expired ou invalid (signature fausse)")
    reason: str = Field(description="Pourquoi la signature est refusée (état invalid)")
    issuer: IssuerOut
    learner_name: str
    achievement: str
    issued_on: date
    valid_until: date | None
    revoked_at: datetime | None
    revocation_reason: str
    verification_url: str


class IssueIn(Schema):
    valid_until: IsoDate | None = Field(
        None, description="Fin de validité ; vide : sans expiration"
    )


class RevokeIn(Schema):
    reason: str = Field(
        min_length=1,
        max_length=2000,
        pattern=NOT_BLANK,
        description="Motif, lu par la personne certifiée",
    )


ISSUE_IN = TypeAdapter(IssueIn)
REVOKE_IN = TypeAdapter(RevokeIn)


def _status(certificate: Certificate) -> CertificateStatusOut:
    verification = certificate_verify(certificate)
    issuer = organisation_issuer(certificate.provider)
    return CertificateStatusOut(
        uid=certificate.uid,
        state=verification.state,
        reason=verification.reason,
        issuer=IssuerOut(id=issuer.id, name=issuer.name),
        learner_name=certificate.learner_name,
        achievement=certificate.achievement,
        issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        revoked_at=certificate.revoked_at,
        revocation_reason=certificate.revocation_reason,
        verification_url=certificate_url(certificate),
    )


@router.get(
    "/certificats/{uid}",
    response=CertificateStatusOut,
    url_name="training_certificate_status",
    summary="État public d'un certificat : signature vérifiée, révocation, expiration",
)
def certificate_status(request: HttpRequest, uid: UUID) -> CertificateStatusOut:
    certificate = get_object_or_404(Certificate.objects.select_related("provider"), uid=uid)
    status = _status(certificate)
    if status.state == INVALID:
        # What the columns say is not backed by a valid signature: do not repeat it.
        status.learner_name = status.achievement = ""
    return status


def _enrolment_for_provider(actor: Actor, pk: int) -> Enrolment:
    """An enrolment in the actor's provider's sessions; any other answers the same 404 as a
    missing id (same message)."""
    enrolments = (
        Enrolment.objects.of_provider(actor.organisation_id)
        if actor.is_provider
        else Enrolment.objects.none()
    )
    enrolment = (
        enrolments.select_related("learner", "session__programme__provider").filter(pk=pk).first()
    )
    if enrolment is None:
        raise HttpError(404, _("Inscription introuvable."))
    return enrolment


@router.post(
    "/inscriptions/{enrolment_id}/certificat",
    response={201: CertificateStatusOut, **errors(409)},
    auth=TokenAuth(),
    url_name="training_certificate_issue",
    summary="Délivrer le certificat d'une inscription terminée (organisme de formation)",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": IssueIn.model_json_schema()}},
        }
    },
)
def issue(request: HttpRequest, enrolment_id: int) -> Status[CertificateStatusOut]:
    actor = request_actor(request)
    enrolment = _enrolment_for_provider(actor, enrolment_id)
    body = read_body(request, ISSUE_IN)
    try:
        certificate = certificate_issue(
            actor=actor, enrolment=enrolment, valid_until=body.valid_until
        )
    except TrainingError as error:
        raise HttpError(409, error.message) from error
    except PermissionDenied as error:
        raise HttpError(404, _("Inscription introuvable.")) from error
    return Status(201, _status(certificate))


@router.post(
    "/certificats/{uid}/revocation",
    response={200: CertificateStatusOut, **errors(409)},
    auth=TokenAuth(),
    url_name="training_certificate_revoke",
    summary="Révoquer un certificat délivré par son organisme, avec un motif",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": RevokeIn.model_json_schema()}},
        }
    },
)
def revoke(request: HttpRequest, uid: UUID) -> CertificateStatusOut:
    actor = request_actor(request)
    certificate = Certificate.objects.select_related("provider").filter(uid=uid).first()
    if certificate is None or not perms_certificates.can_manage_certificate(actor, certificate):
        # Another provider's certificate and a missing one answer alike.
        raise HttpError(404, _("Certificat introuvable."))
    body = read_body(request, REVOKE_IN)
    try:
        certificate = certificate_revoke(actor=actor, certificate=certificate, reason=body.reason)
    except TrainingError as error:
        raise HttpError(409, error.message) from error
    return _status(certificate)
