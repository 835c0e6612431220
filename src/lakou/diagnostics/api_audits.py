"""API of audits, aggregated needs (public, with statistical secrecy) and indicators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from lakou.accounts.models import Organisation
from lakou.api.auth import TokenAuth, request_actor
from lakou.core.actor import Actor
from lakou.core.indicators import IndicatorInputError, compute
from lakou.core.period import parse_period, parse_territory
from lakou.diagnostics.audits import NeedInput, audit_create, audits_visible_to
from lakou.diagnostics.indicators import COMPANIES_DIAGNOSED
from lakou.diagnostics.models import Audit
from lakou.diagnostics.needs import GROUPINGS, NeedsFilters, needs_table, with_secrecy
from lakou.skills.models import Competence, Occupation

router = Router(tags=["Diagnostic"])


class AuditorTokenAuth(TokenAuth):
    """A token acting for an auditor firm; others get 401 before their request body is read."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        actor = super().authenticate(request, token)
        return actor if actor is not None and actor.is_auditor else None


class StaffTokenAuth(TokenAuth):
    """A token acting for the federation or an EPCI."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        actor = super().authenticate(request, token)
        return actor if actor is not None and (actor.is_federation or actor.is_epci) else None


class NeedIn(Schema):
    competence: str | None = None  # "digcomp:2.1" (framework code, competence code)
    occupation: str | None = None  # ROME code, "M1805"
    level: str = ""
    headcount: int
    horizon: str
    mode: str


class NeedOut(Schema):
    competence: str | None
    occupation: str | None
    level: str
    headcount: int
    horizon: str
    mode: str


class AuditIn(Schema):
    company_siret: str
    audited_on: dt.date
    method: str
    scores: dict[str, int]
    needs: list[NeedIn] = []


class AuditOut(Schema):
    id: int
    auditor: str
    company: str
    company_siret: str
    audited_on: dt.date
    method: str
    scores: dict[str, Any]
    has_report: bool
    needs: list[NeedOut]


class NeedsRowOut(Schema):
    key: str
    label: str
    companies: int | None
    headcount: int | None
    needs: int | None
    secret: bool


class NeedsTableOut(Schema):
    grouping: str
    period: str
    territory: str
    rows: list[NeedsRowOut]
    total_companies: int | None
    total_headcount: int | None
    total_needs: int | None


def _audit_out(audit: Audit) -> AuditOut:
    return AuditOut(
        id=audit.pk,
        auditor=audit.auditor.name,
        company=audit.company.name,
        company_siret=audit.company.siret,
        audited_on=audit.audited_on,
        method=audit.method,
        scores=audit.scores,
        has_report=bool(audit.report),
        needs=[
            NeedOut(
                competence=(
                    f"{need.competence.framework.code}:{need.competence.code}"
                    if need.competence
                    else None
                ),
                occupation=need.occupation.code_rome if need.occupation else None,
                level=need.level,
                headcount=need.headcount,
                horizon=need.horizon,
                mode=need.mode,
            )
            for need in audit.needs.all()
        ],
    )


def _need_input(need: NeedIn) -> NeedInput:
    competence = occupation = None
    if need.competence:
        framework, _sep, code = need.competence.partition(":")
        competence = (
            Competence.objects.with_framework().filter(framework__code=framework, code=code).first()
        )
        if competence is None:
            raise HttpError(400, _("Compétence inconnue : %(c)s.") % {"c": need.competence})
    if need.occupation:
        occupation = Occupation.objects.filter(code_rome=need.occupation).first()
        if occupation is None:
            raise HttpError(400, _("Métier ROME inconnu : %(c)s.") % {"c": need.occupation})
    return NeedInput(
        competence=competence,
        occupation=occupation,
        level=need.level,
        headcount=need.headcount,
        horizon=need.horizon,
        mode=need.mode,
    )


@router.get(
    "/audits", response=list[AuditOut], auth=TokenAuth(), summary="Audits de l'organisation"
)
def diagnostic_audit_list(request: HttpRequest) -> list[AuditOut]:
    """Un cabinet d'audit voit ses audits ; une entreprise, les audits qui la concernent."""
    actor = request_actor(request)
    if not (actor.is_auditor or actor.is_company):
        raise HttpError(403, _("Réservé aux cabinets d'audit et aux entreprises."))
    audits = audits_visible_to(actor).prefetch_related(
        "needs__competence__framework", "needs__occupation"
    )
    return [_audit_out(audit) for audit in audits[:500]]


