"""Audits of companies by auditor firms: every write, its rules and its audit entry."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.validators import validate_past_date
from lakou.diagnostics.models import Audience, Audit, Response, SkillNeed
from lakou.diagnostics.models.dimensions import (
    DIMENSION_CODES,
    MIN_COMPANIES_FOR_MEDIAN,
    SCORE_MAX,
    SCORE_MIN,
    MaturityDimension,
    dimension_scores,
)
from lakou.diagnostics.models.naf import in_section_q, section_label, section_of
from lakou.skills.models import Competence, Occupation

REPORT_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class NeedInput:
    """One skill need as typed by the auditor: a competence or an occupation, and how many people."""

    headcount: int
    horizon: str
    mode: str
    competence: Competence | None = None
    occupation: Occupation | None = None
    level: str = ""


# ---------------------------------------------------------------- reads and fetch helpers


def audits_visible_to(actor: Actor) -> QuerySet[Audit]:
    """An auditor sees the audits it made; a company the audits made of it; nobody else any."""
    audits = Audit.objects.select_related("auditor", "company", "company__commune")
    if actor.is_auditor:
        return audits.filter(auditor_id=actor.organisation_id)
    if actor.is_company:
        return audits.filter(company_id=actor.organisation_id)
    return audits.none()


def get_audit_for_actor(actor: Actor, pk: int, *, write: bool = False) -> Audit:
    """Fetch and authorise: another organisation's audit is a 404; only its auditor may write."""
    audits = audits_visible_to(actor)
    if write:
        audits = (
            audits.filter(auditor_id=actor.organisation_id) if actor.is_auditor else audits.none()
        )
    audit = audits.filter(pk=pk).first()
    if audit is None:
        raise Http404(_("Audit introuvable."))
    return audit


def registry_search(text: str, limit: int = 20) -> QuerySet[Organisation]:
    """Companies of the registry whose name contains `text`, or whose SIRET starts with it."""
    text = text.strip()
    companies = Organisation.objects.companies().select_related("commune")
    if not text:
        return companies.none()
    digits = text.replace(" ", "")
    if digits.isdigit():
        return companies.filter(siret__startswith=digits)[:limit]
    return companies.filter(name__icontains=text)[:limit]


# ---------------------------------------------------------------- validation


def clean_scores(scores: Mapping[str, Any]) -> dict[str, int]:
    """Keep the known dimensions, each a whole number from 0 to 100; a missing one is not assessed."""
    unknown = sorted(set(scores) - set(DIMENSION_CODES))
    if unknown:
        raise ValidationError(
            _("Dimension inconnue : %(codes)s.") % {"codes": ", ".join(unknown)}, code="dimension"
        )
    cleaned: dict[str, int] = {}
    for code in DIMENSION_CODES:
        value = scores.get(code)
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise ValidationError(
                _("Le score « %(label)s » doit être un nombre entier.")
                % {"label": MaturityDimension(code).label},
                code="score",
            )
        if not SCORE_MIN <= value <= SCORE_MAX:
            raise ValidationError(
                _("Le score « %(label)s » doit être compris entre 0 et 100.")
                % {"label": MaturityDimension(code).label},
                code="score",
            )
        cleaned[code] = int(value)
    if not cleaned:
        raise ValidationError(_("Donnez au moins un score."), code="no_score")
    return cleaned


def check_report(report: UploadedFile) -> None:
    """A PDF report: announced as PDF, starting like a PDF, and at most 10 Mo."""
    if report.size is not None and report.size > REPORT_MAX_BYTES:
        raise ValidationError(
            _("Le rapport dépasse 10 Mo ; envoyez une version plus légère."), code="report_size"
        )
    if report.content_type != "application/pdf":
        raise ValidationError(_("Le rapport doit être un fichier PDF."), code="report_type")
    report.seek(0)
    head = report.read(len(PDF_MAGIC))
    report.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(
            _("Ce fichier n'est pas un vrai PDF (son contenu ne commence pas comme un PDF)."),
            code="report_type",
        )


def _check_company(company: Organisation) -> None:
    if company.kind != Organisation.Kind.COMPANY:
        raise ValidationError(
            _("Seule une entreprise du répertoire peut être auditée."), code="company"
        )


def _check_needs(needs: Sequence[NeedInput]) -> None:
    for need in needs:
        if need.competence is None and need.occupation is None:
            raise ValidationError(
                _("Chaque besoin nomme une compétence ou un métier."), code="need_skill"
            )
        if need.headcount < 1:
            raise ValidationError(
                _("Le nombre de personnes d'un besoin est au moins 1."), code="need_headcount"
            )


def _check_auditor(actor: Actor) -> Organisation:
    if not actor.is_auditor or actor.organisation is None:
        raise PermissionDenied(_("Seul un cabinet d'audit peut enregistrer un audit."))
    return actor.organisation


def _write_needs(audit: Audit, needs: Iterable[NeedInput]) -> None:
    SkillNeed.objects.bulk_create(
        SkillNeed(
            company_id=audit.company_id,
            audit=audit,
            competence=need.competence,
            occupation=need.occupation,
            level=need.level,
            headcount=need.headcount,
            horizon=need.horizon,
            mode=need.mode,
            recorded_on=audit.audited_on,
        )
        for need in needs
    )


