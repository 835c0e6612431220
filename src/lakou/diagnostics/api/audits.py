"""API of audits, aggregated needs (public, with statistical secrecy) and indicators."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Query, Schema, Status
from ninja.errors import HttpError

from lakou.accounts.models import Organisation
from lakou.api.auth import TokenAuth, request_actor
from lakou.api.errors import errors
from lakou.api.pagination import Rows, paginated
from lakou.api.params import ROME_PATTERN, IsoDate, PeriodTerritory, resolve
from lakou.api.routers import Router
from lakou.core.indicators import IndicatorInputError, compute
from lakou.core.period import TerritoryError
from lakou.diagnostics.indicators import COMPANIES_DIAGNOSED
from lakou.diagnostics.models import Audit, Horizon, NeedMode
from lakou.diagnostics.models.dimensions import SCORE_MAX, SCORE_MIN, MaturityDimension
from lakou.diagnostics.services.audits import NeedInput, audit_create, audits_visible_to
from lakou.diagnostics.services.needs import NeedsFilters, needs_table, with_secrecy
from lakou.skills.models import Competence, Occupation

router = Router(tags=["Diagnostic"])

AUDITORS_AND_COMPANIES = TokenAuth(
    allowed=lambda actor: actor.is_auditor or actor.is_company,
    refusal=gettext_lazy("Réservé aux cabinets d'audit et aux entreprises."),
)
AUDITORS = TokenAuth(
    allowed=lambda actor: actor.is_auditor,
    refusal=gettext_lazy("Seul un cabinet d'audit peut enregistrer un audit."),
)
STAFF = TokenAuth(
    allowed=lambda actor: actor.is_federation or actor.is_epci,
    refusal=gettext_lazy("Réservé à la fédération et aux EPCI."),
)

# The keys of `needs.GROUPINGS`; a test checks that they agree.
Grouping = Literal["commune", "epci", "sector", "area"]


class NeedIn(Schema):
    competence: str | None = Field(
        None, max_length=60, description="référentiel:code, par exemple digcomp:2.1"
    )
    occupation: str | None = Field(None, pattern=ROME_PATTERN, description="Code ROME, M1805")
    level: str = Field("", max_length=10)
    headcount: int = Field(ge=1, le=100_000)
    horizon: Horizon
    mode: NeedMode


class NeedOut(Schema):
    competence: str | None
    occupation: str | None
    level: str
    headcount: int
    horizon: str
    mode: str


class AuditIn(Schema):
    company_siret: str = Field(pattern=r"^[0-9]{14}$")
    audited_on: IsoDate = Field(
        description="Ni dans le futur (jour de la Martinique) ni avant 2000, sinon 400"
    )
    method: Audit.Method
    scores: dict[MaturityDimension, Annotated[int, Field(ge=SCORE_MIN, le=SCORE_MAX)]] = Field(
        min_length=1, description="Au moins une dimension, chacune de 0 à 100"
    )
    needs: list[NeedIn] = Field([], max_length=200)


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


class DiagnosticIndicatorPath(Schema):
    # Listed, not enforced: another solution's indicator is a 404 here, not a 422.
    indicator_id: str = Field(json_schema_extra={"enum": [COMPANIES_DIAGNOSED]})


class NeedsQuery(PeriodTerritory):
    grouping: Grouping = Field("commune", description="commune, epci, sector (NAF) ou area")
    horizon: Horizon | None = Field(None, description="Échéance (sans : toutes)")
    mode: NeedMode | None = Field(None, description="Réponse envisagée (sans : toutes)")


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
    "/audits",
    response={200: list[AuditOut], **errors(403)},
    auth=AUDITORS_AND_COMPANIES,
    summary="Audits de l'organisation",
)
@paginated(page_size=50)
def diagnostic_audit_list(request: HttpRequest) -> Rows:
    """Un cabinet d'audit voit ses audits ; une entreprise, les audits qui la concernent."""
    audits = audits_visible_to(request_actor(request)).prefetch_related(
        "needs__competence__framework", "needs__occupation"
    )
    return Rows(audits, convert=_audit_out)


@router.post(
    "/audits",
    response={201: AuditOut, **errors(403)},
    auth=AUDITORS,
    summary="Enregistrer un audit et ses besoins",
)
def diagnostic_audit_create(request: HttpRequest, payload: AuditIn) -> Status:
    """Le rapport PDF se joint depuis les pages de Lakou. 400 : une règle que le schéma ne dit
    pas (SIRET absent du répertoire, compétence ou métier inconnu, besoin sans l'un ni l'autre)."""
    actor = request_actor(request)
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
            scores={dimension.value: score for dimension, score in payload.scores.items()},
            needs=needs,
        )
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from error
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    return Status(201, _audit_out(audit))


@router.get(
    "/besoins",
    response={200: NeedsTableOut, **errors(404)},
    auth=None,
    summary="Besoins agrégés, avec le secret statistique",
)
def diagnostic_needs(request: HttpRequest, query: Query[NeedsQuery]) -> NeedsTableOut:
    """Moins de 5 entreprises : « secret ». Un EPCI inconnu répond 404."""
    period, territory = resolve(query)
    filters = NeedsFilters(
        period=period,
        territory=territory,
        horizon=query.horizon or "",
        mode=query.mode or "",
    )
    table = with_secrecy(needs_table(filters, query.grouping))
    return NeedsTableOut(
        grouping=query.grouping,
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
    response={200: dict[str, Any], **errors(403, 404)},
    auth=STAFF,
    summary="Un indicateur pour une période et un territoire",
)
def diagnostic_indicator(
    request: HttpRequest,
    path: Path[DiagnosticIndicatorPath],
    query: Query[PeriodTerritory],
) -> dict[str, Any]:
    """Réservé à la fédération et aux EPCI. Les autres indicateurs sont publiés sous le chemin
    de leur solution (`/formations/indicateurs/…`) : ici, ils répondent 404."""
    indicator_id = path.indicator_id
    if indicator_id != COMPANIES_DIAGNOSED:
        raise HttpError(404, _("Indicateur inconnu ici : « %(id)s ».") % {"id": indicator_id})
    try:
        return compute(indicator_id, query.period, query.territory)
    except TerritoryError as error:
        raise HttpError(404, str(error)) from error
    except IndicatorInputError as error:
        raise HttpError(400, str(error)) from error