@router.post(
    "/audits",
    response={201: AuditOut},
    auth=AuditorTokenAuth(),
    summary="Enregistrer un audit et ses besoins",
)
def diagnostic_audit_create(request: HttpRequest, payload: AuditIn) -> Status:
    """Le rapport PDF se joint depuis les pages de Lakou."""
    actor = request_actor(request)
    if not actor.is_auditor:
        raise HttpError(403, _("Seul un cabinet d'audit peut enregistrer un audit."))
    company = Organisation.objects.companies().filter(siret=payload.company_siret).first()
    if company is None:
        raise HttpError(
            400,
            _("Aucune entreprise du répertoire n'a le SIRET %(s)s.") % {"s": payload.company_siret},
        )
    needs = [_need_input(need) for need in payload.needs]
    try:
        audit = audit_create(
            actor=actor,
            company=company,
            audited_on=payload.audited_on,
            method=payload.method,
            scores=payload.scores,
            needs=needs,
        )
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from error
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    return Status(201, _audit_out(audit))


@router.get(
    "/besoins",
    response=NeedsTableOut,
    auth=None,
    summary="Besoins agrégés, avec le secret statistique",
)
def diagnostic_needs(
    request: HttpRequest,
    period: str,
    territory: str = "",
    grouping: str = "commune",
    horizon: str = "",
    mode: str = "",
) -> NeedsTableOut:
    """Regroupement : commune, epci, sector ou area. Moins de 5 entreprises : « secret »."""
    if grouping not in GROUPINGS:
        raise HttpError(400, _("Regroupement inconnu : %(g)s.") % {"g": grouping})
    try:
        filters = NeedsFilters(
            period=parse_period(period),
            territory=parse_territory(territory),
            horizon=horizon,
            mode=mode,
        )
    except IndicatorInputError as error:
        raise HttpError(400, str(error)) from error
    table = with_secrecy(needs_table(filters, grouping))
    return NeedsTableOut(
        grouping=grouping,
        period=filters.period.code,
        territory=filters.territory.code,
        rows=[
            NeedsRowOut(
                key=row.key,
                label=row.label,
                companies=row.companies,
                headcount=row.headcount,
                needs=row.needs,
                secret=row.is_secret,
            )
            for row in table.rows
        ],
        total_companies=table.total_companies,
        total_headcount=table.total_headcount,
        total_needs=table.total_needs,
    )


@router.get(
    "/indicateurs/{indicator_id}",
    response=dict[str, Any],
    auth=StaffTokenAuth(),
    summary="Un indicateur pour une période et un territoire",
)
def diagnostic_indicator(
    request: HttpRequest, indicator_id: str, period: str, territory: str = ""
) -> dict[str, Any]:
    """Réservé à la fédération et aux EPCI. Période : 2026 ou 2026-Q3."""
    actor = request_actor(request)
    if not (actor.is_federation or actor.is_epci):
        raise HttpError(403, _("Réservé à la fédération et aux EPCI."))
    if indicator_id != COMPANIES_DIAGNOSED:
        # Other solutions publish theirs under their own path, with their own access rules.
        raise HttpError(404, _("Indicateur inconnu ici : « %(id)s ».") % {"id": indicator_id})
    try:
        return compute(indicator_id, period, territory)
    except IndicatorInputError as error:
        raise HttpError(400, str(error)) from error