# ---------------------------------------------------------------- writes


def audit_create(
    *,
    actor: Actor,
    company: Organisation,
    audited_on: dt.date,
    method: str,
    scores: Mapping[str, Any],
    needs: Sequence[NeedInput],
    report: UploadedFile | None = None,
) -> Audit:
    auditor = _check_auditor(actor)
    _check_company(company)
    validate_past_date(audited_on)
    cleaned = clean_scores(scores)
    _check_needs(needs)
    if method not in Audit.Method.values:
        raise ValidationError(_("Méthode d'audit inconnue."), code="method")
    if report is not None:
        check_report(report)
    with transaction.atomic():
        audit = Audit(
            auditor=auditor,
            company=company,
            audited_on=audited_on,
            method=method,
            scores=cleaned,
            created_by=actor.user,
        )
        if report is not None:
            audit.report.save("rapport.pdf", report, save=False)
        audit.save()
        _write_needs(audit, needs)
        audit_record(
            actor=actor,
            action="diagnostics.audit_create",
            obj=audit,
            changes={"scores": cleaned, "needs": len(needs), "report": report is not None},
        )
    return audit


def audit_update(
    *,
    actor: Actor,
    audit: Audit,
    audited_on: dt.date,
    method: str,
    scores: Mapping[str, Any],
    needs: Sequence[NeedInput] | None = None,
    report: UploadedFile | None = None,
) -> Audit:
    """Change an audit; `needs`, when given, replace the audit's needs; a new report replaces the old."""
    _check_auditor(actor)
    if audit.auditor_id != actor.organisation_id:
        raise PermissionDenied(_("Seul le cabinet qui a fait l'audit peut le modifier."))
    validate_past_date(audited_on)
    cleaned = clean_scores(scores)
    if needs is not None:
        _check_needs(needs)
    if method not in Audit.Method.values:
        raise ValidationError(_("Méthode d'audit inconnue."), code="method")
    if report is not None:
        check_report(report)
    with transaction.atomic():
        before = {
            "audited_on": audit.audited_on.isoformat(),
            "method": audit.method,
            "scores": audit.scores,
        }
        audit.audited_on, audit.method, audit.scores = audited_on, method, cleaned
        if report is not None:
            audit.report.save("rapport.pdf", report, save=False)
        audit.save()
        if needs is not None:
            audit.needs.all().delete()
            _write_needs(audit, needs)
        else:
            audit.needs.update(recorded_on=audited_on)
        audit_record(
            actor=actor,
            action="diagnostics.audit_update",
            obj=audit,
            changes={"before": before, "scores": cleaned, "report": report is not None},
        )
    return audit


# ---------------------------------------------------------------- comparison with peers


@dataclass(frozen=True)
class Comparison:
    code: str
    label: str
    score: int | None
    sector_median: float | None
    sector_count: int
    epci_median: float | None
    epci_count: int


def _latest_scores(companies: QuerySet[Organisation]) -> list[dict[str, Any]]:
    """The latest scores of each company of `companies` (audit or submitted company questionnaire)."""
    audits = Audit.objects.filter(company__in=companies).values_list(
        "company_id", "audited_on", "scores"
    )
    responses = Response.objects.filter(
        company__in=companies,
        status=Response.Status.SUBMITTED,
        campaign__audience=Audience.COMPANIES,
    ).values_list("company_id", "submitted_at__date", "scores")
    latest: dict[int, tuple[dt.date, dict[str, Any]]] = {}
    for company_id, day, scores in [*audits, *responses]:
        if company_id not in latest or latest[company_id][0] < day:
            latest[company_id] = (day, dimension_scores(scores))
    return [scores for _day, scores in latest.values()]


def _median(rows: list[dict[str, Any]], code: str) -> tuple[float | None, int]:
    values = [row[code] for row in rows if isinstance(row.get(code), int | float)]
    if len(values) < MIN_COMPANIES_FOR_MEDIAN:
        return None, len(values)
    return float(statistics.median(values)), len(values)


def compare_with_peers(company: Organisation, scores: Mapping[str, Any]) -> list[Comparison]:
    """Scores next to the medians of the company's sector and EPCI (each from ≥ 5 companies)."""
    section = section_of(company.naf_code)
    sector_rows = (
        _latest_scores(Organisation.objects.companies().filter(in_section_q(section)))
        if section
        else []
    )
    epci_id = company.commune.epci_id if company.commune_id and company.commune else None
    epci_rows = (
        _latest_scores(Organisation.objects.companies().filter(Q(commune__epci_id=epci_id)))
        if epci_id
        else []
    )
    own = dimension_scores(scores)
    comparisons = []
    for code in DIMENSION_CODES:
        sector_median, sector_count = _median(sector_rows, code)
        epci_median, epci_count = _median(epci_rows, code)
        value = own.get(code)
        comparisons.append(
            Comparison(
                code=code,
                label=str(MaturityDimension(code).label),
                score=value,
                sector_median=sector_median,
                sector_count=sector_count,
                epci_median=epci_median,
                epci_count=epci_count,
            )
        )
    return comparisons


def sector_name(company: Organisation) -> str:
    return section_label(section_of(company.naf_code))
