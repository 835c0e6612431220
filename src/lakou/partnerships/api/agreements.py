"""API of the placement agreements: the reads of each role and the main writes (create from an
accepted application, send to the signatures, ask for a change, break off), the CERFA data."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Schema, Status

from lakou.api.auth import TokenAuth, request_actor
from lakou.api.errors import errors
from lakou.api.pagination import Rows, paginated
from lakou.api.routers import Router
from lakou.core.validators import SHORT_TEXT_MAX_LENGTH
from lakou.partnerships.models import Agreement, Application
from lakou.partnerships.services.agreements import (
    AgreementError,
    agreement_back_to_draft,
    agreement_break_off,
    agreement_create,
    agreement_hash,
    agreement_submit,
    agreements_for,
    cerfa_json,
    signature_is_valid,
)

router = Router(tags=["Partenariats"])

COMPANIES = TokenAuth(
    allowed=lambda actor: actor.is_company,
    refusal=gettext_lazy("Réservé aux entreprises d'accueil."),
)

PAGE_SIZE = 50
# Status names of `Agreement.Status`; a test checks that they agree.
STATUSES = "draft|ready_to_sign|partly_signed|signed|active|ended|broken_off"


class AgreementFilters(Schema):
    status: str | None = Field(None, pattern=f"^({STATUSES})$", description="Sans : toutes")


class SignatureOut(Schema):
    party: str
    signer_name: str
    signer_role: str
    signed_at: datetime
    voided: bool
    verified: bool = Field(description="Le texte signé est-il encore celui de la convention ?")


class AgreementOut(Schema):
    id: int
    application_id: int
    kind: str
    status: str
    status_label: str
    learner_name: str
    company: str
    school: str | None
    title: str
    starts_on: date
    ends_on: date
    weekly_hours: float | None
    total_hours: float | None
    tutor_name: str
    tutor_email: str
    teacher_name: str
    teacher_email: str
    stipend_monthly: float | None
    text_sha256: str = Field(description="Empreinte SHA-256 du texte actuel de la convention")
    signatures: list[SignatureOut]
    broken_off_on: date | None
    break_reason: str


class AgreementCreateIn(Schema):
    application_id: int = Field(ge=1, le=2**31 - 1, description="Candidature acceptée")


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=SHORT_TEXT_MAX_LENGTH)


class BreakOffIn(Schema):
    on: date
    reason: str = Field(min_length=1, max_length=SHORT_TEXT_MAX_LENGTH)


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def _out(agreement: Agreement) -> AgreementOut:
    current = agreement_hash(agreement)
    return AgreementOut(
        id=agreement.pk,
        application_id=agreement.application_id,
        kind=agreement.kind,
        status=agreement.status,
        status_label=str(agreement.get_status_display()),
        learner_name=agreement.learner_display_name,
        company=agreement.company.name,
        school=agreement.school.name if agreement.school else None,
        title=agreement.title,
        starts_on=agreement.starts_on,
        ends_on=agreement.ends_on,
        weekly_hours=_float(agreement.weekly_hours),
        total_hours=_float(agreement.total_hours),
        tutor_name=agreement.tutor_name,
        tutor_email=agreement.tutor_email,
        teacher_name=agreement.teacher_name,
        teacher_email=agreement.teacher_email,
        stipend_monthly=_float(agreement.stipend_monthly),
        text_sha256=current,
        signatures=[
            SignatureOut(
                party=s.party,
                signer_name=s.signer_name,
                signer_role=s.signer_role,
                signed_at=s.signed_at,
                voided=s.voided_at is not None,
                verified=signature_is_valid(s, current),
            )
            for s in agreement.signatures.all()
        ],
        broken_off_on=agreement.broken_off_on,
        break_reason=agreement.break_reason,
    )


def _visible(request: HttpRequest) -> Any:
    return agreements_for(request_actor(request)).prefetch_related("signatures")


def _get(request: HttpRequest, pk: int) -> Agreement:
    return get_object_or_404(_visible(request), pk=pk)


def _conflict(error: AgreementError) -> Status:
    return Status(409, {"detail": error.message})


@router.get(
    "/conventions",
    response={200: list[AgreementOut], **errors(403)},
    auth=TokenAuth(),
    url_name="partnerships_agreement_list",
    summary="Conventions visibles : celles de l'entreprise, de l'école, de l'apprenant",
)
@paginated(page_size=PAGE_SIZE)
def agreement_list(request: HttpRequest, filters: Query[AgreementFilters]) -> Rows:
    rows = _visible(request)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return Rows(rows, convert=_out)


@router.get(
    "/conventions/{pk}",
    response={200: AgreementOut},
    auth=TokenAuth(),
    url_name="partnerships_agreement_detail",
    summary="Une convention, ses signatures et leur vérification",
)
def agreement_detail(request: HttpRequest, pk: int) -> AgreementOut:
    return _out(_get(request, pk))


@router.get(
    "/conventions/{pk}/cerfa",
    response={200: dict[str, Any], **errors(409)},
    auth=TokenAuth(),
    url_name="partnerships_agreement_cerfa",
    summary="Données du contrat d'apprentissage, avec les rubriques du CERFA FA 13",
)
def agreement_cerfa(request: HttpRequest, pk: int) -> Any:
    agreement = _get(request, pk)
    if not agreement.is_contract:
        return Status(409, {"detail": "Cette convention est un stage, pas un contrat."})
    return cerfa_json(agreement)


@router.post(
    "/conventions",
    response={201: AgreementOut, **errors(403, 404, 409)},
    auth=COMPANIES,
    url_name="partnerships_agreement_create",
    summary="Établir la convention d'une candidature acceptée (entreprise)",
)
def agreement_create_api(request: HttpRequest, payload: AgreementCreateIn) -> Status:
    actor = request_actor(request)
    application = get_object_or_404(
        Application.objects.select_related("offer", "learner").filter(
            offer__company_id=actor.organisation_id
        ),
        pk=payload.application_id,
    )
    try:
        agreement = agreement_create(actor=actor, application=application)
    except AgreementError as error:
        return _conflict(error)
    return Status(201, _out(_get(request, agreement.pk)))


@router.post(
    "/conventions/{pk}/envoi",
    response={200: AgreementOut, **errors(409)},
    auth=TokenAuth(),
    url_name="partnerships_agreement_submit",
    summary="Envoyer la convention à la signature (entreprise)",
)
def agreement_submit_api(request: HttpRequest, pk: int) -> Any:
    agreement = _get(request, pk)
    try:
        agreement_submit(actor=request_actor(request), agreement=agreement)
    except AgreementError as error:
        return _conflict(error)
    return _out(_get(request, pk))


@router.post(
    "/conventions/{pk}/brouillon",
    response={200: AgreementOut, **errors(409)},
    auth=TokenAuth(),
    url_name="partnerships_agreement_back_to_draft",
    summary="Demander une modification : retour au brouillon, les signatures sont annulées",
)
def agreement_back_to_draft_api(request: HttpRequest, pk: int, payload: ReasonIn) -> Any:
    agreement = _get(request, pk)
    try:
        agreement_back_to_draft(
            actor=request_actor(request), agreement=agreement, reason=payload.reason
        )
    except AgreementError as error:
        return _conflict(error)
    return _out(_get(request, pk))


@router.post(
    "/conventions/{pk}/rupture",
    response={200: AgreementOut, **errors(409)},
    auth=TokenAuth(),
    url_name="partnerships_agreement_break_off",
    summary="Déclarer la rupture d'une convention signée ou en cours",
)
def agreement_break_off_api(request: HttpRequest, pk: int, payload: BreakOffIn) -> Any:
    agreement = _get(request, pk)
    try:
        agreement_break_off(
            actor=request_actor(request), agreement=agreement, on=payload.on, reason=payload.reason
        )
    except AgreementError as error:
        return _conflict(error)
    return _out(_get(request, pk))
